import type { TicketEntity, TicketEventEntity } from '../src/modules/ticket/ticket.entities';
import { holderLabel, presentActor, presentAssignee } from '../src/modules/ticket/ticket.presenter';

/** Pure parts of the ticket presenter: actor labels (never a staff name for residents) and holder labels. */
describe('ticket presenter', () => {
  const event = (attrs: Partial<TicketEventEntity>) => ({ id: 1, actorId: 5, actorRole: 'street_dispatcher', actorUnitId: 2, actorUnitName: '泰山街道', department: null, ...attrs }) as TicketEventEntity;
  const names = new Map([[5, '陈调度'], [6, '王阿姨']]);

  it('residents see role + unit; staff also see the name; the viewer sees 我', () => {
    expect(presentActor(event({}), 6, 'resident', names, false)).toEqual({ kind: 'staff', label: '泰山街道 街道指挥中心', capacity: 'street_dispatcher', unitName: '泰山街道', department: null });
    expect(presentActor(event({}), 9, 'staff', names, true)).toMatchObject({ kind: 'staff', name: '陈调度' });
    expect(presentActor(event({}), 5, 'staff', names, true)).toMatchObject({ kind: 'me', label: '我' });
    expect(presentActor(event({ actorRole: 'assignee', actorUnitName: '浦口区', department: 'chengguan' }), 6, 'resident', names, false).label).toBe('浦口区 城管');
    expect(presentActor(event({ actorRole: 'community_police', actorUnitName: '津浦社区居委会' }), 6, 'resident', names, false).label).toBe('津浦社区居委会 社区民警');
  });

  it('the reporter is named to staff only when they may see the reporter; systems by what they are', () => {
    const reporter = event({ actorId: 6, actorRole: 'reporter', actorUnitId: null, actorUnitName: null });
    expect(presentActor(reporter, 9, 'staff', names, true)).toMatchObject({ kind: 'reporter', label: '上报人', name: '王阿姨' });
    expect(presentActor(reporter, 9, 'staff', names, false)).not.toHaveProperty('name');
    expect(presentActor(event({ actorId: null, actorRole: 'system' }), 6, 'resident', names, false)).toMatchObject({ kind: 'system', label: '系统', capacity: 'system' });
    expect(presentActor(event({ actorId: null, actorRole: 'open311', actorUnitName: '12345 平台' }), 6, 'staff', names, true).label).toBe('开放接口（12345 平台）');
  });

  it('holder labels follow the status, level and assignee', () => {
    const units = new Map([
      [1, { id: 1, code: '320111', name: '浦口区' }],
      [2, { id: 2, code: '320111001', name: '泰山街道' }],
      [4, { id: 4, code: '320111001005001', name: '第一网格' }],
    ]);
    const t = (attrs: Partial<TicketEntity>) => ({ districtId: 1, streetId: 2, gridId: 4, level: 'street', assigneeKind: null, assigneeDepartments: null, ...attrs }) as TicketEntity;
    expect(holderLabel(t({ status: 'reported' }), units)).toBe('泰山街道 街道指挥中心');
    expect(holderLabel(t({ status: 'filed', level: 'district' }), units)).toBe('浦口区 区指挥中心');
    expect(holderLabel(t({ status: 'handling', assigneeKind: 'grid' }), units)).toBe('网格员（第一网格）');
    expect(holderLabel(t({ status: 'dispatched', assigneeKind: 'departments', assigneeDepartments: ['chengguan', 'police'] }), units)).toBe('城管、公安');
    expect(holderLabel(t({ status: 'handled' }), units, ['reporter'])).toBe('等待您核查');
    expect(holderLabel(t({ status: 'verified' }), units)).toBe('泰山街道 街道指挥中心（待结案）');
    expect(presentAssignee({ assigneeKind: 'departments', assigneeDepartments: ['housing'] }, null)).toEqual({ kind: 'departments', label: '房产', departments: [{ code: 'housing', name: '房产', lead: true }] });
  });
});
