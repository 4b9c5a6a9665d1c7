import { Image, View } from '@tarojs/components';
import Taro from '@tarojs/taro';
import type { TicketPhoto } from '@linli/shared';
import { absoluteMediaUrl } from '../../api/media';
import './index.scss';

interface Props {
  photos: TicketPhoto[];
  id?: string;
  /** Smaller thumbnails (timeline entries). */
  small?: boolean;
}

/** A ticket's photos as thumbnails; a tap opens the full-size pictures (previewImage). */
export default function TicketPhotos({ photos, id, small }: Props) {
  if (!photos.length) return null;
  const urls = photos.map((p) => absoluteMediaUrl(p.url));
  return (
    <View id={id} className={`ticket-photos${small ? ' ticket-photos--small' : ''}`}>
      {photos.map((p, i) => (
        <Image
          key={p.id}
          className='ticket-photos__img'
          src={absoluteMediaUrl(p.thumbUrl)}
          mode='aspectFill'
          onClick={() => void Taro.previewImage({ urls, current: urls[i] }).catch(() => undefined)}
        />
      ))}
    </View>
  );
}
