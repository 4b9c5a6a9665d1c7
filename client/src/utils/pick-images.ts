import Taro from '@tarojs/taro';
import { IS_WEAPP } from '../constants/env';

/** A photo the user picked: a local path the upload can read, and its size when known. */
export interface PickedImage {
  path: string;
  size?: number;
}

/** Id of the browser's file input (H5), for tests driving the picker. */
export const H5_FILE_INPUT_ID = 'photo-uploader-file-input';

/**
 * Lets the user pick up to `count` photos: `Taro.chooseMedia` (album or camera) in the mini-program; in
 * the browser a plain file input (Taro's H5 chooseMedia drops files it cannot preview, so a wrong file
 * would vanish silently instead of being explained by the server). Cancelling gives [].
 */
export async function pickImages(count: number): Promise<PickedImage[]> {
  if (count < 1) return [];
  if (IS_WEAPP) {
    try {
      const res = await Taro.chooseMedia({ count, mediaType: ['image'], sizeType: ['original', 'compressed'], sourceType: ['album', 'camera'] });
      return res.tempFiles.map((f) => ({ path: f.tempFilePath, size: f.size }));
    } catch {
      return [];
    }
  }
  document.getElementById(H5_FILE_INPUT_ID)?.remove();
  const input = document.createElement('input');
  input.type = 'file';
  input.id = H5_FILE_INPUT_ID;
  input.accept = 'image/jpeg,image/png,image/webp,image/*';
  input.multiple = count > 1;
  input.setAttribute('style', 'position:fixed;left:-3000px;top:-3000px;opacity:0');
  document.body.appendChild(input);
  return new Promise<PickedImage[]>((resolve) => {
    const done = (files: PickedImage[]) => {
      input.remove();
      resolve(files);
    };
    input.addEventListener('change', () => {
      const files = Array.from(input.files ?? []).slice(0, count);
      done(files.map((f) => ({ path: URL.createObjectURL(f), size: f.size })));
    });
    input.addEventListener('cancel', () => done([]));
    input.click();
  });
}
