import { Image, View } from '@tarojs/components';
import { useEffect, useState } from 'react';
import { absoluteMediaUrl, resolveMediaSrc } from '../../api/media';

interface Props {
  /** A stored URL: the stable avatar URL `/api/media/<id>/avatar`, or any http(s) URL. */
  src: string;
  className?: string;
  id?: string;
  mode?: 'aspectFill' | 'aspectFit' | 'widthFix';
}

/** An <Image> for photos stored by Linli: resolves the signed URL (see resolveMediaSrc) before loading. */
export default function MediaImage({ src, className, id, mode = 'aspectFill' }: Props) {
  const [url, setUrl] = useState<string | null>(null);
  useEffect(() => {
    let alive = true;
    setUrl(null);
    void resolveMediaSrc(src).then((u) => alive && setUrl(u ?? absoluteMediaUrl(src)));
    return () => {
      alive = false;
    };
  }, [src]);
  // Until the URL is known, an empty box of the same size (an <Image> without src shows a broken icon).
  return url ? <Image id={id} className={className} src={url} mode={mode} /> : <View id={id} className={className} />;
}
