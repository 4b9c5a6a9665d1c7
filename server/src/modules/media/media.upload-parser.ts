import busboy from 'busboy';
import type { IncomingMessage } from 'http';
import { ErrorCode } from '@linli/shared';
import { AppError } from '../../common/errors/app.error';

/** An upload as read off the wire: the form fields and the one file (null when none was sent). */
export interface ParsedUpload {
  fields: Record<string, string>;
  file: Buffer | null;
}

/** Bytes above the file limit a request may carry (form fields, part headers) before it is cut off. */
const OVERHEAD_BYTES = 256 * 1024;

const tooLargeError = (maxBytes: number) =>
  new AppError(ErrorCode.PayloadTooLarge, { message: `图片不能超过 ${Math.round(maxBytes / 1024 / 1024)} MB` });

const fieldError = (fields: Record<string, string>) =>
  new AppError(ErrorCode.ValidationFailed, { message: Object.entries(fields).map(([k, v]) => `${k}: ${v}`)[0], fields });

/**
 * Reads a multipart/form-data upload as `Taro.uploadFile` sends it: one file in the field `file` plus
 * text fields. The file is kept in memory up to `maxBytes`; a larger one is drained and answered 413
 * (so the client reads the answer instead of a reset connection), and a request that keeps sending far
 * past the limit is cut off. Koa's body parser leaves multipart alone, so the stream is still unread.
 * @throws AppError VALIDATION_FAILED (not multipart, malformed, more than one file), PAYLOAD_TOO_LARGE
 */
export function parseUpload(req: IncomingMessage, maxBytes: number): Promise<ParsedUpload> {
  const type = req.headers['content-type'] ?? '';
  if (!/^multipart\/form-data/i.test(type)) return Promise.reject(fieldError({ file: '请选择要上传的图片' }));
  const declared = Number(req.headers['content-length'] ?? 0);
  const hardLimit = 2 * maxBytes + OVERHEAD_BYTES;
  if (declared > hardLimit) {
    req.resume();
    return Promise.reject(tooLargeError(maxBytes));
  }

  return new Promise<ParsedUpload>((resolve, reject) => {
    let bb: busboy.Busboy;
    try {
      bb = busboy({ headers: req.headers, limits: { files: 1, fileSize: maxBytes, fields: 10, fieldSize: 1024, parts: 12 } });
    } catch {
      reject(fieldError({ file: '上传内容格式不正确' }));
      return;
    }
    const fields: Record<string, string> = {};
    const chunks: Buffer[] = [];
    let gotFile = false;
    let tooLarge = false;
    let extraFile = false;
    let received = 0;
    let settled = false;
    const fail = (err: AppError) => {
      if (settled) return;
      settled = true;
      reject(err);
    };

    req.on('data', (chunk: Buffer) => {
      received += chunk.length;
      if (received > hardLimit && !settled) {
        fail(tooLargeError(maxBytes));
        req.unpipe(bb);
        req.destroy();
      }
    });

    bb.on('file', (name, stream) => {
      if (name !== 'file' || gotFile) {
        extraFile = true;
        stream.resume();
        return;
      }
      gotFile = true;
      stream.on('data', (c: Buffer) => {
        if (!tooLarge) chunks.push(c);
      });
      stream.on('limit', () => {
        tooLarge = true;
        chunks.length = 0;
      });
    });
    bb.on('filesLimit', () => {
      extraFile = true;
    });
    bb.on('field', (name, value) => {
      fields[name] = value;
    });
    bb.on('error', () => fail(fieldError({ file: '上传内容格式不正确' })));
    bb.on('close', () => {
      if (settled) return;
      if (tooLarge) return fail(tooLargeError(maxBytes));
      if (extraFile) return fail(fieldError({ file: '一次只能上传一张图片（字段名为 file）' }));
      settled = true;
      resolve({ fields, file: gotFile ? Buffer.concat(chunks) : null });
    });
    req.pipe(bb);
  });
}

