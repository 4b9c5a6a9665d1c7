import { canViewMedia, isPublicPurpose, mediaAvatarPath, parseMediaAvatarPath, sniffImageType } from './media';

const bytes = (...xs: number[]) => Uint8Array.from(xs);
const ascii = (s: string) => Array.from(s).map((c) => c.charCodeAt(0));

describe('sniffImageType', () => {
  it('recognises JPEG, PNG and WebP by their first bytes', () => {
    expect(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe0, 0, 0x10))).toBe('image/jpeg');
    expect(sniffImageType(bytes(0xff, 0xd8, 0xff, 0xe1))).toBe('image/jpeg');
    expect(sniffImageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0x0d))).toBe('image/png');
    expect(sniffImageType(bytes(...ascii('RIFF'), 0x24, 0, 0, 0, ...ascii('WEBPVP8 ')))).toBe('image/webp');
  });

  it('refuses other files, whatever they are called', () => {
    expect(sniffImageType(bytes(...ascii('hello, this is text renamed .jpg')))).toBeNull();
    expect(sniffImageType(bytes(...ascii('GIF89a'), 1, 0))).toBeNull();
    expect(sniffImageType(bytes(...ascii('%PDF-1.7')))).toBeNull();
    // RIFF but not WebP (a WAV file)
    expect(sniffImageType(bytes(...ascii('RIFF'), 0x24, 0, 0, 0, ...ascii('WAVEfmt ')))).toBeNull();
  });

  it('refuses files too short to carry a signature', () => {
    expect(sniffImageType(bytes())).toBeNull();
    expect(sniffImageType(bytes(0xff, 0xd8))).toBeNull();
    expect(sniffImageType(bytes(0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a))).toBeNull();
    expect(sniffImageType(bytes(...ascii('RIFF'), 0, 0, 0, 0, ...ascii('WEB')))).toBeNull();
  });
});

describe('canViewMedia', () => {
  const avatar = { ownerId: 1, purpose: 'avatar' as const, checkStatus: 'pending' as const };
  it('lets the owner see their own photo in every state', () => {
    for (const checkStatus of ['pending', 'pass', 'review', 'risky'] as const) {
      expect(canViewMedia({ ...avatar, checkStatus }, 1)).toBe(true);
      expect(canViewMedia({ ...avatar, purpose: 'report', checkStatus }, 1)).toBe(true);
    }
  });
  it('shows others a public-purpose photo only once it passed the check', () => {
    expect(canViewMedia(avatar, 2)).toBe(false);
    expect(canViewMedia(avatar, null)).toBe(false);
    expect(canViewMedia({ ...avatar, checkStatus: 'review' }, 2)).toBe(false);
    expect(canViewMedia({ ...avatar, checkStatus: 'risky' }, 2)).toBe(false);
    expect(canViewMedia({ ...avatar, checkStatus: 'pass' }, 2)).toBe(true);
    expect(canViewMedia({ ...avatar, checkStatus: 'pass' }, null)).toBe(true);
  });
  it('keeps non-public purposes to their owner even after the check passed', () => {
    for (const purpose of ['report', 'alert', 'tip'] as const) {
      expect(isPublicPurpose(purpose)).toBe(false);
      expect(canViewMedia({ ownerId: 1, purpose, checkStatus: 'pass' }, 2)).toBe(false);
    }
    expect(isPublicPurpose('avatar')).toBe(true);
  });
});

describe('avatar paths', () => {
  it('round-trips the stable avatar URL', () => {
    expect(mediaAvatarPath(42)).toBe('/api/media/42/avatar');
    expect(parseMediaAvatarPath('/api/media/42/avatar')).toBe(42);
    expect(parseMediaAvatarPath('http://localhost:7001/api/media/7/avatar')).toBe(7);
  });
  it('ignores other URLs', () => {
    expect(parseMediaAvatarPath('https://thirdwx.qlogo.cn/mmopen/abc/132')).toBeNull();
    expect(parseMediaAvatarPath('/api/media/42/file')).toBeNull();
    expect(parseMediaAvatarPath('/api/media/x/avatar')).toBeNull();
    expect(parseMediaAvatarPath('/api/media/42/avatar?x=1')).toBeNull();
  });
});
