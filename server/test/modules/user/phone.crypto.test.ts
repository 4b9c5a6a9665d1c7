import { decryptPhone, encryptPhone, hmacPhone, phoneKeys } from '../../../src/modules/user/phone.crypto';

describe('phone.crypto', () => {
  const keys = phoneKeys('0f'.repeat(32));

  it('round-trips, with a fresh IV every time', () => {
    const a = encryptPhone('13812345678', keys);
    const b = encryptPhone('13812345678', keys);
    expect(a).not.toBe(b);
    expect(a).not.toContain('13812345678');
    expect(decryptPhone(a, keys)).toBe('13812345678');
    expect(decryptPhone(b, keys)).toBe('13812345678');
  });

  it('refuses altered ciphertext and a different key', () => {
    const enc = encryptPhone('13812345678', keys);
    const [iv, tag, data] = enc.split('.');
    const flipped = Buffer.from(data, 'base64');
    flipped[0] ^= 1;
    expect(() => decryptPhone([iv, tag, flipped.toString('base64')].join('.'), keys)).toThrow();
    expect(() => decryptPhone(enc, phoneKeys('1f'.repeat(32)))).toThrow();
    expect(() => decryptPhone('garbage', keys)).toThrow();
  });

  it('hashes deterministically with a key distinct from the encryption key', () => {
    expect(hmacPhone('13812345678', keys)).toBe(hmacPhone('13812345678', keys));
    expect(hmacPhone('13812345678', keys)).toMatch(/^[0-9a-f]{64}$/);
    expect(hmacPhone('13812345678', keys)).not.toBe(hmacPhone('13812345679', keys));
    expect(keys.mac.equals(keys.enc)).toBe(false);
  });

  it('rejects a key that is not 64 hex characters', () => {
    expect(() => phoneKeys('abc')).toThrow(/64 hex/);
  });
});
