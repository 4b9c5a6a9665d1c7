import sharp from 'sharp';
import { readFileSync } from 'fs';
import { join } from 'path';
import { ErrorMessageZh, MediaLimits } from '@linli/shared';
import { RateLimitService } from '../../../src/common/rate-limit/rate-limit.service';
import type { LinliConfig } from '../../../src/config/config.default';
import { MediaEntity } from '../../../src/modules/media/media.entity';
import { mediaEvents, MediaEventMap } from '../../../src/modules/media/media.events';
import { buildUser, countRows, loginAs } from '../../factories';
import { startTestApp, TestApp } from '../../helpers/app';
import { hasGpsIfd, jpegWithGps, listFiles, newClientKey, noisyJpeg, plainJpeg, upload, useTempMediaDir } from './media.test-helpers';

describe('POST /api/media', () => {
  let t: TestApp;
  let media: ReturnType<typeof useTempMediaDir>;
  let token: string;
  let userId: number;
  const uploaded: Array<MediaEventMap['uploaded']> = [];
  let unsubscribe: () => void;

  beforeAll(async () => {
    media = useTempMediaDir();
    t = await startTestApp();
    const user = await buildUser(t);
    userId = user.id;
    token = await loginAs(t, user);
    unsubscribe = mediaEvents.on('uploaded', (e) => {
      uploaded.push(e);
    });
  });
  afterAll(async () => {
    unsubscribe();
    await t.close();
    media.cleanup();
  });

  const nothingStored = async () => {
    expect(listFiles(media.dir)).toEqual([]);
    expect(await countRows(t, 'media')).toBe(0);
  };

  it('401 without a session, before reading the upload', async () => {
    const res = await upload(t, null, await plainJpeg());
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ ok: false, error: 'UNAUTHENTICATED' });
    await nothingStored();
  });

  it('422 when no file is sent', async () => {
    const res = await upload(t, token, null);
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: 'VALIDATION_FAILED', fields: { file: '请选择要上传的图片' } });
    const json = await t.http().post('/api/media').set('Authorization', `Bearer ${token}`).send({ purpose: 'avatar' });
    expect(json.status).toBe(422);
    expect(json.body.fields).toEqual({ file: '请选择要上传的图片' });
    await nothingStored();
  });

  it('422 on a bad purpose or a missing client key, naming the field', async () => {
    const bad = await upload(t, token, await plainJpeg(), { purpose: 'selfie', clientKey: newClientKey() });
    expect(bad.status).toBe(422);
    expect(bad.body).toMatchObject({ error: 'VALIDATION_FAILED', message: 'purpose: 图片用途不正确', fields: { purpose: '图片用途不正确' } });
    const noKey = await upload(t, token, await plainJpeg(), { purpose: 'report' });
    expect(noKey.status).toBe(422);
    expect(noKey.body.fields).toEqual({ clientKey: '缺少上传标识' });
    await nothingStored();
  });

  it('422 with a Chinese message for a text file renamed .jpg (judged by content, not name or MIME)', async () => {
    const res = await upload(t, token, Buffer.from('这不是图片 just some text pretending to be a photo\n'.repeat(20)), undefined, 'photo.jpg', 'image/jpeg');
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: 'MEDIA_TYPE_UNSUPPORTED', message: ErrorMessageZh.MEDIA_TYPE_UNSUPPORTED, fields: { file: '只能上传 JPG、PNG 或 WebP 格式的图片' } });
    const gif = await upload(t, token, Buffer.from('GIF89a\x01\x00\x01\x00\x80\x00\x00', 'latin1'), undefined, 'a.png', 'image/png');
    expect(gif.status).toBe(422);
    expect(gif.body.error).toBe('MEDIA_TYPE_UNSUPPORTED');
    await nothingStored();
  });

  it('422 for a truncated JPEG (the decoder fails)', async () => {
    const whole = await noisyJpeg(800, 600);
    const res = await upload(t, token, whole.subarray(0, Math.floor(whole.length * 0.6)));
    expect(res.status).toBe(422);
    expect(res.body).toMatchObject({ error: 'MEDIA_CORRUPT', message: ErrorMessageZh.MEDIA_CORRUPT });
    const header = await upload(t, token, Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 0x10, 0x4a, 0x46, 0x49, 0x46, 0]));
    expect(header.status).toBe(422);
    expect(header.body.error).toBe('MEDIA_CORRUPT');
    await nothingStored();
  });

  it('413 for an 11 MB file, with nothing stored', async () => {
    const big = Buffer.concat([await plainJpeg(), Buffer.alloc(11 * 1024 * 1024, 7)]);
    const res = await upload(t, token, big);
    expect(res.status).toBe(413);
    expect(res.body).toMatchObject({ ok: false, error: 'PAYLOAD_TOO_LARGE', message: '图片不能超过 10 MB' });
    await nothingStored();
  });

  it('422 when two files are sent in one call', async () => {
    const img = await plainJpeg();
    const res = await t
      .http()
      .post('/api/media')
      .set('Authorization', `Bearer ${token}`)
      .field('purpose', 'report')
      .field('clientKey', newClientKey())
      .attach('file', img, 'a.jpg')
      .attach('file', img, 'b.jpg');
    expect(res.status).toBe(422);
    expect(res.body.fields).toEqual({ file: '一次只能上传一张图片（字段名为 file）' });
    await nothingStored();
  });

  it('stores a JPEG re-encoded, with its thumbnail, measurements and sha256; emits `uploaded` after commit', async () => {
    const img = await noisyJpeg(1200, 900);
    const clientKey = newClientKey();
    const res = await upload(t, token, img, { purpose: 'report', clientKey }, 'IMG_0001.JPG', 'application/octet-stream');
    expect(res.status).toBe(201);
    const data = res.body.data;
    expect(data).toMatchObject({ purpose: 'report', mime: 'image/jpeg', width: 1200, height: 900, checkStatus: 'pending', avatarPath: null });
    expect(data.url).toMatch(new RegExp(`^/api/media/${data.id}/file\\?variant=original&exp=\\d+&sig=[A-Za-z0-9_-]{43}$`));
    expect(data.thumbUrl).toContain('variant=thumb');
    const row = await t.dataSource.getRepository(MediaEntity).findOneByOrFail({ id: data.id });
    // (checkStatus is the content check's business from here on: it may already have answered)
    expect(row).toMatchObject({ ownerId: userId, clientKey, mime: 'image/jpeg' });
    const original = readFileSync(join(media.dir, row.storageKey));
    expect(row.bytes).toBe(original.length);
    expect(data.bytes).toBe(original.length);
    expect(row.sha256).toBe(require('crypto').createHash('sha256').update(original).digest('hex'));
    const thumb = await sharp(readFileSync(join(media.dir, row.thumbKey))).metadata();
    expect(thumb).toMatchObject({ format: 'webp', width: MediaLimits.thumbLongSide, height: 240 });
    expect(listFiles(media.dir)).toEqual([row.storageKey, row.thumbKey].sort());

    await mediaEvents.idle();
    const event = uploaded.find((e) => e.mediaId === data.id)!;
    expect(event).toMatchObject({ mediaId: data.id, ownerId: userId, purpose: 'report' });
    expect(event.signedUrl).toMatch(new RegExp(`^http://localhost:7001/api/media/${data.id}/file\\?variant=original&exp=\\d+&sig=`));
    // the link given to the content check really serves the stored original
    const fetched = await t.http().get(event.signedUrl.replace('http://localhost:7001', ''));
    expect(fetched.status).toBe(200);
    expect(Buffer.compare(fetched.body, original)).toBe(0);
  });

  it('removes EXIF (GPS above all) and applies the orientation before dropping it', async () => {
    const input = await jpegWithGps();
    const before = await sharp(input).metadata();
    expect(hasGpsIfd(before.exif)).toBe(true);
    expect(before).toMatchObject({ width: 400, height: 200, orientation: 6 });

    const res = await upload(t, token, input, { purpose: 'avatar', clientKey: newClientKey() });
    expect(res.status).toBe(201);
    const row = await t.dataSource.getRepository(MediaEntity).findOneByOrFail({ id: res.body.data.id });
    const stored = readFileSync(join(media.dir, row.storageKey));
    const after = await sharp(stored).metadata();
    expect(after.exif).toBeUndefined();
    expect(after.xmp).toBeUndefined();
    expect(after.orientation).toBeUndefined();
    expect(stored.includes(Buffer.from('LinliPhone'))).toBe(false);
    expect(hasGpsIfd(stored)).toBe(false);
    // turned upright: 400x200 with "rotate 90°" is a 200x400 portrait
    expect([after.width, after.height]).toEqual([200, 400]);
    expect(res.body.data).toMatchObject({ width: 200, height: 400, avatarPath: `/api/media/${row.id}/avatar` });
    const thumb = await sharp(readFileSync(join(media.dir, row.thumbKey))).metadata();
    expect([thumb.width, thumb.height, thumb.exif]).toEqual([160, 320, undefined]);
  });

  it('accepts PNG and WebP by content, keeping their format', async () => {
    const png = await sharp({ create: { width: 64, height: 48, channels: 4, background: { r: 0, g: 128, b: 0, alpha: 0.5 } } }).png().toBuffer();
    const webp = await sharp({ create: { width: 50, height: 30, channels: 3, background: '#123456' } }).webp().toBuffer();
    const a = await upload(t, token, png, { purpose: 'tip', clientKey: newClientKey() }, 'x.jpg', 'image/jpeg');
    const b = await upload(t, token, webp, { purpose: 'alert', clientKey: newClientKey() }, 'x', 'text/plain');
    expect(a.status).toBe(201);
    expect(a.body.data).toMatchObject({ mime: 'image/png', width: 64, height: 48 });
    expect(b.status).toBe(201);
    expect(b.body.data).toMatchObject({ mime: 'image/webp', width: 50, height: 30 });
  });

  it('a retry with the same clientKey returns the same row and stores nothing more', async () => {
    const img = await noisyJpeg(300, 200);
    const clientKey = newClientKey();
    const filesBefore = listFiles(media.dir).length;
    const rowsBefore = await countRows(t, 'media');
    const eventsBefore = uploaded.length;
    const first = await upload(t, token, img, { purpose: 'report', clientKey });
    const second = await upload(t, token, img, { purpose: 'report', clientKey });
    expect(first.status).toBe(201);
    expect(second.status).toBe(200);
    expect(second.body.data.id).toBe(first.body.data.id);
    expect(await countRows(t, 'media')).toBe(rowsBefore + 1);
    expect(listFiles(media.dir).length).toBe(filesBefore + 2);
    await mediaEvents.idle();
    expect(uploaded.length).toBe(eventsBefore + 1);

    // concurrent retries (the first try's answer was lost while a second one was already on its way)
    const racingKey = newClientKey();
    const answers = await Promise.all([1, 2, 3].map(() => upload(t, token, img, { purpose: 'report', clientKey: racingKey })));
    expect(answers.map((r) => r.status).sort()).toEqual(expect.arrayContaining([201]));
    expect(new Set(answers.map((r) => r.body.data.id)).size).toBe(1);
    expect(await countRows(t, 'media', 'client_key = ?', [racingKey])).toBe(1);
    expect(listFiles(media.dir).length).toBe(filesBefore + 4);
  });

  it('the same clientKey from another user is another upload', async () => {
    const other = await buildUser(t);
    const otherToken = await loginAs(t, other);
    const clientKey = newClientKey();
    const img = await plainJpeg(100, 100);
    const a = await upload(t, token, img, { purpose: 'report', clientKey });
    const b = await upload(t, otherToken, img, { purpose: 'report', clientKey });
    expect(a.status).toBe(201);
    expect(b.status).toBe(201);
    expect(b.body.data.id).not.toBe(a.body.data.id);
  });

  it('429 once the per-user upload limit is spent, with nothing stored', async () => {
    const user = await buildUser(t);
    const userToken = await loginAs(t, user);
    const { points, durationSeconds } = ((await t.app.getConfig('linli')) as LinliConfig).media.uploadRateLimit;
    const limiter = await t.get(RateLimitService);
    for (let i = 0; i < points; i++) await limiter.consume('upload', String(user.id), points, durationSeconds);
    const files = listFiles(media.dir).length;
    const res = await upload(t, userToken, await plainJpeg());
    expect(res.status).toBe(429);
    expect(res.body.error).toBe('RATE_LIMITED');
    expect(Number(res.headers['retry-after'])).toBeGreaterThan(0);
    expect(await countRows(t, 'media', 'owner_id = ?', [user.id])).toBe(0);
    expect(listFiles(media.dir).length).toBe(files);
  });
});
