import type { Readable } from 'stream';
import type { MediaVariant } from '@linli/shared';

/** A stored object being read: its bytes as a stream, and its size when the backend knows it. */
export interface StoredObject {
  stream: Readable;
  size?: number;
}

/** Which photo and variant a link is for (local storage signs these, S3 presigns the key). */
export interface LinkRef {
  mediaId: number;
  variant: MediaVariant;
}

/**
 * Where photo bytes live. Keys are produced by the media service (`<owner>/<uuid>.<ext>`), never taken
 * from a client; adapters still refuse anything but safe keys.
 */
export interface MediaStorage {
  readonly kind: 'local' | 's3';
  /** Stores `body` under `key` (replacing an object with that key). */
  put(key: string, body: Buffer, contentType: string): Promise<void>;
  /** Opens the object under `key`; rejects with StorageNotFoundError when there is none. */
  get(key: string): Promise<StoredObject>;
  /** Removes the object under `key`; no error when it is already gone. */
  delete(key: string): Promise<void>;
  /**
   * A URL that serves the object for `ttlSeconds` to whoever holds it: an HMAC-signed app URL for
   * local storage (relative, `/api/media/...`), a presigned URL for S3 (absolute).
   */
  signedUrl(key: string, ttlSeconds: number, ref: LinkRef): Promise<string>;
}

export class StorageNotFoundError extends Error {
  constructor(key: string) {
    super(`no stored object under ${key}`);
    this.name = 'StorageNotFoundError';
  }
}

const SAFE_KEY = /^[a-z0-9][a-z0-9_-]*(\/[a-z0-9][a-z0-9_-]*)*(\.[a-z0-9]+)*$/;

/** Throws unless `key` is made of lower-case letters, digits, `-`, `_`, `/` separators and dot suffixes (no `..`, no leading `/`). */
export function assertSafeKey(key: string): void {
  if (key.length > 200 || !SAFE_KEY.test(key) || key.includes('..')) throw new Error(`unsafe storage key: ${JSON.stringify(key)}`);
}
