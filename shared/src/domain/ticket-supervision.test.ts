import { currentDeadline, supervisionStageKey, supervisionStatus } from './ticket-supervision';
import type { Measure, SupervisionTicket } from './ticket-supervision';
import { TICKET_STATUSES } from '../constants/ticket';

const H = 3_600_000;
const T0 = new Date('2026-11-23T00:00:00Z');
const at = (hours: number) => new Date(T0.getTime() + hours * H);

/** Reported at T0 with a 10 h file limit. */
const reported: SupervisionTicket = {
  status: 'reported',
  level: 'street',
  createdAt: T0,
  fileDeadline: at(10),
  handleDeadline: null,
  lastDispatchedAt: null,
  dispatchCount: 0,
  extensionCount: 0,
};
/** Dispatched at +2 h with a 20 h handle limit. */
const dispatched: SupervisionTicket = { ...reported, status: 'handling', handleDeadline: at(22), lastDispatchedAt: at(2), dispatchCount: 1 };

describe('currentDeadline', () => {
  it('is the file deadline before any dispatch', () => {
    expect(currentDeadline(reported)).toEqual({ kind: 'file', start: T0, deadline: at(10), round: 'file' });
    expect(currentDeadline({ ...reported, status: 'filed' })?.kind).toBe('file');
  });
  it('is the handle deadline of the latest round after dispatch (also returned, and filed again after escalation)', () => {
    for (const status of ['dispatched', 'handling', 'returned', 'filed'] as const) {
      expect(currentDeadline({ ...dispatched, status })).toEqual({ kind: 'handle', start: at(2), deadline: at(22), round: 'handle#1' });
    }
    expect(currentDeadline({ ...dispatched, dispatchCount: 2, extensionCount: 1 })?.round).toBe('handle#2e1');
  });
  it('is none once handled or ended', () => {
    for (const status of TICKET_STATUSES.filter((s) => !['reported', 'filed', 'dispatched', 'handling', 'returned'].includes(s))) {
      expect([status, currentDeadline({ ...dispatched, status })]).toEqual([status, null]);
    }
  });
});

describe('supervisionStatus', () => {
  it('nothing before 50 %', () => {
    const s = supervisionStatus(reported, at(4.99), []);
    expect(s).toMatchObject({ overdue: false, due: [], notifyPercent: null, escalate: null });
    expect(s.percentUsed).toBeCloseTo(49.9, 5);
  });
  it('50 % and 80 % of the file limit', () => {
    expect(supervisionStatus(reported, at(5), []).due).toEqual([{ percent: 50, key: 'file:50' }]);
    expect(supervisionStatus(reported, at(8), ['file:50']).due).toEqual([{ percent: 80, key: 'file:80' }]);
  });
  it('100 % at the deadline; overdue only after it', () => {
    const atDeadline = supervisionStatus(reported, at(10), ['file:50', 'file:80']);
    expect(atDeadline).toMatchObject({ overdue: false, due: [{ percent: 100, key: 'file:100' }], notifyPercent: 100 });
    expect(supervisionStatus(reported, new Date(at(10).getTime() + 1), ['file:50', 'file:80', 'file:100'])).toMatchObject({ overdue: true, due: [] });
  });
  it('a job that missed several stages records them all but notifies once', () => {
    const s = supervisionStatus(reported, at(11), []);
    expect(s.due.map((d) => d.key)).toEqual(['file:50', 'file:80', 'file:100']);
    expect(s.notifyPercent).toBe(100);
  });
  it('recorded stages are not due again', () => {
    expect(supervisionStatus(reported, at(11), new Set(['file:50', 'file:80', 'file:100'])).due).toEqual([]);
  });
  it('handle stages count from the latest dispatch', () => {
    expect(supervisionStatus(dispatched, at(12), []).due.map((d) => d.key)).toEqual(['handle#1:50']);
    expect(supervisionStatus(dispatched, at(18), ['handle#1:50']).due.map((d) => d.key)).toEqual(['handle#1:80']);
  });
  it('an extension starts a new round against the moved deadline', () => {
    const extended = { ...dispatched, handleDeadline: at(42), extensionCount: 1 };
    const s = supervisionStatus(extended, at(23), ['handle#1:50', 'handle#1:80', 'handle#1:100']);
    expect(s.overdue).toBe(false);
    expect(s.due.map((d) => d.key)).toEqual(['handle#1e1:50']);
  });
  it('auto-escalation at twice the handle limit, street level only, once', () => {
    expect(supervisionStatus(dispatched, at(41.9), []).escalate).toBeNull();
    expect(supervisionStatus(dispatched, at(42), []).escalate).toEqual({ key: 'handle#1:escalate' });
    expect(supervisionStatus(dispatched, at(50), ['handle#1:escalate']).escalate).toBeNull();
    expect(supervisionStatus({ ...dispatched, level: 'district' }, at(50), []).escalate).toBeNull();
    expect(supervisionStatus(reported, at(50), []).escalate).toBeNull();
  });
  it('measures with the given working-time function', () => {
    // A calendar where only the first 4 hours of every 10 count. Deadline +25 h = 4 + 4 + 4 = 12 working hours.
    const working: Measure = (a, b) => {
      const f = (d: Date) => {
        const h = (d.getTime() - T0.getTime()) / H;
        return (Math.floor(h / 10) * 4 + Math.min(h % 10, 4)) * H;
      };
      return f(b) - f(a);
    };
    const t = { ...reported, fileDeadline: at(25) };
    expect(supervisionStatus(t, at(11.9), [], working).due).toEqual([]); // 5.9 working hours: 49 %
    expect(supervisionStatus(t, at(12), [], working).due.map((d) => d.key)).toEqual(['file:50']); // 6 h: 50 %
    expect(supervisionStatus(t, at(12), []).due).toEqual([]); // wall clock: 48 %
    expect(supervisionStatus(t, at(23.6), [], working).due.map((d) => d.key)).toEqual(['file:50', 'file:80']); // 11.6 h = 97 %; 100 % only when the clock reaches the deadline
  });
  it('a zero-length limit is fully used at the deadline', () => {
    const t = { ...reported, fileDeadline: T0 };
    expect(supervisionStatus(t, T0, []).due.map((d) => d.percent)).toEqual([50, 80, 100]);
  });
  it('keys fit the 32-character column', () => {
    expect(supervisionStageKey('handle#999e99', 'escalate').length).toBeLessThanOrEqual(32);
  });
});
