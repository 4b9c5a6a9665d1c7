import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { mkdtempSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { AddressInfo } from 'net';
import { createServer, request as httpRequest } from 'http';
import { RecordedRequest, verifySigV4 } from './sigv4.verifier';
// s3rver: an S3-protocol server for tests (checks SigV4 signatures, presigned URLs included).
// eslint-disable-next-line @typescript-eslint/no-var-requires
const S3rver = require('s3rver');
import { mediaEvents, MediaEventMap } from '../../../src/modules/media/media.events';
import { StorageNotFoundError } from '../../../src/modules/media/storage/media-storage';
import { S3Storage } from '../../../src/modules/media/storage/s3.storage';
import { buildUser, loginAs } from '../../factories';
import { startTestApp, TestApp } from '../../helpers/app';
import { newClientKey, noisyJpeg, upload } from './media.test-helpers';

const BUCKET = 'linli-media-test';
const CREDS = { accessKeyId: 'S3RVER', secretAccessKey: 'S3RVER' };

describe('S3 storage against a local S3-protocol server (s3rver)', () => {
  let server: { run(): Promise<AddressInfo>; close(): Promise<void> };
  let dir: string;
  let endpoint: string;

  beforeAll(async () => {
    dir = mkdtempSync(join(tmpdir(), 'linli-s3rver-'));
    server = new S3rver({ port: 0, address: '127.0.0.1', silent: true, directory: dir, configureBuckets: [{ name: BUCKET }] });
    const addr = await server.run();
    endpoint = `http://127.0.0.1:${addr.port}`;
  });
  afterAll(async () => {
    await server.close();
    rmSync(dir, { recursive: true, force: true });
  });

  describe(S3Storage.name, () => {
    let sut: S3Storage;
    beforeAll(() => {
      sut = new S3Storage({ endpoint, region: 'us-east-1', bucket: BUCKET, forcePathStyle: true, ...CREDS });
    });
    afterAll(() => sut.destroy());

    it('puts, gets, presigns and deletes an object (SigV4-signed requests)', async () => {
      const body = Buffer.from('photo bytes \u00ff');
      await sut.put('202611/s3-test.jpg', body, 'image/jpeg');
      const got = await sut.get('202611/s3-test.jpg');
      expect(got.size).toBe(body.length);
      const chunks: Buffer[] = [];
      for await (const c of got.stream) chunks.push(c as Buffer);
      expect(Buffer.concat(chunks).equals(body)).toBe(true);

      const url = await sut.signedUrl('202611/s3-test.jpg', 600);
      expect(url).toMatch(new RegExp(`^${endpoint}/${BUCKET}/202611/s3-test\\.jpg\\?`));
      expect(url).toContain('X-Amz-Algorithm=AWS4-HMAC-SHA256');
      expect(url).toContain('X-Amz-Expires=600');
      const res = await fetch(url);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('image/jpeg');
      expect(Buffer.from(await res.arrayBuffer()).equals(body)).toBe(true);

      await sut.delete('202611/s3-test.jpg');
      await expect(sut.get('202611/s3-test.jpg')).rejects.toBeInstanceOf(StorageNotFoundError);
    });

    it('is refused with an access key the server does not know', async () => {
      const wrong = new S3Storage({ endpoint, region: 'us-east-1', bucket: BUCKET, forcePathStyle: true, accessKeyId: 'NOBODY', secretAccessKey: 'x' });
      await expect(wrong.put('202611/nope.jpg', Buffer.from('x'), 'image/jpeg')).rejects.toMatchObject({ name: 'InvalidAccessKeyId' });
      wrong.destroy();
    });

    it('signs every request with SigV4, verified independently of the SDK (s3rver does not check V4 signatures)', async () => {
      const recorded: RecordedRequest[] = [];
      const proxy = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const [path, rawQuery = ''] = (req.url ?? '/').split('?');
          const body = Buffer.concat(chunks);
          recorded.push({ method: req.method!, path, rawQuery, headers: req.headers as Record<string, string>, body });
          const upstream = httpRequest(`${endpoint}${req.url}`, { method: req.method, headers: req.headers }, (up) => {
            res.writeHead(up.statusCode!, up.headers);
            up.pipe(res);
          });
          upstream.end(body);
        });
      });
      await new Promise<void>((r) => proxy.listen(0, '127.0.0.1', r));
      const proxied = `http://127.0.0.1:${(proxy.address() as AddressInfo).port}`;
      const viaProxy = new S3Storage({ endpoint: proxied, region: 'us-east-1', bucket: BUCKET, forcePathStyle: true, ...CREDS });
      try {
        const body = Buffer.from('signed photo');
        await viaProxy.put('202611/signed.jpg', body, 'image/jpeg');
        const got = await viaProxy.get('202611/signed.jpg');
        got.stream.resume();
        await viaProxy.delete('202611/signed.jpg');
        expect(recorded.map((r) => `${r.method} ${r.path}`)).toEqual([
          `PUT /${BUCKET}/202611/signed.jpg`,
          `GET /${BUCKET}/202611/signed.jpg`,
          `DELETE /${BUCKET}/202611/signed.jpg`,
        ]);
        for (const r of recorded) {
          expect(r.headers.authorization).toMatch(/^AWS4-HMAC-SHA256 Credential=S3RVER\/\d{8}\/us-east-1\/s3\/aws4_request, SignedHeaders=[a-z0-9;-]*host[a-z0-9;-]*, Signature=[0-9a-f]{64}$/);
          expect(verifySigV4(r, CREDS.secretAccessKey)).toEqual({ signed: true, valid: true, payloadHashOk: true });
          expect(verifySigV4(r, 'another-secret').valid).toBe(false);
        }
        expect(recorded[0].headers['content-type']).toBe('image/jpeg');
        expect(verifySigV4({ ...recorded[0], body: Buffer.from('tampered') }, CREDS.secretAccessKey).payloadHashOk).toBe(false);

        const url = new URL(await sut.signedUrl('202611/any.jpg', 600));
        const presigned = { method: 'GET', path: url.pathname, rawQuery: url.search.slice(1), headers: { host: url.host }, body: Buffer.alloc(0) };
        expect(verifySigV4(presigned, CREDS.secretAccessKey)).toEqual({ signed: true, valid: true, payloadHashOk: true });
        const longer = { ...presigned, rawQuery: presigned.rawQuery.replace('X-Amz-Expires=600', 'X-Amz-Expires=86400') };
        expect(verifySigV4(longer, CREDS.secretAccessKey).valid).toBe(false);
        expect(verifySigV4({ ...presigned, path: presigned.path.replace('any', 'other') }, CREDS.secretAccessKey).valid).toBe(false);
      } finally {
        viaProxy.destroy();
        await new Promise((r) => proxy.close(r));
      }
    });

    it('refuses unsafe keys before calling the service', async () => {
      await expect(sut.put('../escape.jpg', Buffer.from('x'), 'image/jpeg')).rejects.toThrow('unsafe storage key');
    });
  });

  describe('the app with MEDIA_STORAGE=s3', () => {
    let t: TestApp;
    const saved = { ...process.env };
    const events: Array<MediaEventMap['uploaded']> = [];
    let off: () => void;

    beforeAll(async () => {
      Object.assign(process.env, {
        MEDIA_STORAGE: 's3',
        S3_ENDPOINT: endpoint,
        S3_REGION: 'us-east-1',
        S3_BUCKET: BUCKET,
        S3_ACCESS_KEY_ID: CREDS.accessKeyId,
        S3_SECRET_ACCESS_KEY: CREDS.secretAccessKey,
        S3_FORCE_PATH_STYLE: '1',
      });
      t = await startTestApp();
      off = mediaEvents.on('uploaded', (e) => {
        events.push(e);
      });
    });
    afterAll(async () => {
      off();
      await t.close();
      process.env = saved;
    });

    it('stores uploads in the bucket and hands out presigned URLs', async () => {
      const user = await buildUser(t);
      const token = await loginAs(t, user);
      const res = await upload(t, token, await noisyJpeg(500, 400), { purpose: 'report', clientKey: newClientKey() });
      expect(res.status).toBe(201);
      const data = res.body.data;
      expect(data.url).toMatch(new RegExp(`^${endpoint}/${BUCKET}/\\d{6}/[0-9a-f-]{36}\\.jpg\\?.*X-Amz-Signature=`));
      expect(data.thumbUrl).toMatch(/\.thumb\.webp\?/);

      const client = new S3Storage({ endpoint, region: 'us-east-1', bucket: BUCKET, forcePathStyle: true, ...CREDS });
      const listed = await client.client.send(new ListObjectsV2Command({ Bucket: BUCKET }));
      const key = new URL(data.url).pathname.slice(`/${BUCKET}/`.length);
      const keys = (listed.Contents ?? []).map((o) => o.Key);
      expect(keys).toEqual(expect.arrayContaining([key, key.replace(/\.jpg$/, '.thumb.webp')]));
      client.destroy();

      const thumb = await fetch(data.thumbUrl);
      expect(thumb.status).toBe(200);
      expect(thumb.headers.get('content-type')).toBe('image/webp');
      const original = await fetch(data.url);
      expect(Number(original.headers.get('content-length'))).toBe(data.bytes);

      await mediaEvents.idle();
      expect(events.find((e) => e.mediaId === data.id)?.signedUrl).toMatch(new RegExp(`^${endpoint}/${BUCKET}/.*X-Amz-Expires=3600`));
      // the app's own file route is for local storage only
      const local = await t.http().get(`/api/media/${data.id}/file?variant=thumb&exp=${Math.floor(Date.now() / 1000) + 60}&sig=${'a'.repeat(43)}`);
      expect(local.status).toBe(403);
    });
  });
});
