import type { RoleGrant } from './roles';
import {
  alertDisplayStatus,
  alertExpiryProblem,
  alertNeedsCaseNumber,
  alertPhotoVisibleToMembers,
  alertReminderRef,
  autoReminderDue,
  canCreateGroupIn,
  canTargetArea,
  defaultAlertExpiry,
  groupAbilities,
  groupQrScene,
  groupSharePath,
  isGroupUnitPath,
  isInviteCode,
  isStationOfficer,
  makeInviteCode,
  normalizeInviteCode,
  parseGroupQrScene,
  reminderProblem,
  roleChangeProblem,
  stationPathOf,
  TIP_TICKET_CATEGORIES,
  TIP_TICKET_DEFAULT_CATEGORY,
} from './alert';
import { CATEGORY_MINORS } from '../constants/categories';
import { validateAnswers } from './category';

const NOW = new Date('2026-11-23T08:00:00Z');
const min = (n: number) => new Date(NOW.getTime() + n * 60_000);
const STREET = '/320111/320111001/';
const COMMUNITY = '/320111/320111001/320111001005/';
const GRID = '/320111/320111001/320111001005/320111001005001/';
const OTHER_COMMUNITY = '/320111/320111002/320111002001/';
const police = (unitPath: string): RoleGrant => ({ role: 'community_police', unitId: 1, unitPath });
const admin = (unitPath: string): RoleGrant => ({ role: 'admin', unitId: 1, unitPath });

describe('alert expiry', () => {
  it('defaults to 7 days', () => {
    expect(defaultAlertExpiry(NOW).toISOString()).toBe('2026-11-30T08:00:00.000Z');
  });
  it('accepts 10 minutes to 90 days ahead', () => {
    expect(alertExpiryProblem(min(10), NOW)).toBeNull();
    expect(alertExpiryProblem(min(90 * 24 * 60), NOW)).toBeNull();
    expect(alertExpiryProblem(min(9), NOW)).toContain('10 分钟');
    expect(alertExpiryProblem(min(-60), NOW)).toContain('10 分钟');
    expect(alertExpiryProblem(min(90 * 24 * 60 + 1), NOW)).toContain('90 天');
    expect(alertExpiryProblem(new Date('x'), NOW)).toBe('请选择有效的截止时间');
  });
  it('display status: withdrawn over expired over published', () => {
    expect(alertDisplayStatus({ status: 'published', expiresAt: min(1) }, NOW)).toBe('published');
    expect(alertDisplayStatus({ status: 'published', expiresAt: NOW }, NOW)).toBe('expired');
    expect(alertDisplayStatus({ status: 'withdrawn', expiresAt: min(-5) }, NOW)).toBe('withdrawn');
  });
  it('suspect photos disappear at expiry, every photo with a withdrawal', () => {
    const live = { status: 'published' as const, expiresAt: min(5) };
    const expired = { status: 'published' as const, expiresAt: min(-5) };
    expect(alertPhotoVisibleToMembers(live, { suspect: true }, NOW)).toBe(true);
    expect(alertPhotoVisibleToMembers(expired, { suspect: true }, NOW)).toBe(false);
    expect(alertPhotoVisibleToMembers(expired, { suspect: false }, NOW)).toBe(true);
    expect(alertPhotoVisibleToMembers({ status: 'withdrawn', expiresAt: min(5) }, { suspect: false }, NOW)).toBe(false);
  });
  it('needs a case number once a photo shows a suspect', () => {
    expect(alertNeedsCaseNumber([])).toBe(false);
    expect(alertNeedsCaseNumber([{ suspect: false }, { suspect: true }])).toBe(true);
  });
});

