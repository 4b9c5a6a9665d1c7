import { Config, Init, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { createCipheriv, createDecipheriv, createHmac, hkdfSync, randomBytes } from 'crypto';
import type { LinliConfig } from '../../config/config.default';

/**
 * Phone numbers at rest: AES-256-GCM ciphertext (`base64(iv).base64(tag).base64(data)`) plus an
 * HMAC-SHA256 "blind index" to find a user by phone without decrypting every row. The encryption key is
 * `linli.phoneKey` (64 hex chars); the HMAC key is derived from it with HKDF so the two never coincide.
 */
export interface PhoneKeys {
  enc: Buffer;
  mac: Buffer;
}

/** Derives the AES and HMAC keys from the configured 64-hex-character key. */
export function phoneKeys(keyHex: string): PhoneKeys {
  if (!/^[0-9a-f]{64}$/i.test(keyHex)) throw new Error('linli.phoneKey must be 64 hex characters');
  const enc = Buffer.from(keyHex, 'hex');
  const mac = Buffer.from(hkdfSync('sha256', enc, Buffer.alloc(0), 'linli/phone-hmac', 32));
  return { enc, mac };
}

/** Encrypts with a fresh 96-bit IV; the same number gives a different ciphertext every time. */
export function encryptPhone(phone: string, keys: PhoneKeys): string {
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', keys.enc, iv);
  const data = Buffer.concat([cipher.update(phone, 'utf8'), cipher.final()]);
  return [iv, cipher.getAuthTag(), data].map((b) => b.toString('base64')).join('.');
}

/** Decrypts what encryptPhone wrote; throws if the text was altered or the key differs. */
export function decryptPhone(stored: string, keys: PhoneKeys): string {
  const [iv, tag, data] = stored.split('.').map((p) => Buffer.from(p, 'base64'));
  if (!iv || !tag || !data) throw new Error('malformed phone ciphertext');
  const decipher = createDecipheriv('aes-256-gcm', keys.enc, iv);
  decipher.setAuthTag(tag);
  return Buffer.concat([decipher.update(data), decipher.final()]).toString('utf8');
}

/** Deterministic keyed hash (hex) of a phone number, for lookups. */
export function hmacPhone(phone: string, keys: PhoneKeys): string {
  return createHmac('sha256', keys.mac).update(phone, 'utf8').digest('hex');
}

/** The functions above bound to the configured key. */
@Provide()
@Scope(ScopeEnum.Singleton)
export class PhoneCrypto {
  @Config('linli')
  config: LinliConfig;

  private keys: PhoneKeys;

  @Init()
  init() {
    this.keys = phoneKeys(this.config.phoneKey);
  }

  /** AES-256-GCM ciphertext of `phone`. */
  encrypt(phone: string): string {
    return encryptPhone(phone, this.keys);
  }

  /** The plain number, or null for null. */
  decrypt(stored: string | null): string | null {
    return stored ? decryptPhone(stored, this.keys) : null;
  }

  /** HMAC-SHA256 (hex) of `phone`. */
  hmac(phone: string): string {
    return hmacPhone(phone, this.keys);
  }
}
