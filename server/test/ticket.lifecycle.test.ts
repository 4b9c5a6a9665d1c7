import { AuditLogEntity } from '../src/common/audit/audit-log.entity';
import { TicketAssignmentEntity, TicketEntity } from '../src/modules/ticket/ticket.entities';
import { countRows, startAppWithWechatFake } from './factories';
import type { TestApp } from './helpers/app';
import { act, actOk, buildPhoto, buildTicketWorld, reportAs, type TicketWorld } from './ticket.helpers';

/** POST /tickets/:id/actions: capacities, 404/403/409, optimistic locking, the whole lifecycle and its effects. */
describe('ticket lifecycle API', () => {
  let t: TestApp;
  let closeAll: () => Promise<void>;
  let w: TicketWorld;

  beforeAll(async () => {
    ({ t, closeAll } = await startAppWithWechatFake());
    w = await buildTicketWorld(t, ['resident', 'neighbour', 'stranger']);
  });
  afterAll(() => closeAll());

  const notifications = (userId: number, template: string) => countRows(t, 'notifications', 'user_id = ? AND template_key = ?', [userId, template]);
  const pointsOf = async (userId: number) => Number((await t.dataSource.query('SELECT COALESCE(SUM(amount), 0) AS n FROM points_entries WHERE user_id = ?', [userId]))[0].n);

  describe('errors', () => {
    let ticket: any;
    beforeAll(async () => {
      ticket = await reportAs(t, w, 'resident');
    });

    it('401 without a token', async () => {
      const res = await t.http().post(`/api/tickets/${ticket.id}/actions`).send({ action: 'file', version: 1 });
      expect(res.status).toBe(401);
    });

    it('422 on an unknown action or missing fields', async () => {
      const unknown = await act(t, w, 'dispatcher', ticket.id, { action: 'explode', version: 1 });
      expect(unknown.status).toBe(422);
      expect(unknown.body.fields).toEqual({ action: '不支持的操作' });
      const missing = await act(t, w, 'dispatcher', ticket.id, { action: 'refuse' });
      expect(missing.status).toBe(422);
      expect(missing.body.fields).toMatchObject({ version: '缺少版本号，请刷新后重试', reason: '请选择不予受理的原因' });
    });

    it('404 for a caller with no capacity on the ticket (a dispatcher of another street), as for a missing ticket', async () => {
      const other = await act(t, w, 'otherDispatcher', ticket.id, { action: 'file', version: 1 });
      const missing = await act(t, w, 'otherDispatcher', 999999, { action: 'file', version: 1 });
      expect(other.status).toBe(404);
      expect(other.body).toEqual(missing.body);
      expect((await act(t, w, 'stranger', ticket.id, { action: 'comment', version: 1, note: '我看看' })).status).toBe(404);
      expect((await t.http().get(`/api/tickets/${ticket.id}`).set('Authorization', w.as('otherDispatcher'))).status).toBe(404);
    });

    it('403 when the caller sees the ticket but the action needs another capacity', async () => {
      const res = await act(t, w, 'resident', ticket.id, { action: 'file', version: 1 });
      expect(res.status).toBe(403);
      expect(res.body.error).toBe('FORBIDDEN');
      expect(res.body.data.allowed).toEqual(['cancel', 'comment']);
    });

    it('409 TICKET_TRANSITION_NOT_ALLOWED naming the allowed actions', async () => {
      const res = await act(t, w, 'dispatcher', ticket.id, { action: 'close', version: 1 });
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('TICKET_TRANSITION_NOT_ALLOWED');
      expect(res.body.data.allowed).toEqual(expect.arrayContaining(['file', 'refuse', 'supervise', 'comment']));
      expect(res.body.data.allowed).not.toContain('close');
    });

    it('409 CONFLICT with the fresh ticket on a stale version', async () => {
      const res = await act(t, w, 'dispatcher', ticket.id, { action: 'file', version: 7 });
      expect(res.status).toBe(409);
      expect(res.body.error).toBe('CONFLICT');
      expect(res.body.data.ticket).toMatchObject({ id: ticket.id, version: 1, status: 'reported', view: 'staff', allowedActions: expect.arrayContaining(['file']) });
      expect((await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: ticket.id })).version).toBe(1);
    });

    it('two dispatchers at once give one winner; the loser gets 409 with the fresh ticket', async () => {
      const [a, b] = await Promise.all([
        act(t, w, 'dispatcher', ticket.id, { action: 'file', version: 1 }),
        act(t, w, 'dispatcher2', ticket.id, { action: 'refuse', version: 1, reason: 'invalid' }),
      ]);
      const statuses = [a.status, b.status].sort();
      expect(statuses).toEqual([200, 409]);
      const loser = a.status === 409 ? a : b;
      expect(loser.body.error).toBe('CONFLICT');
      expect(loser.body.data.ticket.version).toBe(2);
      const row = await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: ticket.id });
      expect(row.version).toBe(2);
      expect(['filed', 'refused']).toContain(row.status);
      expect(await countRows(t, 'ticket_events', "ticket_id = ? AND action IN ('file', 'refuse')", [ticket.id])).toBe(1);
    });
  });

  it('the whole loop: file (number) -> dispatch to a department -> accept -> handle -> reporter verifies -> close -> rate, with events, audit, notifications and points', async () => {
    const reported = await reportAs(t, w, 'resident', { description: '菜场门口流动摊贩占道，早高峰很堵' });
    const joinPhoto = await buildPhoto(t, w.users.neighbour);
    await t.http().post(`/api/tickets/${reported.id}/join`).set('Authorization', w.as('neighbour')).send({ photoIds: [joinPhoto.id] });
    const pointsBefore = await pointsOf(w.users.resident.id);
    // Earlier tests may have told the resident about other tickets: count from here.
    const base: Record<string, number> = {};
    for (const tpl of ['ticket_filed', 'ticket_handled', 'ticket_closed']) base[tpl] = await notifications(w.users.resident.id, tpl);
    const told = async (tpl: string) => (await notifications(w.users.resident.id, tpl)) - base[tpl];

    // The dispatcher sees the reporter (staff view); files it: a number from the street's day counter.
    const seen = await t.http().get(`/api/tickets/${reported.id}`).set('Authorization', w.as('dispatcher'));
    expect(seen.body.data).toMatchObject({ view: 'staff', reporter: { id: w.users.resident.id, nickname: '居民resident' }, capacities: ['street_dispatcher'] });
    const filed = await actOk(t, w, 'dispatcher', seen.body.data, { action: 'file', note: '属实，立案' });
    expect(filed).toMatchObject({ status: 'filed', version: seen.body.data.version + 1 });
    expect(filed.number).toMatch(/^320111001-\d{8}-\d{4}$/);
    expect(await told('ticket_filed')).toBe(1);
    expect(await notifications(w.users.neighbour.id, 'ticket_filed')).toBe(1);
    expect(await pointsOf(w.users.resident.id)).toBeGreaterThan(pointsBefore);
    expect(await pointsOf(w.users.neighbour.id)).toBeGreaterThan(0);

    // Dispatch to 城管 (lead) and 房产: the department queue rows appear, the handlers are told.
    const dispatched = await actOk(t, w, 'dispatcher', filed, { action: 'dispatch', target: { kind: 'departments', departments: ['chengguan', 'housing'] } });
    expect(dispatched).toMatchObject({ status: 'dispatched', assignee: { kind: 'departments', label: '城管、房产' }, holderLabel: '城管、房产' });
    expect(Date.parse(dispatched.handleDeadline)).toBeGreaterThan(Date.now());
    expect(await t.dataSource.getRepository(TicketAssignmentEntity).findBy({ ticketId: reported.id })).toEqual([
      expect.objectContaining({ department: 'chengguan', isLead: true, status: 'dispatched', isOpen: true }),
      expect.objectContaining({ department: 'housing', isLead: false }),
    ]);
    expect(await notifications(w.users.handler.id, 'ticket_assigned')).toBe(1);
    expect(await notifications(w.users.policeHandler.id, 'ticket_assigned')).toBe(0);

    // The 城管 handler is the assignee; the 公安 handler of the same district has no capacity.
    expect((await t.http().get(`/api/tickets/${reported.id}`).set('Authorization', w.as('policeHandler'))).status).toBe(404);
    const handlerView = await t.http().get(`/api/tickets/${reported.id}`).set('Authorization', w.as('handler'));
    expect(handlerView.body.data).toMatchObject({ capacities: ['assignee'], allowedActions: expect.arrayContaining(['accept', 'return', 'request_extension']) });
    const accepted = await actOk(t, w, 'handler', dispatched, { action: 'accept' });
    const after = await buildPhoto(t, w.users.handler);
    const handled = await actOk(t, w, 'handler', accepted, { action: 'handle', result: '已劝离摊贩并清理现场', photoIds: [after.id] });
    expect(handled).toMatchObject({ status: 'handled', resolvedLevel: 'department', result: { text: '已劝离摊贩并清理现场' } });
    expect(handled.result.photos.map((p: any) => p.id)).toEqual([after.id]);
    expect(await told('ticket_handled')).toBe(1);
    expect(await notifications(w.users.neighbour.id, 'ticket_handled')).toBe(1);

    // The reporter confirms the fix (points), the dispatcher closes, the reporter rates.
    const mine = await t.http().get(`/api/tickets/${reported.id}`).set('Authorization', w.as('resident'));
    expect(mine.body.data).toMatchObject({ holderLabel: '等待您核查', allowedActions: expect.arrayContaining(['verify_pass', 'verify_fail']) });
    const beforeConfirm = await pointsOf(w.users.resident.id);
    const verified = await actOk(t, w, 'resident', mine.body.data, { action: 'verify_pass' });
    expect(await pointsOf(w.users.resident.id)).toBeGreaterThan(beforeConfirm);
    const closed = await actOk(t, w, 'dispatcher', verified, { action: 'close' });
    expect(closed).toMatchObject({ status: 'closed', reopenUntil: expect.any(String) });
    expect(await told('ticket_closed')).toBe(1);
    const rated = await actOk(t, w, 'resident', { id: reported.id, version: closed.version }, { action: 'rate', rating: 5, comment: '处理很快' });
    expect(rated).toMatchObject({ status: 'rated', rating: { score: 5, comment: '处理很快' }, myRating: 5 });
    const twice = await act(t, w, 'resident', reported.id, { action: 'rate', version: rated.version, rating: 4 });
    expect(twice.status).toBe(409);
    expect(twice.body.error).toBe('TICKET_ALREADY_RATED');
    // A co-reporter rates too: stored, the state stays rated, the version does not move.
    const coRated = await actOk(t, w, 'neighbour', rated, { action: 'rate', rating: 4 });
    expect(coRated).toMatchObject({ status: 'rated', version: rated.version, rating: { score: 5 }, myRating: 4 });

    // The resident's timeline: staff as role + unit, never by name.
    const timeline = (await t.http().get(`/api/tickets/${reported.id}`).set('Authorization', w.as('resident'))).body.data.events;
    expect(timeline.map((e: any) => e.action)).toEqual(['report', 'join', 'file', 'dispatch', 'accept', 'handle', 'verify_pass', 'close', 'rate', 'rate']);
    const file = timeline.find((e: any) => e.action === 'file');
    expect(file.actor).toEqual({ kind: 'staff', label: '泰山街道 街道指挥中心', capacity: 'street_dispatcher', unitName: '泰山街道', department: null });
    const handle = timeline.find((e: any) => e.action === 'handle');
    expect(handle.actor).toEqual({ kind: 'staff', label: '浦口区 城管', capacity: 'assignee', unitName: '浦口区', department: 'chengguan' });
    expect(JSON.stringify(timeline)).not.toContain('工作人员');
    const dispatch = timeline.find((e: any) => e.action === 'dispatch');
    expect(dispatch.data.target).toMatchObject({ kind: 'departments', label: '城管、房产' });

    // Staff see names; the audit log has the staff actions.
    const staffTimeline = (await t.http().get(`/api/tickets/${reported.id}`).set('Authorization', w.as('dispatcher'))).body.data.events;
    expect(staffTimeline.find((e: any) => e.action === 'file').actor).toMatchObject({ kind: 'me', label: '我' });
    expect(staffTimeline.find((e: any) => e.action === 'handle').actor).toMatchObject({ kind: 'staff', name: '工作人员handler' });
    const audits = await t.dataSource.getRepository(AuditLogEntity).find({ where: { targetType: 'ticket', targetId: String(reported.id) }, order: { id: 'ASC' } });
    expect(audits.map((a) => a.action)).toEqual(['ticket.file', 'ticket.dispatch', 'ticket.accept', 'ticket.handle', 'ticket.close']);
  });

  it('numbers are unique per street and day, in filing order', async () => {
    const a = await reportAs(t, w, 'stranger');
    const b = await reportAs(t, w, 'stranger');
    const [fa, fb] = await Promise.all([
      actOk(t, w, 'dispatcher', a, { action: 'file' }),
      actOk(t, w, 'dispatcher2', b, { action: 'file' }),
    ]);
    expect(fa.number).not.toBe(fb.number);
    const seqs = [fa.number, fb.number].map((n: string) => Number(n.split('-')[2]));
    expect(Math.abs(seqs[0] - seqs[1])).toBe(1);
  });

  it('refuse after filing as a duplicate takes the points back; the reporter is told why', async () => {
    const ticket = await reportAs(t, w, 'stranger');
    const before = await pointsOf(w.users.stranger.id);
    const filed = await actOk(t, w, 'dispatcher', ticket, { action: 'file' });
    expect(await pointsOf(w.users.stranger.id)).toBeGreaterThan(before);
    const refused = await actOk(t, w, 'dispatcher', filed, { action: 'refuse', reason: 'duplicate', note: '与已有工单重复' });
    expect(refused).toMatchObject({ status: 'refused', refusal: { reason: 'duplicate', reasonLabel: '重复上报', note: '与已有工单重复' }, allowedActions: [] });
    expect(await pointsOf(w.users.stranger.id)).toBe(before);
    const inbox = await t.dataSource.query("SELECT body FROM notifications WHERE user_id = ? AND template_key = 'ticket_refused' ORDER BY id DESC", [w.users.stranger.id]);
    expect(inbox[0].body).toContain('重复上报：与已有工单重复');
  });

  it('return (wrong department) -> re-dispatch; extension requested and approved; escalation to the district', async () => {
    const ticket = await reportAs(t, w, 'resident');
    const filed = await actOk(t, w, 'dispatcher', ticket, { action: 'file' });
    const toPolice = await actOk(t, w, 'dispatcher', filed, { action: 'dispatch', target: { kind: 'departments', departments: ['police'] } });
    const returned = await actOk(t, w, 'policeHandler', toPolice, { action: 'return', suggestedDepartment: 'chengguan', reason: '不属于公安职责' });
    expect(returned).toMatchObject({ status: 'returned', assignee: null, allowedActions: [] });
    expect((await t.http().get(`/api/tickets/${ticket.id}`).set('Authorization', w.as('policeHandler'))).status).toBe(404);
    expect(await countRows(t, 'ticket_assignments', 'ticket_id = ?', [ticket.id])).toBe(0);
    expect(returned.events.at(-1).data.suggestedDepartment).toEqual({ code: 'chengguan', name: '城管' });

    const toCg = await actOk(t, w, 'dispatcher', returned, { action: 'dispatch', target: { kind: 'departments', departments: ['chengguan'] } });
    const requested = await actOk(t, w, 'handler', toCg, { action: 'request_extension', days: 2, reason: '需要联合执法' });
    expect(requested).toMatchObject({ extensionPending: true, extensionRequest: { days: 2, reason: '需要联合执法' } });
    const again = await act(t, w, 'handler', ticket.id, { action: 'request_extension', version: requested.version, days: 1, reason: '再延期' });
    expect(again.status).toBe(409);
    expect(again.body.error).toBe('EXTENSION_PENDING');
    const approved = await actOk(t, w, 'dispatcher', requested, { action: 'approve_extension' });
    expect(approved).toMatchObject({ extensionPending: false, extensionCount: 1 });
    expect(Date.parse(approved.handleDeadline)).toBeGreaterThan(Date.parse(requested.handleDeadline));

    const escalated = await actOk(t, w, 'dispatcher', approved, { action: 'escalate', reason: '涉及多个街道，需区级协调' });
    expect(escalated).toMatchObject({ status: 'filed', level: 'district', assignee: null });
    expect(await countRows(t, 'ticket_assignments', 'ticket_id = ?', [ticket.id])).toBe(0);
    // Now the district's: the street dispatcher can no longer dispatch it.
    const streetTry = await act(t, w, 'dispatcher', ticket.id, { action: 'dispatch', version: escalated.version, target: { kind: 'grid' } });
    expect(streetTry.status).toBe(403);
    const districtView = await t.http().get(`/api/tickets/${ticket.id}`).set('Authorization', w.as('districtDispatcher'));
    expect(districtView.body.data.allowedActions).toContain('dispatch');
    expect(await notifications(w.users.districtDispatcher.id, 'ticket_assigned')).toBeGreaterThan(0);
  });

  it('grid worker: self_handle (fixed on the spot) only for on-spot-fixable categories; verify_fail sends it back as rework', async () => {
    const fixable = await reportAs(t, w, 'resident');
    const photo = await buildPhoto(t, w.users.gridWorker);
    const fixed = await actOk(t, w, 'gridWorker', fixable, { action: 'self_handle', result: '已当场劝离', photoIds: [photo.id] });
    expect(fixed).toMatchObject({ status: 'handled', resolvedLevel: 'grid', assignee: { kind: 'grid' } });
    expect(fixed.number).toMatch(/^320111001-/);

    const notFixable = await reportAs(t, w, 'resident', { categoryCode: 'CG-0102', photoIds: [(await buildPhoto(t, w.users.resident)).id, (await buildPhoto(t, w.users.resident)).id], answers: { floor: '顶楼' } });
    const refusedFix = await act(t, w, 'gridWorker', notFixable.id, { action: 'self_handle', version: notFixable.version, result: '已处理', photoIds: [photo.id] });
    expect(refusedFix.status).toBe(409);
    expect(refusedFix.body.error).toBe('TICKET_NOT_ON_SPOT_FIXABLE');

    const rework = await actOk(t, w, 'resident', { id: fixable.id, version: fixed.version }, { action: 'verify_fail', reason: '摊贩又回来了' });
    expect(rework).toMatchObject({ status: 'handling', reworkCount: 1 });
    expect(await notifications(w.users.gridWorker.id, 'ticket_assigned')).toBeGreaterThan(0);
  });

  it('cancel by the reporter before filing; a co-reporter may not cancel', async () => {
    const ticket = await reportAs(t, w, 'resident');
    await t.http().post(`/api/tickets/${ticket.id}/join`).set('Authorization', w.as('neighbour')).send({});
    const co = await act(t, w, 'neighbour', ticket.id, { action: 'cancel', version: ticket.version });
    expect(co.status).toBe(403);
    const cancelled = await actOk(t, w, 'resident', ticket, { action: 'cancel' });
    expect(cancelled).toMatchObject({ status: 'cancelled', holderLabel: '已撤回', allowedActions: [] });
  });

  it('a protected reporter is hidden from departments; phone numbers never appear', async () => {
    const ticket = await reportAs(t, w, 'resident', { protectedReporter: true });
    const filed = await actOk(t, w, 'dispatcher', ticket, { action: 'file' });
    expect(filed.reporter).toMatchObject({ id: w.users.resident.id });
    const dispatched = await actOk(t, w, 'dispatcher', filed, { action: 'dispatch', target: { kind: 'departments', departments: ['chengguan'] } });
    const seen = await t.http().get(`/api/tickets/${dispatched.id}`).set('Authorization', w.as('handler'));
    expect(seen.body.data.reporter).toBeNull();
    expect(seen.body.data.events[0].actor).toMatchObject({ kind: 'reporter', label: '上报人' });
    expect(seen.body.data.events[0].actor.name).toBeUndefined();
    expect(JSON.stringify(seen.body.data)).not.toContain('居民resident');
  });
});
