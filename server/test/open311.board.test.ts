import { haversineMeters } from '@linli/shared';
import { buildUnitTree, buildUser, UnitTree } from './factories';
import { startTestApp, TestApp } from './helpers/app';
import { seededRng, simulateTicket, SimTicket } from './figures.sim';
import { insertSimTickets, placeOf, seedTestCategories, TEST_CATEGORIES } from './figures.support';
import { MediaEntity } from '../src/modules/media/media.entity';

/**
 * GET /api/tickets/board: the public board of tickets near a point. Nearest first inside the radius,
 * only the last 90 days, never a sensitive category, a held text, a refused or withdrawn report, and
 * nothing that identifies a reporter; photos only once they passed the content check.
 */
describe('GET /api/tickets/board', () => {
  let t: TestApp;
  let tree: UnitTree;
  let sims: SimTicket[];
  let ids: number[];
  let passPhoto: number;
  let pendingPhoto: number;
  let withPass: number;
  let withPending: number;
  let heldId = 0;
  const now = new Date();
  const centre = { lat: 32.06, lng: 118.62 };

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildUnitTree(t);
    await seedTestCategories(t);
    const owner = await buildUser(t);
    const media = t.dataSource.getRepository(MediaEntity);
    const photo = (n: number, checkStatus: 'pass' | 'pending') =>
      media.save(
        media.create({ ownerId: owner.id, purpose: 'report' as never, storageKey: `k/${n}.jpg`, thumbKey: `k/${n}.webp`, mime: 'image/jpeg', width: 10, height: 10, bytes: 100, sha256: 'x'.repeat(64), clientKey: `c${n}`, checkStatus }),
      );
    passPhoto = (await photo(1, 'pass')).id;
    pendingPhoto = (await photo(2, 'pending')).id;

    const rng = seededRng(7);
    const seq = new Map<string, number>();
    sims = [];
    for (let i = 0; i < 120; i++) {
      // points scattered up to ~3 km around the centre; some tickets older than the 90-day window
      const dLat = (rng() * 2 - 1) * 0.027;
      const dLng = (rng() * 2 - 1) * 0.032;
      const sim = simulateTicket({
        rng,
        createdAt: new Date(now.getTime() - Math.round(rng() * 150 * 86_400_000)),
        now,
        category: TEST_CATEGORIES[i % TEST_CATEGORIES.length],
        place: placeOf(tree.grid, tree.community, tree.street, tree.district, centre.lat + dLat, centre.lng + dLng),
        source: 'resident',
        reporterId: owner.id,
        nextSeq: (s, d) => {
          const v = (seq.get(s + d) ?? 0) + 1;
          seq.set(s + d, v);
          return v;
        },
      });
      sims.push(sim);
    }
    ids = await insertSimTickets(t.dataSource, sims);
    // photos on two visible tickets; a held text on a third
    [withPass, withPending, heldId] = expected(5000, () => true, 100);
    await t.dataSource.query('UPDATE tickets SET photo_ids = ? WHERE id = ?', [JSON.stringify([passPhoto]), withPass]);
    await t.dataSource.query('UPDATE tickets SET photo_ids = ? WHERE id = ?', [JSON.stringify([pendingPhoto]), withPending]);
    await t.dataSource.query('UPDATE tickets SET text_held = 1 WHERE id = ?', [heldId]);
  });
  afterAll(() => t.close());

  /** What the board must show for a query, computed from the simulated rows. */
  function expected(radius: number, filter: (s: SimTicket, i: number) => boolean = () => true, limit = 50): number[] {
    const since = now.getTime() - 90 * 86_400_000;
    return sims
      .map((s, i) => ({ s, i, d: haversineMeters([centre.lng, centre.lat], [s.row.lng as number, s.row.lat as number]) }))
      .filter(({ s, i, d }) => d <= radius && !s.row.sensitive && ids[i] !== heldId && !['refused', 'cancelled'].includes(s.row.status as string) && (s.row.created_at as Date).getTime() >= since && filter(s, i))
      .sort((a, b) => a.d - b.d || ids[a.i] - ids[b.i])
      .slice(0, limit)
      .map(({ i }) => ids[i]);
  }

  it('422 per field for a bad point, radius or limit', async () => {
    const res = await t.http().get('/api/tickets/board').query({ lat: 'x', lng: 118.62, radius: 50, limit: 500 });
    expect(res.status).toBe(422);
    expect(Object.keys(res.body.fields).sort()).toEqual(['lat', 'limit', 'radius']);
  });

  it('lists public tickets nearest first within the radius, without a sign-in', async () => {
    const res = await t.http().get('/api/tickets/board').query({ ...centre, radius: 2000 });
    expect(res.status).toBe(200);
    const items = res.body.data.items;
    expect(items.map((x: { id: number }) => x.id)).toEqual(expected(2000));
    expect(items.length).toBeGreaterThan(5);
    expect(res.body.data).toMatchObject({ center: centre, radius: 2000 });
    const distances = items.map((x: { distanceMeters: number }) => x.distanceMeters);
    expect(distances).toEqual([...distances].sort((a, b) => a - b));
    expect(Math.max(...distances)).toBeLessThanOrEqual(2000);
    const first = items[0];
    expect(Object.keys(first).sort()).toEqual(
      ['address', 'category', 'closedAt', 'communityName', 'coReporterCount', 'createdAt', 'distanceMeters', 'excerpt', 'id', 'lat', 'lng', 'number', 'status', 'statusLabel', 'thumbUrl'].sort(),
    );
    expect(first.communityName).toBe('津浦社区居委会');
    expect(JSON.stringify(res.body)).not.toMatch(/reporter|nickname|openid/);
    expect(items.every((x: { category: { code: string } }) => x.category.code !== 'ZA-0101')).toBe(true);
  });

  it('filters by group and category, and honours the limit', async () => {
    const open = await t.http().get('/api/tickets/board').query({ ...centre, radius: 5000, group: 'open', limit: 100 });
    expect(open.body.data.items.map((x: { id: number }) => x.id)).toEqual(expected(5000, (s) => Number(s.row.is_open) === 1, 100));
    const closed = await t.http().get('/api/tickets/board').query({ ...centre, radius: 5000, group: 'closed', categoryCode: 'CG-0102' });
    expect(closed.body.data.items.map((x: { id: number }) => x.id)).toEqual(expected(5000, (s) => ['closed', 'rated'].includes(s.row.status as string) && s.row.category_code === 'CG-0102'));
    const few = await t.http().get('/api/tickets/board').query({ ...centre, radius: 5000, limit: 3 });
    expect(few.body.data.items.map((x: { id: number }) => x.id)).toEqual(expected(5000, () => true, 3));
  });

  it('shows a thumbnail only for a photo that passed the content check', async () => {
    const res = await t.http().get('/api/tickets/board').query({ ...centre, radius: 5000, limit: 100 });
    const byId = new Map<number, { thumbUrl: string | null }>(res.body.data.items.map((x: { id: number; thumbUrl: string | null }) => [x.id, x]));
    expect(byId.get(withPass)?.thumbUrl).toMatch(new RegExp(`^/api/media/${passPhoto}/file\\?`));
    expect(byId.get(withPending)?.thumbUrl).toBeNull();
    expect(byId.has(heldId)).toBe(false);
    expect([...byId.entries()].filter(([, x]) => x.thumbUrl !== null).map(([id]) => id)).toEqual([withPass]);
  });
});
