import { mkdtempSync, readdirSync, rmSync, statSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import sharp from 'sharp';
import type { TestApp } from '../../helpers/app';

/** A fresh MEDIA_DIR for one test file (read by config.unittest.ts when the app starts). */
export function useTempMediaDir(): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), 'linli-media-test-'));
  process.env.MEDIA_DIR = dir;
  return {
    dir,
    cleanup: () => {
      delete process.env.MEDIA_DIR;
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Every file under `dir` (recursively), as paths relative to it. */
export function listFiles(dir: string): string[] {
  const out: string[] = [];
  const walk = (d: string, prefix: string) => {
    let names: string[];
    try {
      names = readdirSync(d);
    } catch {
      return;
    }
    for (const n of names) {
      const p = join(d, n);
      if (statSync(p).isDirectory()) walk(p, `${prefix}${n}/`);
      else out.push(`${prefix}${n}`);
    }
  };
  walk(dir, '');
  return out.sort();
}

/** Random RGB pixels: noise compresses badly, like a real photo. */
export function noise(width: number, height: number): Buffer {
  const buf = Buffer.alloc(width * height * 3);
  let x = 0x2545f491;
  for (let i = 0; i < buf.length; i++) {
    x ^= x << 13;
    x ^= x >>> 17;
    x ^= x << 5;
    buf[i] = x & 0xff;
  }
  return buf;
}

/** A JPEG photo of `width` x `height` noisy pixels. */
export function noisyJpeg(width = 640, height = 480, quality = 90): Promise<Buffer> {
  return sharp(noise(width, height), { raw: { width, height, channels: 3 } }).jpeg({ quality }).toBuffer();
}

/** A plain JPEG of one colour. */
export function plainJpeg(width = 400, height = 300): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 3, background: '#3a7bd5' } }).jpeg().toBuffer();
}

/**
 * A 400x200 JPEG carrying EXIF with a GPS position (Nanjing Pukou), a camera make and orientation 6
 * ("rotate 90° clockwise to display"), as phones write them.
 */
export function jpegWithGps(): Promise<Buffer> {
  return sharp({ create: { width: 400, height: 200, channels: 3, background: '#c0392b' } })
    .withExif({
      IFD0: { Make: 'LinliPhone', Model: 'Test 1' },
      IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '32/1 5/1 2400/100', GPSLongitudeRef: 'E', GPSLongitude: '118/1 37/1 1200/100' },
    })
    .withMetadata({ orientation: 6 })
    .jpeg()
    .toBuffer();
}

/** Does this EXIF block hold a GPS IFD pointer (tag 0x8825, either byte order)? */
export function hasGpsIfd(exif: Buffer | undefined): boolean {
  if (!exif) return false;
  return exif.includes(Buffer.from([0x88, 0x25])) || exif.includes(Buffer.from([0x25, 0x88]));
}

let keySeq = 0;
/** A fresh idempotency key, as the client makes them. */
export const newClientKey = () => `test-key-${Date.now().toString(36)}-${++keySeq}`;

/** POST /api/media the way Taro.uploadFile sends it. */
export function upload(
  t: TestApp,
  token: string | null,
  file: Buffer | null,
  fields: Record<string, string> = { purpose: 'avatar', clientKey: newClientKey() },
  filename = 'photo.jpg',
  contentType = 'image/jpeg',
) {
  let req = t.http().post('/api/media');
  if (token) req = req.set('Authorization', `Bearer ${token}`);
  for (const [k, v] of Object.entries(fields)) req = req.field(k, v);
  if (file) req = req.attach('file', file, { filename, contentType });
  return req;
}