describe('reminders', () => {
  const urgent = { status: 'published' as const, severity: 'urgent' as const, expiresAt: min(600), publishedAt: min(-40), remindersSent: 0, lastRemindedAt: null };
  it('only urgent, live alerts, at most 3 times, 10 minutes apart', () => {
    expect(reminderProblem(urgent, NOW)).toBeNull();
    expect(reminderProblem({ ...urgent, severity: 'important' }, NOW)).toContain('紧急');
    expect(reminderProblem({ ...urgent, status: 'withdrawn' }, NOW)).toContain('撤回');
    expect(reminderProblem({ ...urgent, expiresAt: min(-1) }, NOW)).toContain('过期');
    expect(reminderProblem({ ...urgent, remindersSent: 3 }, NOW)).toContain('最多');
    expect(reminderProblem({ ...urgent, remindersSent: 1, lastRemindedAt: min(-9) }, NOW)).toContain('间隔');
    expect(reminderProblem({ ...urgent, publishedAt: min(-5) }, NOW)).toContain('间隔');
    expect(reminderProblem({ ...urgent, remindersSent: 1, lastRemindedAt: min(-10) }, NOW)).toBeNull();
  });
  it('the automatic reminder is due once, 30 minutes after posting', () => {
    expect(autoReminderDue(urgent, NOW)).toBe(true);
    expect(autoReminderDue({ ...urgent, publishedAt: min(-29) }, NOW)).toBe(false);
    expect(autoReminderDue({ ...urgent, remindersSent: 1, lastRemindedAt: min(-20) }, NOW)).toBe(false);
    expect(autoReminderDue({ ...urgent, severity: 'info' }, NOW)).toBe(false);
  });
  it('reminder refs keep the page link valid', () => {
    expect(alertReminderRef(12, 2)).toBe('12&reminder=2');
  });
});

describe('invite codes, mini-program codes, share cards', () => {
  it('makes 8-character codes from the unambiguous alphabet', () => {
    const seen = new Set<string>();
    for (let i = 0; i < 200; i++) {
      // Any byte source will do (the server passes crypto.randomBytes); shared stays free of Node's modules.
      const code = makeInviteCode((n) => Array.from({ length: n }, () => Math.floor(Math.random() * 256)));
      expect(isInviteCode(code)).toBe(true);
      expect(code).not.toMatch(/[01IOL]/);
      seen.add(code);
    }
    expect(seen.size).toBe(200);
  });
  it('normalises what people type', () => {
    expect(normalizeInviteCode(' abcd-2345 ')).toBe('ABCD2345');
    expect(isInviteCode('ABCD2345')).toBe(true);
    expect(isInviteCode('ABCD234')).toBe(false);
    expect(isInviteCode('ABCD2340')).toBe(false);
  });
  it('the mini-program code scene fits WeChat (<= 32 chars) and parses back', () => {
    const scene = groupQrScene('ABCD2345');
    expect(scene.length).toBeLessThanOrEqual(32);
    expect(parseGroupQrScene(scene)).toBe('ABCD2345');
    expect(parseGroupQrScene(encodeURIComponent(scene))).toBe('ABCD2345');
    expect(parseGroupQrScene('c=abc')).toBeNull();
    expect(parseGroupQrScene('%E0%A4%A')).toBeNull();
    expect(parseGroupQrScene('x=ABCD2345')).toBeNull();
  });
  it('share cards open the join page with the code', () => {
    expect(groupSharePath('ABCD2345')).toBe('/packages/alert/join/index?code=ABCD2345&via=share_card');
  });
});

