import { computeFigures, DEPARTMENTS, figuresPeriod, beijingDate } from '@linli/shared';
import { startTestApp, TestApp } from './helpers/app';
import { loadFigureTickets } from './figures.support';
import { actOk, buildPhoto, buildTicketWorld, reportAs, TicketWorld } from './ticket.helpers';

/**
 * The figures over tickets that went through the REAL services (report, file, dispatch, accept, handle,
 * verify, close, rate, refuse, on-the-spot fix, escalation) over HTTP: the columns the ticket module
 * writes are read by the figures SQL exactly as docs/FIGURES.md defines them, and equal the shared
 * reference over the same rows.
 */
describe('figures over real lifecycles', () => {
  let t: TestApp;
  let w: TicketWorld;
  const today = beijingDate(new Date());

  beforeAll(async () => {
    t = await startTestApp();
    w = await buildTicketWorld(t);

    // A: closed by 城管 (a district department) and rated 5 by the reporter.
    let a = await reportAs(t, w, 'resident');
    a = await actOk(t, w, 'dispatcher', a, { action: 'file' });
    a = await actOk(t, w, 'dispatcher', a, { action: 'dispatch', target: { kind: 'departments', departments: ['chengguan'] } });
    a = await actOk(t, w, 'handler', a, { action: 'accept' });
    const after = await buildPhoto(t, w.users.handler);
    a = await actOk(t, w, 'handler', a, { action: 'handle', result: '已清理占道摊位', photoIds: [after.id] });
    a = await actOk(t, w, 'resident', a, { action: 'verify_pass' });
    a = await actOk(t, w, 'dispatcher', a, { action: 'close' });
    await actOk(t, w, 'resident', a, { action: 'rate', rating: 5 });

    // B: refused as a duplicate before filing (intake only).
    const b = await reportAs(t, w, 'neighbour');
    await actOk(t, w, 'dispatcher', b, { action: 'refuse', reason: 'duplicate' });

    // C: fixed on the spot by the grid worker (filed by the fix, resolved at grid), then verified and closed.
    let c = await reportAs(t, w, 'stranger');
    const fix = await buildPhoto(t, w.users.gridWorker);
    c = await actOk(t, w, 'gridWorker', c, { action: 'self_handle', result: '已劝离摊贩', photoIds: [fix.id] });
    c = await actOk(t, w, 'gridWorker', c, { action: 'verify_pass' });
    await actOk(t, w, 'dispatcher', c, { action: 'close' });

    // D: filed, dispatched to the grid worker, verification failed (rework), still being handled.
    let d = await reportAs(t, w, 'resident');
    d = await actOk(t, w, 'dispatcher', d, { action: 'file' });
    d = await actOk(t, w, 'dispatcher', d, { action: 'dispatch', target: { kind: 'grid' } });
    d = await actOk(t, w, 'gridWorker', d, { action: 'accept' });
    const photo = await buildPhoto(t, w.users.gridWorker);
    d = await actOk(t, w, 'gridWorker', d, { action: 'handle', result: '已处理', photoIds: [photo.id] });
    await actOk(t, w, 'resident', d, { action: 'verify_fail', reason: '摊位还在' });

    // E: filed and escalated to the district (still open).
    let e = await reportAs(t, w, 'neighbour');
    e = await actOk(t, w, 'dispatcher', e, { action: 'file' });
    await actOk(t, w, 'dispatcher', e, { action: 'escalate', reason: '涉及多个部门，需要区级协调' });
  }, 120_000);
  afterAll(() => t.close());

  const get = (query: Record<string, string | number>, who = 'dispatcher') => t.http().get('/api/figures').query(query).set('Authorization', w.as(who));

  it('counts what happened, by the definitions', async () => {
    const res = await get({ from: today, to: today });
    expect(res.status).toBe(200);
    expect(res.body.data.total).toMatchObject({
      reported: 5,
      refused: 1,
      filed: 4,
      handled: 2,
      closed: 2,
      closedOnTime: 2,
      reworked: 1,
      extended: 0,
      rated: 1,
      satisfied: 1,
      handlingRate: 0.5,
      closureRate: 0.5,
      reworkRate: 0.25,
      satisfactionRate: 1,
      resolvedAt: { grid: 1, street: 0, district: 0, department: 1 },
      resolvedShare: { grid: 0.5, street: 0, district: 0, department: 0.5 },
    });
    expect(res.body.data.total.avgMinutesToFile).toBeGreaterThanOrEqual(0);
    expect(res.body.data.total.avgMinutesToDispatch).not.toBeNull();
  });

  it('equals the shared reference over the same rows, for every grouping', async () => {
    const tickets = await loadFigureTickets(t.dataSource.manager);
    expect(tickets).toHaveLength(5);
    const names: Record<string, string> = { [w.tree.street.id]: w.tree.street.name, [w.tree.community.id]: w.tree.community.name, 'CG-0101': '占道经营', resident: '居民随手拍' };
    for (const groupBy of [undefined, 'street', 'community', 'category', 'department', 'source', 'day', 'month'] as const) {
      const res = await get({ from: today, to: today, ...(groupBy ? { groupBy } : {}) }, 'districtDispatcher');
      const ref = computeFigures(tickets, figuresPeriod({ from: today, to: today }), {
        groupBy: groupBy ?? null,
        labelOf: (k) => (k === null ? (groupBy === 'department' ? '未派部门' : '未分组') : groupBy === 'department' ? DEPARTMENTS.find((d) => d.code === k)!.name : names[k] ?? k),
      });
      expect({ groupBy, total: res.body.data.total, groups: res.body.data.groups }).toEqual({ groupBy, total: ref.total, groups: ref.groups });
    }
    const dept = await get({ from: today, to: today, groupBy: 'department' });
    expect(dept.body.data.groups.map((g: { key: string | null; filed: number }) => [g.key, g.filed])).toEqual([
      ['chengguan', 1],
      [null, 3],
    ]);
  });
});
