import Taro from '@tarojs/taro';
import { IS_H5 } from '../../constants/env';

/** A desktop browser (the command centre's H5): wide, two-column layouts. Phones stay single-column. */
export function isWideScreen(): boolean {
  if (!IS_H5) return false;
  try {
    return Taro.getSystemInfoSync().windowWidth >= 960;
  } catch {
    return false;
  }
}
