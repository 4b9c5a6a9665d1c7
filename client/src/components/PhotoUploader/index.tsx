import { Image, Text, View } from '@tarojs/components';
import type { MediaPurpose, MediaResponse } from '@linli/shared';
import { useEffect, useRef, useState, type ReactNode } from 'react';
import { absoluteMediaUrl, rememberMedia } from '../../api/media';
import { errorMessage } from '../../api/request';
import { useElderMode } from '../../hooks/useElderMode';
import { pickImages, type PickedImage } from '../../utils/pick-images';
import { uploadImage, type UploadHandle } from '../../utils/upload';
import './index.scss';

type Status = 'uploading' | 'done' | 'failed';

interface Item {
  key: string;
  picked: PickedImage;
  clientKey?: string;
  status: Status;
  progress: number;
  error?: string;
  media?: MediaResponse;
}

export interface PhotoUploaderProps {
  purpose: MediaPurpose;
  /** Most photos (default 9, WeChat's chooseMedia limit on older base libraries). */
  max?: number;
  /** Prefix of element ids: `<id>` on the grid, `<id>-progress` on the progress bar (`-<n>` per photo when max > 1). */
  id?: string;
  /** Called with the uploaded photos whenever the list changes. */
  onChange?: (photos: MediaResponse[]) => void;
  /** Called once per photo when its upload succeeds. */
  onUploaded?: (photo: MediaResponse) => void;
  /** Drop a photo from the grid as soon as it is uploaded (the avatar: the page shows it instead). */
  clearOnDone?: boolean;
  /** Replaces the add tile; call `add` with picked files (e.g. the mini-program's chooseAvatar button). */
  renderAdd?: (add: (files: PickedImage[]) => void) => ReactNode;
  addLabel?: string;
}

let seq = 0;

/**
 * A grid of up to `max` photos: pick (chooseMedia / a file input in H5), each uploads at once with its
 * own progress bar and percentage, 取消 while uploading, 重试 after a failure (same idempotency key, so
 * nothing is stored twice), 删除. Larger tiles and text in elder mode.
 */
export default function PhotoUploader({ purpose, max = 9, id = 'photo-uploader', onChange, onUploaded, clearOnDone, renderAdd, addLabel = '添加照片' }: PhotoUploaderProps) {
  const [items, setItems] = useState<Item[]>([]);
  const [elder] = useElderMode();
  const handles = useRef(new Map<string, UploadHandle>());
  const callbacks = useRef({ onChange, onUploaded });
  callbacks.current = { onChange, onUploaded };

  useEffect(() => () => handles.current.forEach((h) => h.abort()), []);

  const patch = (key: string, p: Partial<Item>) => setItems((list) => list.map((it) => (it.key === key ? { ...it, ...p } : it)));

  const start = (item: Item) => {
    const handle = uploadImage({
      filePath: item.picked.path,
      size: item.picked.size,
      purpose,
      clientKey: item.clientKey,
      onProgress: (progress) => patch(item.key, { progress }),
    });
    handles.current.set(item.key, handle);
    patch(item.key, { status: 'uploading', progress: 0, error: undefined, clientKey: handle.clientKey });
    handle.promise.then(
      (media) => {
        handles.current.delete(item.key);
        rememberMedia(media);
        callbacks.current.onUploaded?.(media);
        setItems((list) =>
          clearOnDone ? list.filter((it) => it.key !== item.key) : list.map((it) => (it.key === item.key ? { ...it, status: 'done', progress: 100, media } : it)),
        );
      },
      (err) => {
        handles.current.delete(item.key);
        patch(item.key, { status: 'failed', error: errorMessage(err) });
      },
    );
  };

  const add = (files: PickedImage[]) => {
    const room = max - items.length;
    const fresh = files.slice(0, Math.max(0, room)).map((picked): Item => ({ key: `p${++seq}`, picked, status: 'uploading', progress: 0 }));
    if (!fresh.length) return;
    setItems((list) => [...list, ...fresh]);
    fresh.forEach(start);
  };

  const handleAdd = async () => add(await pickImages(max - items.length));
  const handleCancel = (key: string) => handles.current.get(key)?.abort();
  const handleRetry = (item: Item) => start(item);
  const handleRemove = (key: string) => {
    handles.current.get(key)?.abort();
    handles.current.delete(key);
    setItems((list) => list.filter((it) => it.key !== key));
  };

  const done = items.filter((it) => it.status === 'done').map((it) => it.media!);
  const doneIds = done.map((m) => m.id).join(',');
  useEffect(() => {
    callbacks.current.onChange?.(done);
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [doneIds]);

  const progressId = (i: number) => (max === 1 ? `${id}-progress` : `${id}-progress-${i}`);

  return (
    <View id={id} className={`photo-uploader${elder ? ' photo-uploader--elder' : ''}`}>
      {items.map((it, i) => (
        <View key={it.key} className={`photo-uploader__item photo-uploader__item--${it.status}`}>
          <Image className='photo-uploader__img' src={it.media ? absoluteMediaUrl(it.media.thumbUrl) : it.picked.path} mode='aspectFill' />
          {it.status === 'uploading' && (
            <View className='photo-uploader__overlay'>
              <View id={progressId(i)} className='photo-uploader__bar' role='progressbar' aria-label={`已上传 ${it.progress}%`}>
                <View className='photo-uploader__bar-fill' style={{ width: `${it.progress}%` }} />
              </View>
              <Text className='photo-uploader__pct'>{it.progress}%</Text>
              <View className='photo-uploader__btn' onClick={() => handleCancel(it.key)}>
                取消
              </View>
            </View>
          )}
          {it.status === 'failed' && (
            <View className='photo-uploader__overlay photo-uploader__overlay--failed'>
              <View className='photo-uploader__btn' onClick={() => handleRetry(it)}>
                重试
              </View>
            </View>
          )}
          {it.status !== 'uploading' && (
            <View className='photo-uploader__remove' aria-label='删除照片' onClick={() => handleRemove(it.key)}>
              ×
            </View>
          )}
          {it.status === 'failed' && <Text className='photo-uploader__error'>{it.error}</Text>}
        </View>
      ))}
      {items.length < max &&
        (renderAdd ? (
          renderAdd(add)
        ) : (
          <View id={`${id}-add`} className='photo-uploader__add' onClick={handleAdd}>
            <Text className='photo-uploader__plus'>＋</Text>
            <Text className='photo-uploader__add-label'>{addLabel}</Text>
          </View>
        ))}
    </View>
  );
}
