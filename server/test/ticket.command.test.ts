import { randomUUID } from 'crypto';
import { addWorkingTime } from '@linli/shared';
import { TicketEntity, TicketEventEntity } from '../src/modules/ticket/ticket.entities';
import { TicketSupervisionService } from '../src/modules/ticket/ticket-supervision.service';
import { acquireLease } from '../src/modules/ticket/ticket.db';
import { countRows, startAppWithWechatFake } from './factories';
import type { TestApp } from './helpers/app';
import { actOk, buildPhoto, buildTicketWorld, IN_GRID, IN_OTHER_GRID, reportAs, type TicketWorld } from './ticket.helpers';

/** Staff side: queues (keyset, filters, scope), staff entry, bulk dispatch, the supervision job, photo access. */
describe('ticket command API', () => {
  let t: TestApp;
  let closeAll: () => Promise<void>;
  let w: TicketWorld;

  beforeAll(async () => {
    ({ t, closeAll } = await startAppWithWechatFake());
    w = await buildTicketWorld(t, ['resident', 'neighbour', 'stranger']);
  });
  afterAll(() => closeAll());

  const get = (who: string | null, url: string) => {
    const req = t.http().get(url);
    return who ? req.set('Authorization', w.as(who)) : req;
  };
  const staffBody = (overrides: Record<string, unknown> = {}) => ({
    idempotencyKey: `staff-${randomUUID()}`,
    source: 'hotline',
    categoryCode: 'CG-0101',
    description: '12345 来电反映路口有人占道摆摊',
    location: { mode: 'map', lat: IN_GRID.lat, lng: IN_GRID.lng, address: '津浦路口' },
    ...overrides,
  });

  describe('POST /api/command/tickets (staff entry)', () => {
    it('401, 422, 403 for residents, for a grid worker entering a hotline call, for a place outside the caller\'s units', async () => {
      expect((await t.http().post('/api/command/tickets').send(staffBody())).status).toBe(401);
      const bad = await t.http().post('/api/command/tickets').set('Authorization', w.as('dispatcher')).send({ ...staffBody(), source: 'resident' });
      expect(bad.status).toBe(422);
      expect(bad.body.fields).toEqual({ source: '请选择案件来源' });
      expect((await t.http().post('/api/command/tickets').set('Authorization', w.as('resident')).send(staffBody())).status).toBe(403);
      const hotlineByGrid = await t.http().post('/api/command/tickets').set('Authorization', w.as('gridWorker')).send(staffBody());
      expect(hotlineByGrid.status).toBe(403);
      const elsewhere = await t.http().post('/api/command/tickets').set('Authorization', w.as('dispatcher')).send(staffBody({ location: { mode: 'map', lat: IN_OTHER_GRID.lat, lng: IN_OTHER_GRID.lng } }));
      expect(elsewhere.status).toBe(403);
      expect(await countRows(t, 'tickets')).toBe(0);
    });

    it('201: a hotline entry filed at once, the caller\'s phone kept for the command centre only (masked); a retry replays', async () => {
      const body = staffBody({ contactName: '王先生', contactPhone: '13912345678', fileNow: true });
      const res = await t.http().post('/api/command/tickets').set('Authorization', w.as('dispatcher')).send(body);
      expect(res.status).toBe(201);
      const ticket = res.body.data.ticket;
      expect(ticket).toMatchObject({ source: 'hotline', sourceLabel: '12345热线', status: 'filed', reporter: null, contact: { name: '王先生', phone: '139****5678' } });
      expect(ticket.number).toMatch(/^320111001-/);
      expect(JSON.stringify(res.body)).not.toContain('13912345678');
      expect(ticket.events.map((e: any) => e.action)).toEqual(['report', 'file']);
      const again = await t.http().post('/api/command/tickets').set('Authorization', w.as('dispatcher')).send(body);
      expect(again.status).toBe(200);
      expect(again.body.data).toMatchObject({ replayed: true, ticket: { id: ticket.id } });
      // Departments never see the contact.
      const d = await actOk(t, w, 'dispatcher', ticket, { action: 'dispatch', target: { kind: 'departments', departments: ['chengguan'] } });
      const seen = await get('handler', `/api/tickets/${d.id}`);
      expect(seen.body.data.contact).toBeNull();
      expect(await countRows(t, 'audit_logs', "action = 'ticket.staff_entry'")).toBe(1);
    });

    it('a grid worker enters what they found on patrol and fixes it on the spot (self_handle)', async () => {
      const photo = await buildPhoto(t, w.users.gridWorker);
      const res = await t.http().post('/api/command/tickets').set('Authorization', w.as('gridWorker')).send(staffBody({ source: 'grid_patrol', description: '巡查发现商户占道堆放货物', photoIds: [photo.id] }));
      expect(res.status).toBe(201);
      const entered = res.body.data.ticket;
      expect(entered).toMatchObject({ source: 'grid_patrol', status: 'reported', capacities: ['grid_worker'], allowedActions: expect.arrayContaining(['self_handle']) });
      const fixed = await actOk(t, w, 'gridWorker', entered, { action: 'self_handle', result: '已督促商户清理', photoIds: [photo.id] });
      expect(fixed).toMatchObject({ status: 'handled', resolvedLevel: 'grid' });
    });
  });

  describe('queues', () => {
    beforeAll(async () => {
      for (let i = 0; i < 5; i++) await reportAs(t, w, 'resident', { description: `队列测试工单 ${i} 号，占道经营` });
      await reportAs(t, w, 'neighbour', { location: { mode: 'map', lat: IN_OTHER_GRID.lat, lng: IN_OTHER_GRID.lng } });
    });

    it('401, 403 without the queue\'s role, 422 on bad filters and cursors', async () => {
      expect((await get(null, '/api/command/queue')).status).toBe(401);
      expect((await get('resident', '/api/command/queue')).status).toBe(403);
      expect((await get('dispatcher', '/api/command/grid')).status).toBe(403);
      expect((await get('gridWorker', '/api/command/department')).status).toBe(403);
      expect((await get('dispatcher', '/api/command/district')).status).toBe(403);
      const bad = await get('dispatcher', '/api/command/queue?status=nope&limit=500&overdue=maybe');
      expect(bad.status).toBe(422);
      expect(Object.keys(bad.body.fields).sort()).toEqual(['limit', 'overdue', 'status.0']);
      expect((await get('dispatcher', '/api/command/queue?cursor=abc')).status).toBe(422);
    });

    it('the dispatcher\'s queue: their street only, by time left, keyset pages that add up to the whole queue', async () => {
      const all = await get('dispatcher', '/api/command/queue?limit=100');
      expect(all.status).toBe(200);
      const items = all.body.data.items;
      expect(items.length).toBeGreaterThanOrEqual(5);
      expect(items.every((i: any) => i.street.id === w.tree.street.id)).toBe(true);
      const keys = items.map((i: any) => [Date.parse(i.dueAt ?? '9999-01-01'), i.id]);
      expect(items[0]).toMatchObject({ allowedActions: expect.any(Array), version: expect.any(Number) });
      expect(items.find((i: any) => i.dueAt)).toMatchObject({ msLeft: expect.any(Number) });
      const open = items.filter((i: any) => i.dueAt !== null);
      for (let k = 1; k < open.length; k++) {
        const [a, b] = [open[k - 1], open[k]];
        expect(Date.parse(a.dueAt) < Date.parse(b.dueAt) || (a.dueAt === b.dueAt && a.id < b.id)).toBe(true);
      }
      expect(keys.length).toBe(items.length);
      const paged: number[] = [];
      let cursor: string | null = null;
      do {
        const res: any = await get('dispatcher', `/api/command/queue?limit=2${cursor ? `&cursor=${cursor}` : ''}`);
        paged.push(...res.body.data.items.map((i: any) => i.id));
        cursor = res.body.data.nextCursor;
      } while (cursor);
      expect(paged).toEqual(items.map((i: any) => i.id));
      const other = await get('otherDispatcher', '/api/command/queue');
      expect(other.body.data.items.every((i: any) => i.street.id === w.tree.otherStreet.id)).toBe(true);
      expect(other.body.data.items.length).toBe(1);
    });

    it('filters: status, category, community, source, overdue', async () => {
      const reported = await get('dispatcher', '/api/command/queue?status=reported');
      expect(reported.body.data.items.length).toBeGreaterThan(0);
      expect(reported.body.data.items.every((i: any) => i.status === 'reported')).toBe(true);
      const two = await get('dispatcher', '/api/command/queue?status=reported,filed&source=hotline');
      expect(two.body.data.items.every((i: any) => ['reported', 'filed'].includes(i.status) && i.source === 'hotline')).toBe(true);
      expect((await get('dispatcher', '/api/command/queue?categoryCode=ZA-0101')).body.data.items).toEqual([]);
      expect((await get('dispatcher', `/api/command/queue?communityId=${w.tree.otherCommunity.id}`)).body.data.items).toEqual([]);
      expect((await get('dispatcher', '/api/command/queue?overdue=true')).body.data.items).toEqual([]);
      // A district dispatcher sees every street and may pick one.
      const district = await get('districtDispatcher', `/api/command/queue?streetId=${w.tree.otherStreet.id}`);
      expect(district.body.data.items.length).toBe(1);
    });

    it('grid, department and district queues', async () => {
      const grid = await get('gridWorker', '/api/command/grid');
      expect(grid.body.data.items.length).toBeGreaterThan(0);
      expect(grid.body.data.items.every((i: any) => i.grid.id === w.tree.grid.id)).toBe(true);
      expect((await get('otherGridWorker', '/api/command/grid')).body.data.items.every((i: any) => i.grid.id === w.tree.otherGrid.id)).toBe(true);

      const ticket = await reportAs(t, w, 'resident');
      const filed = await actOk(t, w, 'dispatcher', ticket, { action: 'file' });
      const dispatched = await actOk(t, w, 'dispatcher', filed, { action: 'dispatch', target: { kind: 'departments', departments: ['chengguan'] } });
      const dep = await get('handler', '/api/command/department');
      expect(dep.body.data.items.map((i: any) => i.id)).toContain(dispatched.id);
      expect(dep.body.data.items.find((i: any) => i.id === dispatched.id)).toMatchObject({ allowedActions: expect.arrayContaining(['accept']) });
      expect((await get('policeHandler', '/api/command/department')).body.data.items.map((i: any) => i.id)).not.toContain(dispatched.id);

      await actOk(t, w, 'dispatcher', dispatched, { action: 'escalate', reason: '需要区级协调处理' });
      const district = await get('districtDispatcher', '/api/command/district');
      expect(district.body.data.items.map((i: any) => i.id)).toEqual([dispatched.id]);
      expect((await get('handler', '/api/command/department')).body.data.items.map((i: any) => i.id)).not.toContain(dispatched.id);
    });
  });

  describe('POST /api/command/bulk-dispatch', () => {
    it('401, 422, per-ticket results: dispatched, stale, not found, not allowed', async () => {
      expect((await t.http().post('/api/command/bulk-dispatch').send({})).status).toBe(401);
      const bad = await t.http().post('/api/command/bulk-dispatch').set('Authorization', w.as('dispatcher')).send({ items: [], target: { kind: 'nowhere' } });
      expect(bad.status).toBe(422);
      expect(Object.keys(bad.body.fields).sort()).toEqual(['items', 'target.kind']);
      const notDispatcher = await t.http().post('/api/command/bulk-dispatch').set('Authorization', w.as('gridWorker')).send({ items: [{ id: 1, version: 1 }], target: { kind: 'grid' } });
      expect(notDispatcher.status).toBe(403);

      const a = await actOk(t, w, 'dispatcher', await reportAs(t, w, 'resident'), { action: 'file' });
      const b = await actOk(t, w, 'dispatcher', await reportAs(t, w, 'resident'), { action: 'file' });
      const notFiled = await reportAs(t, w, 'resident');
      const elsewhere = await reportAs(t, w, 'neighbour', { location: { mode: 'map', lat: IN_OTHER_GRID.lat, lng: IN_OTHER_GRID.lng } });
      const res = await t.http().post('/api/command/bulk-dispatch').set('Authorization', w.as('dispatcher')).send({
        items: [
          { id: a.id, version: a.version },
          { id: b.id, version: b.version - 1 },
          { id: elsewhere.id, version: elsewhere.version },
          { id: notFiled.id, version: notFiled.version },
        ],
        target: { kind: 'grid' },
      });
      expect(res.status).toBe(200);
      expect(res.body.data).toMatchObject({ dispatched: 1, failed: 3 });
      expect(res.body.data.results).toEqual([
        { id: a.id, ok: true, ticket: expect.objectContaining({ id: a.id, status: 'dispatched', holderLabel: '网格员（津浦社区第一网格）' }) },
        { id: b.id, ok: false, error: 'CONFLICT', message: expect.any(String), version: b.version },
        { id: elsewhere.id, ok: false, error: 'NOT_FOUND', message: expect.any(String) },
        { id: notFiled.id, ok: false, error: 'TICKET_TRANSITION_NOT_ALLOWED', message: expect.any(String) },
      ]);
      expect((await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: b.id })).status).toBe('filed');
    });
  });

  describe('supervision job', () => {
    it('reminds at 50/80/100 % once per stage, flags overdue, escalates past twice the handle limit; one lease holder', async () => {
      const sut = await t.get(TicketSupervisionService);
      const ticket = await reportAs(t, w, 'resident');
      const row = await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: ticket.id });
      const events = () => t.dataSource.getRepository(TicketEventEntity).find({ where: { ticketId: ticket.id, action: 'supervise' }, order: { id: 'ASC' } });

      const past = new Date(row.fileDeadline.getTime() + 1000);
      const first = await sut.tick(past);
      expect(first.ran).toBe(true);
      expect((await events()).map((e) => e.data)).toEqual([{ stage: { kind: 'file', percent: 100 }, auto: true }]);
      expect(await countRows(t, 'ticket_supervision_marks', 'ticket_id = ?', [ticket.id])).toBe(3);
      expect((await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: ticket.id })).overdue).toBe(true);
      expect(await countRows(t, 'notifications', "user_id = ? AND template_key = 'ticket_assigned'", [w.users.dispatcher.id])).toBeGreaterThan(0);
      await sut.tick(past);
      expect(await events()).toHaveLength(1);

      // Dispatched: the handle deadline's rounds start; the overdue flag follows the new deadline.
      const fresh = (await get('dispatcher', `/api/tickets/${ticket.id}`)).body.data;
      const filed = await actOk(t, w, 'dispatcher', fresh, { action: 'file' });
      const dispatched = await actOk(t, w, 'dispatcher', filed, { action: 'dispatch', target: { kind: 'grid' } });
      expect(dispatched.overdue).toBe(false);
      const handleDeadline = new Date(dispatched.handleDeadline);
      const halfway = addWorkingTime(new Date(await lastDispatch(ticket.id)), { amount: 4, unit: 'hours' });
      await sut.tick(halfway);
      expect((await events()).map((e) => (e.data as any).stage)).toEqual([{ kind: 'file', percent: 100 }, { kind: 'handle', percent: 50 }]);
      await sut.tick(new Date(handleDeadline.getTime() + 1000));
      expect((await events()).map((e) => (e.data as any).stage.percent)).toEqual([100, 50, 100]);
      expect(await countRows(t, 'ticket_supervision_marks', 'ticket_id = ?', [ticket.id])).toBe(6);

      const muchLater = addWorkingTime(handleDeadline, { amount: 3, unit: 'days' });
      const late = await sut.tick(muchLater);
      expect(late.escalated).toBeGreaterThanOrEqual(1);
      const escalated = await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ id: ticket.id });
      expect(escalated).toMatchObject({ level: 'district', status: 'filed' });
      const auto = await t.dataSource.getRepository(TicketEventEntity).findOneByOrFail({ ticketId: ticket.id, action: 'escalate' });
      expect(auto).toMatchObject({ actorId: null, actorRole: 'system', data: { reason: expect.any(String), auto: true } });

      // Another process cannot take the lease while this one holds it.
      const now = new Date(muchLater.getTime() + 1000);
      expect(await t.dataSource.transaction((m) => acquireLease(m, 'ticket_supervision', 'other-process', now, new Date(now.getTime() + 60_000)))).toBe(false);
      const later = new Date(muchLater.getTime() + 3_600_000);
      expect(await t.dataSource.transaction((m) => acquireLease(m, 'ticket_supervision', 'other-process', later, new Date(later.getTime() + 60_000)))).toBe(true);
      expect((await sut.tick(new Date(later.getTime() + 1000))).ran).toBe(false);
    });

    const lastDispatch = async (id: number) => (await t.dataSource.getRepository(TicketEntity).findOneByOrFail({ id })).lastDispatchedAt!.getTime();
  });

  describe('report photos through GET /api/media/:id', () => {
    it('staff with a capacity see pending evidence; others see checked photos of non-sensitive tickets only', async () => {
      const pending = await buildPhoto(t, w.users.stranger, { checkStatus: 'pending' });
      const passed = await buildPhoto(t, w.users.stranger);
      const open = await t.http().post('/api/tickets').set('Authorization', w.as('stranger')).send({
        idempotencyKey: `k-${randomUUID()}`,
        categoryCode: 'CG-0101',
        description: '照片可见性测试：占道经营',
        photoIds: [pending.id, passed.id],
        location: { mode: 'map', lat: IN_GRID.lat, lng: IN_GRID.lng },
      });
      expect(open.status).toBe(201);
      const sensitivePhoto = await buildPhoto(t, w.users.stranger);
      const sensitive = await t.http().post('/api/tickets').set('Authorization', w.as('stranger')).send({
        idempotencyKey: `k-${randomUUID()}`,
        categoryCode: 'ZA-0101',
        description: '照片可见性测试：群租隐患',
        photoIds: [sensitivePhoto.id],
        location: { mode: 'map', lat: IN_GRID.lat, lng: IN_GRID.lng },
      });
      expect(sensitive.status).toBe(201);
      const media = (who: string | null, id: number) => get(who, `/api/media/${id}`);
      expect((await media('dispatcher', pending.id)).status).toBe(200);
      expect((await media('otherDispatcher', pending.id)).status).toBe(404);
      expect((await media('neighbour', pending.id)).status).toBe(404);
      expect((await media('neighbour', passed.id)).status).toBe(200);
      expect((await media(null, passed.id)).status).toBe(200);
      expect((await media('neighbour', sensitivePhoto.id)).status).toBe(404);
      expect((await media('dispatcher', sensitivePhoto.id)).status).toBe(200);
      // The detail shows the reporter their own pending photo; a co-reporter only the checked one.
      await t.http().post(`/api/tickets/${open.body.data.ticket.id}/join`).set('Authorization', w.as('neighbour')).send({});
      const co = await get('neighbour', `/api/tickets/${open.body.data.ticket.id}`);
      expect(co.body.data.photos.map((p: any) => p.id)).toEqual([passed.id]);
      expect(open.body.data.ticket.photos.map((p: any) => p.id)).toEqual([pending.id, passed.id]);
    });
  });
});
