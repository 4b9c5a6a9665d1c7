import { safeParseZh } from './common';
import {
  bulkDispatchSchema,
  createTicketSchema,
  figuresPeriod,
  figuresQuerySchema,
  staffCreateTicketSchema,
  ticketActionSchema,
  ticketBoardQuerySchema,
  ticketQueueQuerySchema,
} from './ticket.schema';

const report = {
  idempotencyKey: 'k-12345678',
  categoryCode: 'CG-0101',
  description: '人行道上有车辆长期停放',
  photoIds: [1, 2],
  location: { mode: 'gps', lat: 32.06, lng: 118.7 },
};

describe('createTicketSchema', () => {
  it('accepts a report and fills defaults', () => {
    const r = safeParseZh(createTicketSchema, report);
    expect(r.success).toBe(true);
    if (r.success) expect(r.data).toMatchObject({ answers: {}, anonymous: false, protectedReporter: false });
  });
  it('names each bad field in Chinese', () => {
    const r = safeParseZh(createTicketSchema, {
      ...report,
      idempotencyKey: 'x',
      description: '短',
      photoIds: [],
      location: { mode: 'address' },
      extra: 1,
    });
    expect(r.success).toBe(false);
    if (!r.success) {
      expect(r.fields.idempotencyKey).toMatch(/提交标识/);
      expect(r.fields.description).toMatch(/至少 5 个字/);
      expect(r.fields.photoIds).toBe('请至少上传 1 张照片');
      expect(r.fields['location.address']).toBe('请填写详细地址');
      expect(r.fields['location.gridId']).toBe('请选择所在网格');
      expect(r.fields._).toMatch(/extra/);
    }
  });
  it('limits photos to 9 and refuses repeats', () => {
    const ten = safeParseZh(createTicketSchema, { ...report, photoIds: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10] });
    expect(ten.success === false && ten.fields.photoIds).toBe('最多上传 9 张照片');
    const dup = safeParseZh(createTicketSchema, { ...report, photoIds: [3, 3] });
    expect(dup.success === false && dup.fields.photoIds).toBe('照片重复了');
  });
  it('needs consent for a report on behalf of a neighbour', () => {
    const r = safeParseZh(createTicketSchema, { ...report, onBehalfOf: { name: '李奶奶', consent: false } });
    expect(r.success === false && r.fields['onBehalfOf.consent']).toBe('请确认已征得邻居同意');
  });
});

describe('staffCreateTicketSchema', () => {
  it('allows no photos and a staff source only', () => {
    const ok = safeParseZh(staffCreateTicketSchema, { ...report, photoIds: undefined, source: 'hotline' });
    expect(ok.success).toBe(true);
    const bad = safeParseZh(staffCreateTicketSchema, { ...report, source: 'resident' });
    expect(bad.success === false && bad.fields.source).toBe('请选择案件来源');
  });
});

describe('ticketActionSchema', () => {
  it('discriminates on action and requires version', () => {
    expect(safeParseZh(ticketActionSchema, { action: 'file', version: 3 }).success).toBe(true);
    const noVersion = safeParseZh(ticketActionSchema, { action: 'file' });
    expect(noVersion.success === false && noVersion.fields.version).toMatch(/版本号/);
    const unknown = safeParseZh(ticketActionSchema, { action: 'explode', version: 1 });
    expect(unknown.success === false && unknown.fields.action).toBe('不支持的操作');
  });
  it('checks dispatch targets against the department catalogue', () => {
    expect(safeParseZh(ticketActionSchema, { action: 'dispatch', version: 1, target: { kind: 'grid' } }).success).toBe(true);
    expect(
      safeParseZh(ticketActionSchema, { action: 'dispatch', version: 1, target: { kind: 'departments', departments: ['chengguan', 'police'] } }).success,
    ).toBe(true);
    const bad = safeParseZh(ticketActionSchema, { action: 'dispatch', version: 1, target: { kind: 'departments', departments: ['nasa'] } });
    expect(bad.success === false && bad.fields['target.departments.0']).toBe('不是可选的部门');
    const none = safeParseZh(ticketActionSchema, { action: 'dispatch', version: 1, target: { kind: 'departments', departments: [] } });
    expect(none.success === false && none.fields['target.departments']).toBe('请选择承办部门');
  });
  it('requires result and after-photos to handle, a suggested department to return', () => {
    const h = safeParseZh(ticketActionSchema, { action: 'handle', version: 1, result: '已清理', photoIds: [] });
    expect(h.success === false && h.fields.photoIds).toBe('请至少上传 1 张照片');
    const r = safeParseZh(ticketActionSchema, { action: 'return', version: 1, reason: '不属于我部门' });
    expect(r.success === false && r.fields.suggestedDepartment).toBe('请选择部门');
  });
  it('bounds ratings and extension days', () => {
    expect(safeParseZh(ticketActionSchema, { action: 'rate', version: 1, rating: 5 }).success).toBe(true);
    expect(safeParseZh(ticketActionSchema, { action: 'rate', version: 1, rating: 6 }).success).toBe(false);
    const ext = safeParseZh(ticketActionSchema, { action: 'request_extension', version: 1, days: 31, reason: '需要协调' });
    expect(ext.success === false && ext.fields.days).toBe('最多延期 30 个工作日');
  });
});

describe('query schemas', () => {
  it('parses queue filters from a query string', () => {
    const r = safeParseZh(ticketQueueQuerySchema, { status: 'filed,dispatched', overdue: 'true', limit: '50', source: 'hotline' });
    expect(r.success && r.data).toEqual({ status: ['filed', 'dispatched'], overdue: true, limit: 50, source: ['hotline'] });
    const bad = safeParseZh(ticketQueueQuerySchema, { status: 'filed,nope', overdue: 'yes', limit: '500' });
    expect(bad.success).toBe(false);
    if (!bad.success) {
      expect(bad.fields['status.1']).toBe('不是可选的状态');
      expect(bad.fields.overdue).toBe('应为 true 或 false');
      expect(bad.fields.limit).toBe('每页最多 100 条');
    }
  });
  it('checks figure periods', () => {
    expect(safeParseZh(figuresQuerySchema, { from: '2026-01-01', to: '2026-12-31', groupBy: 'street' }).success).toBe(true);
    const rev = safeParseZh(figuresQuerySchema, { from: '2026-02-01', to: '2026-01-01' });
    expect(rev.success === false && rev.fields.to).toBe('结束日期不能早于开始日期');
    const bad = safeParseZh(figuresQuerySchema, { from: '2026-02-30', to: '2026-03-01' });
    expect(bad.success === false && bad.fields.from).toBe('日期无效');
    const long = safeParseZh(figuresQuerySchema, { from: '2025-01-01', to: '2026-12-31' });
    expect(long.success === false && long.fields.to).toMatch(/最长/);
    expect(figuresPeriod({ from: '2026-11-23', to: '2026-11-23' })).toEqual({
      start: new Date('2026-11-22T16:00:00Z'),
      end: new Date('2026-11-23T16:00:00Z'),
    });
  });
  it('defaults the board radius', () => {
    const r = safeParseZh(ticketBoardQuerySchema, { lat: '32.1', lng: '118.7' });
    expect(r.success && r.data).toEqual({ lat: 32.1, lng: 118.7, radius: 1000, limit: 50 });
  });
  it('refuses duplicate tickets in a bulk dispatch', () => {
    const r = safeParseZh(bulkDispatchSchema, { items: [{ id: 1, version: 1 }, { id: 1, version: 2 }], target: { kind: 'grid' } });
    expect(r.success === false && r.fields.items).toBe('工单重复了');
  });
});
