import { Image, Text, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { AlertPhotoResponse } from '@linli/shared';
import { absoluteMediaUrl } from '../../../../api/media';

/**
 * The photos of an alert or tip (signed URLs from the API). A photo without a URL is still being
 * checked, or hidden (a suspect photo after expiry): its tile says so instead of showing a broken image.
 */
export default function AlertPhotos({ photos, showSuspect = true }: { photos: AlertPhotoResponse[]; showSuspect?: boolean }) {
  if (!photos.length) return null;
  const urls = photos.filter((p) => p.url).map((p) => absoluteMediaUrl(p.url!));
  const preview = (url: string) => void Taro.previewImage({ current: url, urls });
  return (
    <View className='alert-photos'>
      {photos.map((p) => (
        <View key={p.mediaId} className='alert-photo' id={`alert-photo-${p.mediaId}`}>
          {p.thumbUrl && p.url ? (
            <Image className='alert-photo__img' src={absoluteMediaUrl(p.thumbUrl)} mode='aspectFill' onClick={() => preview(absoluteMediaUrl(p.url!))} />
          ) : (
            <Text className='alert-photo__placeholder'>{p.checkStatus === 'pending' ? '照片审核中' : '照片不可见'}</Text>
          )}
          {showSuspect && p.suspect && <Text className='alert-photo__label'>嫌疑人照片</Text>}
        </View>
      ))}
    </View>
  );
}
