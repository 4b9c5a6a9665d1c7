import type { MediaEntity } from '../../../src/modules/media/media.entity';
import { MediaAccessRegistry, mediaAccess, type MediaViewer } from '../../../src/modules/media/media.access';
import { mediaEvents } from '../../../src/modules/media/media.events';
import { buildUnitTree, buildUser, grantRole, loginAs } from '../../factories';
import { startTestApp, TestApp } from '../../helpers/app';
import { newClientKey, noisyJpeg, upload, useTempMediaDir } from './media.test-helpers';

describe('MediaAccessRegistry', () => {
  const media = { id: 1, purpose: 'alert', ownerId: 1, checkStatus: 'pass' } as MediaEntity;

  it('answers false without a resolver, asks the one of the purpose, and unregisters', async () => {
    const sut = new MediaAccessRegistry();
    expect(await sut.allows(media, null)).toBe(false);
    const seen: Array<MediaViewer | null> = [];
    const off = sut.register('alert', async (_m, viewer) => {
      seen.push(viewer);
      return viewer?.userId === 7;
    });
    expect(sut.has('alert')).toBe(true);
    expect(await sut.allows(media, { userId: 7, grants: [] })).toBe(true);
    expect(await sut.allows(media, { userId: 8, grants: [] })).toBe(false);
    expect(await sut.allows({ ...media, purpose: 'tip' } as MediaEntity, { userId: 7, grants: [] })).toBe(false);
    expect(seen.map((v) => v?.userId)).toEqual([7, 8]);
    off();
    expect(await sut.allows(media, { userId: 7, grants: [] })).toBe(false);
  });

  it('a second registration replaces the first; the stale unregister leaves the new one', async () => {
    const sut = new MediaAccessRegistry();
    const offFirst = sut.register('tip', async () => false);
    sut.register('tip', async () => true);
    offFirst();
    expect(await sut.allows({ ...media, purpose: 'tip' } as MediaEntity, null)).toBe(true);
  });
});

describe('GET /api/media/:id consults the purpose resolver', () => {
  let t: TestApp;
  let dir: ReturnType<typeof useTempMediaDir>;
  let off: (() => void) | null = null;

  beforeAll(async () => {
    dir = useTempMediaDir();
    t = await startTestApp();
  });
  afterAll(async () => {
    off?.();
    await t.close();
    dir.cleanup();
  });

  it('others see a report photo only when the resolver says so; the resolver gets the viewer with grants', async () => {
    const tree = await buildUnitTree(t);
    const owner = await buildUser(t);
    const staff = await buildUser(t);
    await grantRole(t, staff, 'street_dispatcher', tree.street);
    const stranger = await buildUser(t);
    const [ownerToken, staffToken, strangerToken] = [await loginAs(t, owner), await loginAs(t, staff), await loginAs(t, stranger)];
    const res = await upload(t, ownerToken, await noisyJpeg(320, 240), { purpose: 'report', clientKey: newClientKey() });
    expect(res.status).toBe(201);
    await mediaEvents.idle();
    const id = res.body.data.id as number;
    const get = (token?: string) => {
      const req = t.http().get(`/api/media/${id}`);
      return token ? req.set('Authorization', `Bearer ${token}`) : req;
    };

    const seen: Array<MediaViewer | null> = [];
    off = mediaAccess.register('report', async (m, viewer) => {
      seen.push(viewer);
      return m.id === id && !!viewer?.grants.some((g) => g.role === 'street_dispatcher');
    });
    expect((await get(ownerToken)).status).toBe(200);
    expect(seen).toEqual([]); // the owner passes the base rule; the resolver is not asked
    expect((await get(staffToken)).status).toBe(200);
    expect((await get(strangerToken)).status).toBe(404);
    expect((await get()).status).toBe(404);
    expect(seen.map((v) => v?.userId ?? null)).toEqual([staff.id, stranger.id, null]);
    expect(seen[0]?.grants).toEqual([expect.objectContaining({ role: 'street_dispatcher', unitPath: tree.street.path })]);
    // A report photo is never an avatar, whoever may see it.
    expect((await t.http().get(`/api/media/${id}/avatar`).set('Authorization', `Bearer ${staffToken}`)).status).toBe(404);

    off();
    off = null;
    expect((await get(staffToken)).status).toBe(404);
  });
});
