import Taro from '@tarojs/taro';
import { errorMessage } from '../api/request';

/** Shows an error as a toast (long messages need the 'none' icon to show more than 7 characters). */
export function toastError(err: unknown): void {
  void Taro.showToast({ title: errorMessage(err), icon: 'none', duration: 3000 });
}

export function toastOk(title: string): void {
  void Taro.showToast({ title, icon: title.length > 7 ? 'none' : 'success', duration: 2000 });
}

/** A confirm dialog that resolves to true when the user confirms. */
export async function confirm(title: string, content: string, confirmText = '确定'): Promise<boolean> {
  try {
    const res = await Taro.showModal({ title, content, confirmText, cancelText: '取消' });
    return res.confirm;
  } catch {
    return false;
  }
}
