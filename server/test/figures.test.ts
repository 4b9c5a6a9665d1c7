import {
  computeFigures,
  DEPARTMENTS,
  FIGURES_CSV_COLUMNS,
  FIGURES_GROUP_BY,
  figuresPeriod,
  FiguresGroupBy,
  FigureTicket,
  TicketSource,
  TicketSourceLabelZh,
} from '@linli/shared';
import { bearer, buildUnit, buildUnitTree, buildUser, grantRole, loginAs, UnitTree } from './factories';
import { startTestApp, TestApp } from './helpers/app';
import { seededRng, simulateTicket, SimPlace } from './figures.sim';
import { insertSimTickets, loadFigureTickets, placeOf, seedTestCategories, TEST_CATEGORIES } from './figures.support';
import type { UnitEntity } from '../src/modules/unit/unit.entity';

/**
 * GET /api/figures and /api/figures/export: the numbers must be exactly the reference definitions of
 * docs/FIGURES.md (`computeFigures` in shared) over the same tickets, for every grouping, filter and
 * period; and only staff of the unit may read them.
 */
describe('figures', () => {
  let t: TestApp;
  let tree: UnitTree;
  let community2: UnitEntity;
  let grid2: UnitEntity;
  let tickets: FigureTicket[];
  let districtToken: string;
  let streetToken: string;
  let communityAdminToken: string;
  let residentToken: string;
  let departmentToken: string;
  const now = new Date('2026-11-20T06:00:00.000Z');

  beforeAll(async () => {
    t = await startTestApp();
    tree = await buildUnitTree(t);
    community2 = await buildUnit(t, { code: '320111001006', name: '泰山社区居委会', level: 'community', parent: tree.street });
    grid2 = await buildUnit(t, { code: '320111001006001', name: '泰山社区第一网格', level: 'grid', parent: community2 });
    await seedTestCategories(t);

    const places: SimPlace[] = [
      placeOf(tree.grid, tree.community, tree.street, tree.district, 32.06, 118.62),
      placeOf(grid2, community2, tree.street, tree.district, 32.07, 118.63),
      placeOf(tree.otherGrid, tree.otherCommunity, tree.otherStreet, tree.district, 32.05, 118.65),
    ];
    const rng = seededRng(20261120);
    const seqs = new Map<string, number>();
    const sources: TicketSource[] = ['resident', 'resident', 'grid_patrol', 'grid_patrol', 'hotline', 'video', 'duty_patrol', 'committee'];
    const sims = [];
    // 600 tickets over ~14 months, denser recently; some only hours old (still open).
    for (let i = 0; i < 600; i++) {
      const ageMs = i < 40 ? rng() * 2 * 86_400_000 : Math.pow(rng(), 1.4) * 430 * 86_400_000;
      const source = sources[Math.floor(rng() * sources.length)];
      sims.push(
        simulateTicket({
          rng,
          createdAt: new Date(now.getTime() - Math.round(ageMs)),
          now,
          category: TEST_CATEGORIES[Math.floor(rng() * TEST_CATEGORIES.length)],
          place: places[Math.floor(rng() * places.length)],
          source,
          reporterId: source === 'resident' ? 1000 + Math.floor(rng() * 50) : null,
          nextSeq: (street, day) => {
            const k = `${street}-${day}`;
            const v = (seqs.get(k) ?? 0) + 1;
            seqs.set(k, v);
            return v;
          },
        }),
      );
    }
    await insertSimTickets(t.dataSource, sims);
    tickets = await loadFigureTickets(t.dataSource.manager);

    const district = await buildUser(t);
    await grantRole(t, district, 'district_dispatcher', tree.district);
    districtToken = await loginAs(t, district);
    const street = await buildUser(t);
    await grantRole(t, street, 'street_dispatcher', tree.street);
    streetToken = await loginAs(t, street);
    const communityAdmin = await buildUser(t);
    await grantRole(t, communityAdmin, 'admin', community2);
    communityAdminToken = await loginAs(t, communityAdmin);
    residentToken = await loginAs(t, await buildUser(t));
    const department = await buildUser(t);
    await grantRole(t, department, 'department_handler', tree.district);
    departmentToken = await loginAs(t, department);
  }, 120_000);
  afterAll(() => t.close());

  const unitNames = () =>
    new Map<string, string>([
      [String(tree.street.id), tree.street.name],
      [String(tree.otherStreet.id), tree.otherStreet.name],
      [String(tree.community.id), tree.community.name],
      [String(community2.id), community2.name],
      [String(tree.otherCommunity.id), tree.otherCommunity.name],
    ]);

  /** The reference figures of the same query (labels as the server names groups). */
  function reference(q: { from: string; to: string; streetId?: number; communityId?: number; categoryCode?: string; source?: TicketSource; department?: string; groupBy?: FiguresGroupBy }) {
    const names = unitNames();
    const labelOf = (k: string | null): string => {
      if (k === null) return q.groupBy === 'department' ? '未派部门' : '未分组';
      switch (q.groupBy) {
        case 'street':
        case 'community':
          return names.get(k) ?? k;
        case 'category':
          return TEST_CATEGORIES.find((c) => c.code === k)?.name ?? k;
        case 'department':
          return DEPARTMENTS.find((d) => d.code === k)?.name ?? k;
        case 'source':
          return TicketSourceLabelZh[k as TicketSource];
        default:
          return k;
      }
    };
    return computeFigures(tickets, figuresPeriod(q), {
      filter: { streetId: q.streetId, communityId: q.communityId, categoryCode: q.categoryCode, source: q.source, department: q.department },
      groupBy: q.groupBy ?? null,
      labelOf,
    });
  }

  async function api(token: string, query: Record<string, string | number>) {
    const res = await t.http().get('/api/figures').query(query).set('Authorization', bearer(token));
    return res;
  }

  it('has varied data: every status group, source, resolved level and time measure occurs', () => {
    const statuses = new Set(tickets.map((x) => x.status));
    for (const s of ['reported', 'refused', 'filed', 'dispatched', 'handling', 'handled', 'closed', 'rated', 'cancelled']) expect(statuses).toContain(s);
    expect(new Set(tickets.map((x) => x.resolvedLevel)).size).toBeGreaterThanOrEqual(4);
    expect(tickets.some((x) => x.reworkCount > 0)).toBe(true);
    expect(tickets.some((x) => x.extensionCount > 0)).toBe(true);
    expect(tickets.some((x) => x.handledAt && x.handleDeadline && x.handledAt > x.handleDeadline)).toBe(true);
    expect(tickets.some((x) => x.rating !== null && x.rating < 4)).toBe(true);
    expect(new Set(tickets.map((x) => x.leadDepartment))).toEqual(new Set([null, 'chengguan', 'traffic', 'police']));
  });

  const periods = [
    { from: '2025-10-23', to: '2026-11-20' },
    { from: '2026-01-01', to: '2026-06-30' },
    { from: '2026-11-19', to: '2026-11-20' },
    { from: '2020-01-01', to: '2020-01-31' },
  ];

  it.each(periods)('matches the reference for the whole district, every grouping ($from..$to)', async (p) => {
    for (const groupBy of [undefined, ...FIGURES_GROUP_BY]) {
      const res = await api(districtToken, { ...p, ...(groupBy ? { groupBy } : {}) });
      expect(res.status).toBe(200);
      const ref = reference({ ...p, groupBy });
      expect({ groupBy, total: res.body.data.total }).toEqual({ groupBy, total: ref.total });
      expect({ groupBy, groups: res.body.data.groups }).toEqual({ groupBy, groups: ref.groups });
    }
  });

  it('matches the reference with street, community, category and source filters', async () => {
    const p = periods[0];
    const cases: Array<Record<string, string | number>> = [
      { streetId: tree.street.id, groupBy: 'community' },
      { streetId: tree.otherStreet.id, groupBy: 'category' },
      { communityId: community2.id, groupBy: 'department' },
      { streetId: tree.street.id, communityId: tree.community.id, groupBy: 'month' },
      { categoryCode: 'CG-0101', groupBy: 'source' },
      { source: 'grid_patrol', groupBy: 'street' },
      { streetId: tree.street.id, categoryCode: 'JT-0101', source: 'resident', groupBy: 'day' },
      { department: 'chengguan', groupBy: 'category' },
      { department: 'traffic', streetId: tree.otherStreet.id, groupBy: 'month' },
    ];
    for (const c of cases) {
      const res = await api(districtToken, { ...p, ...c });
      expect(res.status).toBe(200);
      const ref = reference({ ...p, ...(c as object) } as Parameters<typeof reference>[0]);
      expect({ c, total: res.body.data.total, groups: res.body.data.groups }).toEqual({ c, total: ref.total, groups: ref.groups });
    }
  });

  it('a street dispatcher gets their street by default; a community admin their community', async () => {
    const p = periods[0];
    const street = await api(streetToken, { ...p });
    expect(street.status).toBe(200);
    expect(street.body.data.scope.street).toMatchObject({ id: tree.street.id, name: '泰山街道' });
    expect(street.body.data.total).toEqual(reference({ ...p, streetId: tree.street.id }).total);

    const community = await api(communityAdminToken, { ...p, groupBy: 'category' });
    expect(community.status).toBe(200);
    expect(community.body.data.scope).toMatchObject({ street: { id: tree.street.id }, community: { id: community2.id } });
    expect(community.body.data.groups).toEqual(reference({ ...p, communityId: community2.id, groupBy: 'category' }).groups);
  });

  it('shows the definitions at work: rates are fractions of the filed cohort, times are minutes', async () => {
    const res = await api(districtToken, { ...periods[0] });
    const total = res.body.data.total;
    expect(total.filed).toBeGreaterThan(100);
    expect(total.handlingRate).toBeCloseTo(total.handled / total.filed, 4);
    expect(total.closureRate).toBeCloseTo(total.closed / total.filed, 4);
    expect(total.satisfactionRate).toBeCloseTo(total.satisfied / total.rated, 4);
    expect(total.avgMinutesToFile).toBeGreaterThan(0);
    expect(total.avgMinutesToDispatch).toBeGreaterThan(0);
    expect(total.avgMinutesToClose).toBeGreaterThan(total.avgMinutesToFile);
    const shares = Object.values(total.resolvedShare as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(shares).toBeCloseTo(1, 3);
    // an empty period: zero counts, rates and averages null (no division by zero)
    const empty = await api(districtToken, { from: '2020-01-01', to: '2020-01-31' });
    expect(empty.body.data.total).toMatchObject({ reported: 0, filed: 0, handlingRate: null, avgMinutesToClose: null });
    expect(empty.body.data.groups).toEqual([]);
  });

  describe('access and validation', () => {
    it('401 without a session', async () => {
      const res = await t.http().get('/api/figures').query(periods[0]);
      expect(res.status).toBe(401);
      expect(res.body.error).toBe('UNAUTHENTICATED');
    });

    it('422 per field for bad periods, groupings and filters', async () => {
      const bad: Array<[Record<string, string | number>, string]> = [
        [{ to: '2026-01-31' }, 'from'],
        [{ from: '2026-02-30', to: '2026-03-01' }, 'from'],
        [{ from: '2026-03-01', to: '2026-02-01' }, 'to'],
        [{ from: '2025-01-01', to: '2026-03-01' }, 'to'],
        [{ from: '2026-01-01', to: '2026-01-31', groupBy: 'week' }, 'groupBy'],
        [{ from: '2026-01-01', to: '2026-01-31', source: 'fax' }, 'source'],
        [{ from: '2026-01-01', to: '2026-01-31', department: 'nasa' }, 'department'],
        [{ from: '2026-01-01', to: '2026-01-31', streetId: 'x' }, 'streetId'],
        [{ from: '2026-01-01', to: '2026-01-31', streetId: tree.otherStreet.id, communityId: tree.community.id }, 'communityId'],
      ];
      for (const [query, field] of bad) {
        const res = await api(districtToken, query);
        expect({ query, status: res.status, error: res.body.error }).toEqual({ query, status: 422, error: 'VALIDATION_FAILED' });
        expect(res.body.fields[field]).toBeTruthy();
      }
    });

    it('403 for callers without a figures role (residents, department handlers)', async () => {
      const res = await api(residentToken, periods[0]);
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('FORBIDDEN');
      expect((await api(departmentToken, periods[0])).status).toBe(403);
    });

    it('404 for a street or community outside the grants, missing, or of another level', async () => {
      const cases: Array<[string, Record<string, number>]> = [
        [streetToken, { streetId: tree.otherStreet.id }],
        [streetToken, { communityId: tree.otherCommunity.id }],
        [communityAdminToken, { communityId: tree.community.id }],
        [communityAdminToken, { streetId: tree.street.id }],
        [districtToken, { streetId: 999999 }],
        [districtToken, { streetId: tree.community.id }],
        [districtToken, { communityId: tree.street.id }],
      ];
      for (const [token, q] of cases) {
        const res = await api(token, { ...periods[0], ...q });
        expect({ q, status: res.status, error: res.body.error }).toEqual({ q, status: 404, error: 'NOT_FOUND' });
      }
    });
  });

  describe('GET /api/figures/export', () => {
    it('answers the same figures as CSV (BOM, CRLF, header, groups then total)', async () => {
      const q = { ...periods[0], groupBy: 'source' };
      const res = await t.http().get('/api/figures/export').query(q).set('Authorization', bearer(districtToken)).buffer(true).parse((r, cb) => {
        let data = '';
        r.setEncoding('utf8');
        r.on('data', (c: string) => (data += c));
        r.on('end', () => cb(null, data));
      });
      expect(res.status).toBe(200);
      expect(res.headers['content-type']).toMatch(/^text\/csv/);
      expect(res.headers['content-disposition']).toBe('attachment; filename="figures-20251023-20261120.csv"');
      const text = res.body as string;
      expect(text.startsWith('\uFEFF')).toBe(true);
      expect(text.endsWith('\r\n')).toBe(true);
      const lines = text.slice(1).split('\r\n').filter(Boolean);
      expect(lines[0]).toBe(FIGURES_CSV_COLUMNS.map((c) => c.header).join(','));
      const ref = reference({ ...periods[0], groupBy: 'source' });
      expect(lines).toHaveLength(ref.groups.length + 2);
      const total = lines[1].split(',');
      expect(total[0]).toBe('合计');
      expect(total[3]).toBe(String(ref.total.filed));
      expect(total[11]).toBe(ref.total.handlingRate === null ? '' : String(ref.total.handlingRate));
      const labels = lines.slice(2).map((l) => l.split(',')[0]);
      expect(labels).toEqual(ref.groups.map((g) => g.label));
      expect(labels.every((l) => Object.values(TicketSourceLabelZh).includes(l))).toBe(true);
    });

    it('checks access like GET /figures', async () => {
      expect((await t.http().get('/api/figures/export').query(periods[0])).status).toBe(401);
      expect((await t.http().get('/api/figures/export').query({ from: 'x' }).set('Authorization', bearer(districtToken))).status).toBe(422);
      expect((await t.http().get('/api/figures/export').query(periods[0]).set('Authorization', bearer(residentToken))).status).toBe(403);
    });
  });
});
