import { Image, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { absoluteMediaUrl, fetchMedia } from '../../../api/media';
import type { DraftPhoto } from './draft';

/**
 * Photos already uploaded for a restored draft. Their signed links live 10 minutes, so an expired one
 * is fetched again (GET /media/:id: the owner always may).
 */
export default function KeptPhotos({ photos, onRemove }: { photos: DraftPhoto[]; onRemove: (id: number) => void }) {
  return (
    <View className='photo-uploader report__kept' id='report-kept-photos'>
      {photos.map((p) => (
        <KeptPhoto key={p.id} photo={p} onRemove={() => onRemove(p.id)} />
      ))}
    </View>
  );
}

function KeptPhoto({ photo, onRemove }: { photo: DraftPhoto; onRemove: () => void }) {
  const fresh = Date.parse(photo.urlExpiresAt) - 60_000 > Date.now();
  const [src, setSrc] = useState<string | null>(fresh ? absoluteMediaUrl(photo.thumbUrl) : null);
  useEffect(() => {
    if (fresh) return;
    let alive = true;
    fetchMedia(photo.id).then(
      (m) => alive && setSrc(absoluteMediaUrl(m.thumbUrl)),
      () => alive && setSrc(null),
    );
    return () => {
      alive = false;
    };
  }, [photo.id, fresh]);
  return (
    <View className='photo-uploader__item photo-uploader__item--done report__kept-item'>
      {src ? <Image className='photo-uploader__img' src={src} mode='aspectFill' /> : <View className='photo-uploader__img' />}
      <View className='photo-uploader__remove' aria-label='删除照片' onClick={onRemove}>
        ×
      </View>
    </View>
  );
}
