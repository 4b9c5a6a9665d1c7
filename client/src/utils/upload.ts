/**
 * Photo uploads: compress, send with progress, retry without duplicates, cancel.
 *
 * `Taro.uploadFile` sends one file per call (multipart field `file`) and calls `success` for ANY HTTP
 * status with the body as a string, so the answer is parsed here and failures are mapped through the
 * same Chinese messages as api/request.ts. Every attempt of one photo carries the same `clientKey`; the
 * server answers a repeated key with the photo stored the first time, so a retry after a lost answer
 * never stores it twice.
 */
import Taro from '@tarojs/taro';
import type { MediaPurpose, MediaResponse } from '@linli/shared';
import { ApiError, clientError, ensureLogin, toApiError } from '../api/request';
import { API_BASE, IS_WEAPP } from '../constants/env';
import { sessionStore } from '../stores/session';

/** Photos above this size are compressed before upload. */
export const COMPRESS_ABOVE_BYTES = 1024 * 1024;
/** Attempts per photo (the first one included). */
export const MAX_ATTEMPTS = 3;
const UPLOAD_TIMEOUT_MS = 60_000;
/** Long side of a photo re-encoded in the browser (H5). */
const H5_MAX_SIDE = 2560;

/** A fresh idempotency key for one photo (8-64 of [A-Za-z0-9_-], as the server expects). */
export function newClientKey(): string {
  const rand = () => Math.random().toString(36).slice(2, 10);
  return `p${Date.now().toString(36)}${rand()}${rand()}`.slice(0, 40);
}

async function fileSize(path: string): Promise<number | null> {
  try {
    if (IS_WEAPP) {
      return await new Promise<number>((resolve, reject) =>
        Taro.getFileSystemManager().getFileInfo({ filePath: path, success: (r) => resolve(r.size), fail: reject }),
      );
    }
    return (await (await fetch(path)).blob()).size;
  } catch {
    return null;
  }
}

/** H5: draws the image on a canvas and re-encodes it as JPEG (quality 0.8); rejects for non-images. */
async function reencodeJpegH5(path: string): Promise<string> {
  const img = new Image();
  img.src = path;
  await img.decode();
  const scale = Math.min(1, H5_MAX_SIDE / Math.max(img.naturalWidth, img.naturalHeight));
  const canvas = document.createElement('canvas');
  canvas.width = Math.round(img.naturalWidth * scale);
  canvas.height = Math.round(img.naturalHeight * scale);
  canvas.getContext('2d')!.drawImage(img, 0, 0, canvas.width, canvas.height);
  const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/jpeg', 0.8));
  if (!blob) throw new Error('toBlob failed');
  return URL.createObjectURL(blob);
}

/**
 * Makes a large photo smaller before it travels: `Taro.compressImage` (quality 80) in the mini-program,
 * a canvas JPEG re-encode in the browser. Small files, and files that cannot be decoded (the server
 * then says what is wrong with them), are sent as they are.
 */
export async function compressForUpload(path: string, knownSize?: number): Promise<string> {
  const size = knownSize ?? (await fileSize(path));
  if (size === null || size <= COMPRESS_ABOVE_BYTES) return path;
  try {
    if (IS_WEAPP) return (await Taro.compressImage({ src: path, quality: 80 })).tempFilePath;
    return await reencodeJpegH5(path);
  } catch {
    return path;
  }
}

/** Parses what uploadFile returned (any status, body as a string) into the photo or an ApiError. */
export function parseUploadAnswer(statusCode: number, data: unknown): MediaResponse {
  let body: unknown = data;
  if (typeof body === 'string') {
    try {
      body = JSON.parse(body);
    } catch {
      // not JSON (a proxy's error page): mapped by status below
    }
  }
  const ok = body && typeof body === 'object' && (body as { ok?: unknown }).ok === true;
  if (statusCode >= 200 && statusCode < 300 && ok) return (body as { data: MediaResponse }).data;
  if (statusCode >= 200 && statusCode < 300) throw clientError('BAD_RESPONSE', statusCode);
  throw toApiError(statusCode, body);
}

/** Worth another attempt: the network failed, or the server had a passing problem. */
export function isRetryable(err: unknown): boolean {
  if (!(err instanceof ApiError)) return false;
  return err.code === 'NETWORK_ERROR' || err.status >= 500 || err.code === 'SESSION_EXPIRED' || err.code === 'UNAUTHENTICATED';
}

export interface UploadOptions {
  filePath: string;
  purpose: MediaPurpose;
  /** The photo's idempotency key; keep it to retry the same photo later (重试). */
  clientKey?: string;
  /** Size in bytes when the picker told it. */
  size?: number;
  /** Upload progress 0-100 of the current attempt. */
  onProgress?: (percent: number) => void;
  maxAttempts?: number;
}

export interface UploadHandle {
  promise: Promise<MediaResponse>;
  /** Stops the upload; the promise rejects with UPLOAD_CANCELLED. */
  abort(): void;
  clientKey: string;
}

type UploadTask = Promise<unknown> & { abort?: () => void; onProgressUpdate?: (cb: (r: { progress: number }) => void) => void };

/** Uploads one photo (compressed first), retrying passing failures up to 3 times with the same key. */
export function uploadImage(opts: UploadOptions): UploadHandle {
  const clientKey = opts.clientKey ?? newClientKey();
  const maxAttempts = opts.maxAttempts ?? MAX_ATTEMPTS;
  let cancelled = false;
  let task: UploadTask | null = null;

  const once = async (path: string): Promise<MediaResponse> => {
    if (!sessionStore.token()) await ensureLogin();
    const token = sessionStore.token();
    return new Promise<MediaResponse>((resolve, reject) => {
      const t = Taro.uploadFile({
        url: `${API_BASE}/media`,
        filePath: path,
        name: 'file',
        formData: { purpose: opts.purpose, clientKey },
        header: token ? { Authorization: `Bearer ${token}` } : {},
        timeout: UPLOAD_TIMEOUT_MS,
        success: (res) => {
          try {
            resolve(parseUploadAnswer(res.statusCode, res.data));
          } catch (e) {
            if (e instanceof ApiError && e.isAuthError) sessionStore.clear();
            reject(e);
          }
        },
        fail: (err: { errMsg?: string }) => reject(cancelled || /abort/i.test(err?.errMsg ?? '') ? clientError('UPLOAD_CANCELLED') : clientError('NETWORK_ERROR')),
      }) as unknown as UploadTask;
      t.catch?.(() => undefined);
      task = t;
      t.onProgressUpdate?.((r) => opts.onProgress?.(r.progress));
    });
  };

  const promise = (async () => {
    const path = await compressForUpload(opts.filePath, opts.size);
    for (let attempt = 1; ; attempt++) {
      if (cancelled) throw clientError('UPLOAD_CANCELLED');
      opts.onProgress?.(0);
      try {
        return await once(path);
      } catch (e) {
        if (cancelled) throw clientError('UPLOAD_CANCELLED');
        // In H5 a lost session cannot be renewed silently: the user must sign in again.
        const retry = isRetryable(e) && (IS_WEAPP || !(e instanceof ApiError && e.isAuthError));
        if (!retry || attempt >= maxAttempts) throw e;
        await new Promise((r) => setTimeout(r, 500 * attempt));
      }
    }
  })();

  return {
    promise,
    clientKey,
    abort: () => {
      cancelled = true;
      task?.abort?.();
    },
  };
}
