import { createHash, createHmac } from 'crypto';

/** One HTTP request as a recording proxy saw it (path and query exactly as sent, still encoded). */
export interface RecordedRequest {
  method: string;
  path: string;
  rawQuery: string;
  headers: Record<string, string>;
  body: Buffer;
}

const hmac = (key: Buffer | string, data: string) => createHmac('sha256', key).update(data).digest();
const sha256hex = (data: Buffer | string) => createHash('sha256').update(data).digest('hex');

/**
 * Checks an AWS Signature Version 4 (S3 flavour) independently of the SDK, from the published
 * algorithm: canonical request -> string to sign -> HMAC chain of date/region/service. Works for
 * header-signed requests (Authorization) and presigned URLs (X-Amz-* query). s3rver, the local S3
 * server the tests use, does not verify V4 signatures, so the tests do it here.
 */
export function verifySigV4(req: RecordedRequest, secretAccessKey: string): { signed: boolean; valid: boolean; payloadHashOk: boolean } {
  const pairs = req.rawQuery ? req.rawQuery.split('&').map((p) => { const i = p.indexOf('='); return i < 0 ? [p, ''] : [p.slice(0, i), p.slice(i + 1)]; }) : [];
  const q = new Map(pairs.map(([k, v]) => [decodeURIComponent(k), decodeURIComponent(v)]));
  let credential: string, signedHeaders: string, signature: string, amzDate: string, payloadHash: string;
  const auth = req.headers['authorization'];
  if (auth) {
    const m = /^AWS4-HMAC-SHA256 Credential=([^,]+), ?SignedHeaders=([^,]+), ?Signature=([0-9a-f]{64})$/.exec(auth);
    if (!m) return { signed: false, valid: false, payloadHashOk: false };
    [, credential, signedHeaders, signature] = m;
    amzDate = req.headers['x-amz-date'];
    payloadHash = req.headers['x-amz-content-sha256'];
  } else if (q.get('X-Amz-Algorithm') === 'AWS4-HMAC-SHA256') {
    credential = q.get('X-Amz-Credential')!;
    signedHeaders = q.get('X-Amz-SignedHeaders')!;
    signature = q.get('X-Amz-Signature')!;
    amzDate = q.get('X-Amz-Date')!;
    payloadHash = 'UNSIGNED-PAYLOAD';
  } else {
    return { signed: false, valid: false, payloadHashOk: false };
  }
  const canonicalQuery = pairs
    .filter(([k]) => k !== 'X-Amz-Signature')
    .sort(([a, av], [b, bv]) => (a < b ? -1 : a > b ? 1 : av < bv ? -1 : 1))
    .map(([k, v]) => `${k}=${v}`)
    .join('&');
  const names = signedHeaders.split(';');
  const canonicalHeaders = names.map((n) => `${n}:${(req.headers[n] ?? '').trim().replace(/\s+/g, ' ')}\n`).join('');
  const canonicalRequest = [req.method, req.path, canonicalQuery, canonicalHeaders, signedHeaders, payloadHash].join('\n');
  const [, date, region, service] = credential.split('/');
  const scope = `${date}/${region}/${service}/aws4_request`;
  const stringToSign = ['AWS4-HMAC-SHA256', amzDate, scope, sha256hex(canonicalRequest)].join('\n');
  const key = hmac(hmac(hmac(hmac(`AWS4${secretAccessKey}`, date), region), service), 'aws4_request');
  const expected = createHmac('sha256', key).update(stringToSign).digest('hex');
  const payloadHashOk = payloadHash === 'UNSIGNED-PAYLOAD' || payloadHash === sha256hex(req.body);
  return { signed: true, valid: expected === signature, payloadHashOk };
}
