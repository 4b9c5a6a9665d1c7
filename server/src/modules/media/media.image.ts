import { createHash } from 'crypto';
import sharp from 'sharp';
import { ErrorCode, MediaLimits, type ImageMime } from '@linli/shared';
import { AppError } from '../../common/errors/app.error';

/** One re-encoded image, ready to store. */
export interface EncodedImage {
  buffer: Buffer;
  mime: ImageMime;
  width: number;
  height: number;
}

export interface ProcessedImage {
  original: EncodedImage & { sha256: string };
  thumb: EncodedImage;
}

const EXT: Record<ImageMime, string> = { 'image/jpeg': 'jpg', 'image/png': 'png', 'image/webp': 'webp' };
export const extensionOf = (mime: ImageMime) => EXT[mime];

/**
 * Decodes an uploaded image (whose type was already recognised from its bytes) and re-encodes it:
 * turned upright per its EXIF orientation, shrunk to 2560 px (long side) when larger, ALL metadata dropped (EXIF
 * with GPS position, XMP, ICC, comments: sharp writes none unless asked), same format as uploaded; plus a
 * WebP thumbnail of 320 px long side. Both run in parallel on libvips' threads (the thumbnail decodes
 * a JPEG at reduced scale, so it costs little).
 * @throws AppError MEDIA_CORRUPT when the decoder fails (truncated or damaged file), PAYLOAD_TOO_LARGE
 *   beyond the pixel limit (decompression bombs).
 */
export async function processImage(input: Buffer, mime: ImageMime): Promise<ProcessedImage> {
  const open = () => sharp(input, { failOn: 'warning', limitInputPixels: MediaLimits.maxInputPixels }).autoOrient();
  const long = MediaLimits.originalLongSide;
  const original = open().resize({ width: long, height: long, fit: 'inside', withoutEnlargement: true });
  if (mime === 'image/jpeg') original.jpeg({ quality: 85 });
  else if (mime === 'image/png') original.png({ compressionLevel: 6 });
  else original.webp({ quality: 85 });
  const t = MediaLimits.thumbLongSide;
  const thumb = open().resize({ width: t, height: t, fit: 'inside', withoutEnlargement: true }).webp({ quality: 75 });
  try {
    const [o, th] = await Promise.all([original.toBuffer({ resolveWithObject: true }), thumb.toBuffer({ resolveWithObject: true })]);
    return {
      original: { buffer: o.data, mime, width: o.info.width, height: o.info.height, sha256: createHash('sha256').update(o.data).digest('hex') },
      thumb: { buffer: th.data, mime: 'image/webp', width: th.info.width, height: th.info.height },
    };
  } catch (e) {
    if (/pixel limit/i.test(String((e as Error).message))) {
      throw new AppError(ErrorCode.PayloadTooLarge, { message: '图片像素太多，请缩小后再上传' });
    }
    throw new AppError(ErrorCode.MediaCorrupt, { fields: { file: '图片已损坏或不完整，请重新选择' } });
  }
}
