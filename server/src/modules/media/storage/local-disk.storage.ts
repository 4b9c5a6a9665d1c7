import { createReadStream } from 'fs';
import { mkdir, rename, rm, stat, writeFile } from 'fs/promises';
import { dirname, join, resolve, sep } from 'path';
import { randomBytes } from 'crypto';
import { assertSafeKey, LinkRef, MediaStorage, StoredObject, StorageNotFoundError } from './media-storage';

/** Builds the app URL that serves a local object, signed until `exp` (unix seconds). */
export type LocalLinkBuilder = (ref: LinkRef, exp: number) => string;

/**
 * Photos as files under one folder (default DATA_DIR/media). Writes go to a temporary file first and
 * are renamed into place, so a reader never sees half a file. Links point at the app
 * (`/api/media/:id/file?...&sig=`), which checks the HMAC and streams the file.
 */
export class LocalDiskStorage implements MediaStorage {
  readonly kind = 'local' as const;
  readonly root: string;

  constructor(root: string, private readonly link: LocalLinkBuilder) {
    this.root = resolve(root);
  }

  /** The absolute path of `key`, guaranteed inside the root. */
  pathOf(key: string): string {
    assertSafeKey(key);
    const path = resolve(join(this.root, key));
    if (!path.startsWith(this.root + sep)) throw new Error(`storage key escapes the root: ${key}`);
    return path;
  }

  async put(key: string, body: Buffer, _contentType?: string): Promise<void> {
    const path = this.pathOf(key);
    await mkdir(dirname(path), { recursive: true });
    const tmp = `${path}.${randomBytes(6).toString('hex')}.tmp`;
    try {
      await writeFile(tmp, body, { mode: 0o640 });
      await rename(tmp, path);
    } catch (e) {
      await rm(tmp, { force: true });
      throw e;
    }
  }

  async get(key: string): Promise<StoredObject> {
    const path = this.pathOf(key);
    try {
      const s = await stat(path);
      return { stream: createReadStream(path), size: s.size };
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') throw new StorageNotFoundError(key);
      throw e;
    }
  }

  async delete(key: string): Promise<void> {
    await rm(this.pathOf(key), { force: true });
  }

  async signedUrl(_key: string, ttlSeconds: number, ref: LinkRef): Promise<string> {
    return this.link(ref, Math.floor(Date.now() / 1000) + ttlSeconds);
  }
}