describe('units, stations and abilities', () => {
  it('groups cover a street, community or grid', () => {
    expect(isGroupUnitPath('/320111/')).toBe(false);
    expect(isGroupUnitPath(STREET)).toBe(true);
    expect(isGroupUnitPath(GRID)).toBe(true);
  });
  it('the station is the street', () => {
    expect(stationPathOf(GRID)).toBe(STREET);
    expect(stationPathOf(STREET)).toBe(STREET);
    expect(stationPathOf('/320111/')).toBeNull();
  });
  it('station officers: police granted on the street or inside it', () => {
    expect(isStationOfficer([police(COMMUNITY)], STREET)).toBe(true);
    expect(isStationOfficer([police(STREET)], STREET)).toBe(true);
    expect(isStationOfficer([police(OTHER_COMMUNITY)], STREET)).toBe(false);
    expect(isStationOfficer([admin(STREET)], STREET)).toBe(false);
  });
  it('police or admins create groups inside their units', () => {
    expect(canCreateGroupIn([police(COMMUNITY)], GRID)).toBe(true);
    expect(canCreateGroupIn([admin('/320111/')], COMMUNITY)).toBe(true);
    expect(canCreateGroupIn([police(COMMUNITY)], OTHER_COMMUNITY)).toBe(false);
    expect(canCreateGroupIn([police(COMMUNITY)], STREET)).toBe(false);
    expect(canCreateGroupIn([{ role: 'grid_worker', unitId: 1, unitPath: GRID }], GRID)).toBe(false);
    expect(canCreateGroupIn([admin('/320111/')], '/320111/')).toBe(false);
  });
  it('area targets: grids and communities inside the police grant', () => {
    expect(canTargetArea([police(COMMUNITY)], GRID)).toBe(true);
    expect(canTargetArea([police(COMMUNITY)], COMMUNITY)).toBe(true);
    expect(canTargetArea([police(STREET)], STREET)).toBe(false);
    expect(canTargetArea([police(COMMUNITY)], OTHER_COMMUNITY)).toBe(false);
    expect(canTargetArea([admin('/320111/')], GRID)).toBe(false);
  });
  it('abilities follow the membership and the grants', () => {
    const officer = groupAbilities([police(COMMUNITY)], { unitPath: COMMUNITY, membership: { role: 'officer', status: 'active' } });
    expect(officer).toEqual({ post: true, approve: true, manage: true, readTips: true, view: true });
    // An officer membership without the police role (revoked) cannot post.
    expect(groupAbilities([], { unitPath: COMMUNITY, membership: { role: 'officer', status: 'active' } }).post).toBe(false);
    const coAdmin = groupAbilities([], { unitPath: COMMUNITY, membership: { role: 'co_admin', status: 'active' } });
    expect(coAdmin).toEqual({ post: false, approve: true, manage: false, readTips: false, view: true });
    const pending = groupAbilities([], { unitPath: COMMUNITY, membership: { role: 'member', status: 'pending' } });
    expect(pending).toEqual({ post: false, approve: false, manage: false, readTips: false, view: false });
    const districtAdmin = groupAbilities([admin('/320111/')], { unitPath: COMMUNITY, membership: null });
    expect(districtAdmin).toEqual({ post: false, approve: true, manage: true, readTips: false, view: true });
    // Another officer of the same station reads the tips but posts nothing to a group that is not theirs.
    const neighbour = groupAbilities([police('/320111/320111001/320111001006/')], { unitPath: COMMUNITY, membership: null });
    expect(neighbour).toEqual({ post: false, approve: false, manage: false, readTips: true, view: false });
  });
  it('only police may be made officers', () => {
    expect(roleChangeProblem({ isPolice: false }, 'officer')).toContain('民警');
    expect(roleChangeProblem({ isPolice: false }, 'co_admin')).toBeNull();
    expect(roleChangeProblem({ isPolice: true }, 'officer')).toBeNull();
  });
});

describe('categories a tip can become', () => {
  it('exist in the built-in catalogue, and their preset answers satisfy its required questions', () => {
    for (const c of TIP_TICKET_CATEGORIES) {
      const minor = CATEGORY_MINORS.find((m) => m.code === c.code);
      expect({ code: c.code, name: minor?.name }).toEqual({ code: c.code, name: c.label });
      expect({ code: c.code, errors: validateAnswers(minor!.questions, c.answers) }).toEqual({ code: c.code, errors: {} });
    }
    expect(TIP_TICKET_CATEGORIES.map((c) => c.code)).toContain(TIP_TICKET_DEFAULT_CATEGORY);
  });
});
