import { existsSync, mkdtempSync, readFileSync, rmSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { LocalDiskStorage } from '../../../src/modules/media/storage/local-disk.storage';
import { assertSafeKey, StorageNotFoundError } from '../../../src/modules/media/storage/media-storage';

const read = async (s: NodeJS.ReadableStream) => {
  const chunks: Buffer[] = [];
  for await (const c of s) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
};

describe(LocalDiskStorage.name, () => {
  let root: string;
  let sut: LocalDiskStorage;
  beforeAll(() => {
    root = mkdtempSync(join(tmpdir(), 'linli-local-storage-'));
    sut = new LocalDiskStorage(root, (ref, exp) => `/signed/${ref.mediaId}/${ref.variant}/${exp}`);
  });
  afterAll(() => rmSync(root, { recursive: true, force: true }));

  it('stores, reads back and deletes an object', async () => {
    await sut.put('202611/abc-def.jpg', Buffer.from('bytes'), 'image/jpeg');
    expect(readFileSync(join(root, '202611/abc-def.jpg'), 'utf8')).toBe('bytes');
    const got = await sut.get('202611/abc-def.jpg');
    expect(got.size).toBe(5);
    expect((await read(got.stream)).toString()).toBe('bytes');
    await sut.delete('202611/abc-def.jpg');
    expect(existsSync(join(root, '202611/abc-def.jpg'))).toBe(false);
    await expect(sut.delete('202611/abc-def.jpg')).resolves.toBeUndefined();
    await expect(sut.get('202611/abc-def.jpg')).rejects.toBeInstanceOf(StorageNotFoundError);
  });

  it('refuses keys that are not plain relative names', async () => {
    for (const key of ['../secrets.json', '/etc/passwd', 'a/../../b.jpg', 'A.JPG', 'a//b.jpg', 'a/b/', '', 'a\\b.jpg', 'a/.hidden', 'x'.repeat(201)]) {
      expect(() => assertSafeKey(key)).toThrow('unsafe storage key');
      await expect(sut.put(key, Buffer.from('x'), 'image/jpeg')).rejects.toThrow('unsafe storage key');
    }
    expect(() => assertSafeKey('202611/0b9c-4e1a.thumb.webp')).not.toThrow();
  });

  it('signs links through the app (HMAC link builder), with the expiry asked for', async () => {
    const url = await sut.signedUrl('202611/a.jpg', 600, { mediaId: 5, variant: 'thumb' });
    const exp = Number(url.split('/').pop());
    expect(url.startsWith('/signed/5/thumb/')).toBe(true);
    expect(exp - Math.floor(Date.now() / 1000)).toBeGreaterThanOrEqual(599);
  });
});
