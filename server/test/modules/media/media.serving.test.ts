import { readFileSync, rmSync } from 'fs';
import { join } from 'path';
import { MediaEntity } from '../../../src/modules/media/media.entity';
import { mediaEvents } from '../../../src/modules/media/media.events';
import { MediaLinkSigner } from '../../../src/modules/media/media.link-signer';
import { MediaService } from '../../../src/modules/media/media.service';
import { buildUser, loginAs } from '../../factories';
import { startTestApp, TestApp } from '../../helpers/app';
import { newClientKey, noisyJpeg, upload, useTempMediaDir } from './media.test-helpers';

describe('serving media: signed links, visibility, avatar URL', () => {
  let t: TestApp;
  let media: ReturnType<typeof useTempMediaDir>;
  let sut: MediaService;
  let owner: { id: number; token: string };
  let other: { id: number; token: string };

  beforeAll(async () => {
    media = useTempMediaDir();
    t = await startTestApp();
    sut = await t.get(MediaService);
    const a = await buildUser(t);
    const b = await buildUser(t);
    owner = { id: a.id, token: await loginAs(t, a) };
    other = { id: b.id, token: await loginAs(t, b) };
  });
  afterAll(async () => {
    await t.close();
    media.cleanup();
  });

  /** Uploads a photo as the owner and waits until the content check's listener has run. */
  async function uploadAs(token: string, purpose: string) {
    const res = await upload(t, token, await noisyJpeg(640, 480), { purpose, clientKey: newClientKey() });
    expect(res.status).toBe(201);
    await mediaEvents.idle();
    return res.body.data as { id: number; url: string; thumbUrl: string };
  }
  const get = (url: string, token?: string) => {
    const req = t.http().get(url);
    return token ? req.set('Authorization', `Bearer ${token}`) : req;
  };
  const rowOf = (id: number) => t.dataSource.getRepository(MediaEntity).findOneByOrFail({ id });

  it('GET /api/media/:id: 422 on a bad id, 404 for others and visitors while pending, fresh links for the owner', async () => {
    const m = await uploadAs(owner.token, 'avatar');
    expect((await get('/api/media/abc', owner.token)).body).toMatchObject({ error: 'VALIDATION_FAILED', fields: { id: '编号应为数字' } });
    await sut.setCheckStatus(m.id, 'review', 'label 20002');
    const mine = await get(`/api/media/${m.id}`, owner.token);
    expect(mine.status).toBe(200);
    expect(mine.headers['cache-control']).toBe('no-store');
    expect(mine.body.data).toMatchObject({ id: m.id, purpose: 'avatar', checkStatus: 'review', avatarPath: `/api/media/${m.id}/avatar` });
    const expiresIn = Date.parse(mine.body.data.urlExpiresAt) - Date.now();
    expect(expiresIn).toBeGreaterThan(590_000);
    expect(expiresIn).toBeLessThanOrEqual(600_000);
    for (const res of [await get(`/api/media/${m.id}`, other.token), await get(`/api/media/${m.id}`), await get('/api/media/999999', owner.token)]) {
      expect(res.status).toBe(404);
      expect(res.body).toMatchObject({ ok: false, error: 'NOT_FOUND' });
    }
  });

  it('others see an avatar once it passed the check; a report photo stays its owner’s', async () => {
    const avatar = await uploadAs(owner.token, 'avatar');
    const report = await uploadAs(owner.token, 'report');
    await sut.setCheckStatus(avatar.id, 'pass', 'trace-1');
    await sut.setCheckStatus(report.id, 'pass');
    expect((await get(`/api/media/${avatar.id}`, other.token)).status).toBe(200);
    expect((await get(`/api/media/${avatar.id}`)).status).toBe(200);
    expect((await get(`/api/media/${report.id}`, other.token)).status).toBe(404);
    expect((await get(`/api/media/${report.id}`, owner.token)).status).toBe(200);
    expect(await rowOf(avatar.id)).toMatchObject({ checkStatus: 'pass', checkDetail: 'trace-1' });
    await sut.setCheckStatus(avatar.id, 'risky');
    expect((await get(`/api/media/${avatar.id}`, other.token)).status).toBe(404);
  });

  it('a signed link serves the stored bytes with their type; tampered links are refused with 403', async () => {
    const m = await uploadAs(owner.token, 'report');
    const row = await rowOf(m.id);
    const thumb = await get(m.thumbUrl);
    expect(thumb.status).toBe(200);
    expect(thumb.headers['content-type']).toBe('image/webp');
    expect(thumb.headers['x-content-type-options']).toBe('nosniff');
    expect(thumb.headers['cache-control']).toMatch(/^private, max-age=(59\d|600)$/);
    expect(Buffer.compare(thumb.body, readFileSync(join(media.dir, row.thumbKey)))).toBe(0);
    const original = await get(m.url);
    expect(original.status).toBe(200);
    expect(original.headers['content-type']).toBe('image/jpeg');
    expect(Number(original.headers['content-length'])).toBe(row.bytes);

    const u = new URL(m.url, 'http://x');
    const sig = u.searchParams.get('sig')!;
    const exp = Number(u.searchParams.get('exp'));
    const flipped = `${sig[0] === 'A' ? 'B' : 'A'}${sig.slice(1)}`;
    const tampered = [
      `/api/media/${m.id}/file?variant=original&exp=${exp}&sig=${flipped}`,
      `/api/media/${m.id}/file?variant=thumb&exp=${exp}&sig=${sig}`,
      `/api/media/${m.id}/file?variant=original&exp=${exp + 3600}&sig=${sig}`,
      `/api/media/${m.id + 1}/file?variant=original&exp=${exp}&sig=${sig}`,
    ];
    for (const url of tampered) {
      const res = await get(url);
      expect(res.status).toBe(403);
      expect(res.body).toMatchObject({ ok: false, error: 'MEDIA_LINK_INVALID', message: '图片链接无效' });
    }
    const malformed = await get(`/api/media/${m.id}/file?variant=original&exp=${exp}&sig=short`);
    expect(malformed.status).toBe(422);
    expect(malformed.body.fields).toEqual({ sig: '链接签名格式不正确' });
  });

  it('an expired link answers 410 so the client asks for a fresh one', async () => {
    const m = await uploadAs(owner.token, 'report');
    const signer = await t.get(MediaLinkSigner);
    const past = Math.floor(Date.now() / 1000) - 5;
    const res = await get(signer.localUrl({ mediaId: m.id, variant: 'thumb' }, past));
    expect(res.status).toBe(410);
    expect(res.body).toMatchObject({ ok: false, error: 'MEDIA_LINK_EXPIRED', message: '图片链接已过期，请刷新页面' });
  });

  it('a link to a photo whose file is gone answers 404', async () => {
    const m = await uploadAs(owner.token, 'report');
    rmSync(join(media.dir, (await rowOf(m.id)).thumbKey));
    expect((await get(m.thumbUrl)).status).toBe(404);
  });

  it('GET /api/media/:id/avatar redirects the owner to a fresh thumbnail link (even pending); others get 404 until it passes', async () => {
    const m = await uploadAs(owner.token, 'avatar');
    await t.dataSource.getRepository(MediaEntity).update({ id: m.id }, { checkStatus: 'pending' });
    const mine = await get(`/api/media/${m.id}/avatar`, owner.token).redirects(0);
    expect(mine.status).toBe(302);
    expect(mine.headers.location).toMatch(new RegExp(`^/api/media/${m.id}/file\\?variant=thumb&exp=\\d+&sig=`));
    const img = await get(mine.headers.location);
    expect(img.status).toBe(200);
    expect(img.headers['content-type']).toBe('image/webp');
    expect((await get(`/api/media/${m.id}/avatar`, other.token).redirects(0)).status).toBe(404);
    expect((await get(`/api/media/${m.id}/avatar`).redirects(0)).status).toBe(404);

    await sut.setCheckStatus(m.id, 'pass');
    const visitor = await get(`/api/media/${m.id}/avatar`).redirects(0);
    expect(visitor.status).toBe(302);
    expect(visitor.headers['cache-control']).toBe('private, max-age=300');

    const report = await uploadAs(owner.token, 'report');
    expect((await get(`/api/media/${report.id}/avatar`, owner.token).redirects(0)).status).toBe(404);
  });

  it('PATCH /me saves a stable avatar URL only for one of the user’s own avatar photos', async () => {
    const mine = await uploadAs(owner.token, 'avatar');
    const theirs = await uploadAs(other.token, 'avatar');
    const report = await uploadAs(owner.token, 'report');
    for (const id of [theirs.id, report.id, 999999]) {
      const res = await t.http().patch('/api/me').set('Authorization', `Bearer ${owner.token}`).send({ avatarUrl: `/api/media/${id}/avatar` });
      expect(res.status).toBe(422);
      expect(res.body.fields).toEqual({ avatarUrl: '头像图片不存在，请重新上传' });
    }
    const ok = await t.http().patch('/api/me').set('Authorization', `Bearer ${owner.token}`).send({ avatarUrl: `/api/media/${mine.id}/avatar` });
    expect(ok.status).toBe(200);
    expect(ok.body.data.avatarUrl).toBe(`/api/media/${mine.id}/avatar`);
  });

  it('setCheckStatus refuses unknown photos and non-verdicts', async () => {
    await expect(sut.setCheckStatus(999999, 'pass')).rejects.toMatchObject({ code: 'NOT_FOUND' });
    const m = await uploadAs(owner.token, 'tip');
    await expect(sut.setCheckStatus(m.id, 'pending' as never)).rejects.toThrow('not a check verdict');
    expect(await sut.moderatorThumbUrl(m.id)).toMatch(new RegExp(`^/api/media/${m.id}/file\\?variant=thumb`));
    expect(await sut.moderatorThumbUrl(999999)).toBeNull();
  });
});
