import { randomUUID } from 'crypto';
import type { DepartmentCode, MinorCategoryDefinition, Role } from '@linli/shared';
import { CategoryEntity } from '../src/modules/category/category.entity';
import { CategoryVersionEntity } from '../src/modules/category/category-version.entity';
import { MediaEntity } from '../src/modules/media/media.entity';
import { UnitEntity } from '../src/modules/unit/unit.entity';
import { UnitSpatialIndex } from '../src/modules/unit/unit.spatial-index';
import { RoleGrantEntity } from '../src/modules/user/role-grant.entity';
import type { UserEntity } from '../src/modules/user/user.entity';
import { bearer, buildUnitTree, buildUser, loginAs, type UnitTree } from './factories';
import type { TestApp } from './helpers/app';

/**
 * Test world of the ticket module: the factories' unit tree with grid polygons (so the spatial index
 * routes points), a small catalogue written straight to the category tables, users in every role, and
 * photo rows (media rows without files: presenting signs links, nothing reads the bytes).
 */

/** Inside 津浦社区第一网格 (泰山街道). */
export const IN_GRID = { lat: 32.06, lng: 118.63 };
/** Inside 象山社区第一网格 (江浦街道): another street. */
export const IN_OTHER_GRID = { lat: 32.06, lng: 118.71 };
/** Far from every grid. */
export const OUTSIDE = { lat: 31.2, lng: 121.47 };

const square = (lng: number, lat: number, d = 0.01): [number, number][][] => [
  [
    [lng - d, lat - d],
    [lng + d, lat - d],
    [lng + d, lat + d],
    [lng - d, lat + d],
    [lng - d, lat - d],
  ],
];

export const CATEGORY_BASE: MinorCategoryDefinition = {
  code: 'CG-0101',
  name: '占道经营',
  majorCode: 'CG',
  description: '店外摆摊、占用人行道经营',
  keywords: ['摆摊'],
  departments: ['chengguan'],
  onSpotFixable: true,
  fileLimit: { amount: 2, unit: 'hours' },
  handleLimit: { amount: 1, unit: 'days' },
  evidence: { minPhotos: 1, maxPhotos: 9 },
  sensitive: false,
  protectedReporterSuggested: false,
  duplicateRadiusMeters: 100,
  duplicateWindowHours: 72,
  questions: [
    { key: 'stall_count', label: '摊位数量', kind: 'number', required: false, min: 1, max: 50 },
    { key: 'time_of_day', label: '出现时段', kind: 'single', required: false, options: [{ value: 'morning', label: '上午' }, { value: 'evening', label: '晚上' }] },
  ],
  active: true,
};

export const CATEGORIES: MinorCategoryDefinition[] = [
  CATEGORY_BASE,
  {
    ...CATEGORY_BASE,
    code: 'CG-0102',
    name: '违法建设',
    departments: ['chengguan', 'housing'],
    onSpotFixable: false,
    evidence: { minPhotos: 2, maxPhotos: 4 },
    questions: [{ key: 'floor', label: '所在楼层', kind: 'text', required: true, min: 1, max: 20 }],
  },
  { ...CATEGORY_BASE, code: 'ZA-0101', name: '群租隐患', majorCode: 'ZA', departments: ['police', 'housing'], onSpotFixable: false, sensitive: true, questions: [] },
];

export interface TicketWorld {
  tree: UnitTree;
  users: Record<string, UserEntity>;
  tokens: Record<string, string>;
  as: (who: string) => string;
}

/** Grants a role, with a department for department handlers. */
export async function grant(t: TestApp, user: UserEntity, role: Role, unit: UnitEntity, department: DepartmentCode | null = null): Promise<void> {
  const repo = t.dataSource.getRepository(RoleGrantEntity);
  await repo.save(repo.create({ userId: user.id, role, unitId: unit.id, grantedBy: null, departmentCode: department }));
}

/** Writes the catalogue (majors + minors, version 1). */
export async function seedCategories(t: TestApp, minors: MinorCategoryDefinition[] = CATEGORIES): Promise<void> {
  const cats = t.dataSource.getRepository(CategoryEntity);
  const versions = t.dataSource.getRepository(CategoryVersionEntity);
  const majors = [...new Set(minors.map((c) => c.majorCode))];
  for (const code of majors) {
    const definition = { code, name: code === 'CG' ? '城市管理' : '平安法治', domain: '城市管理', active: true };
    await cats.save(cats.create({ code, kind: 'major', majorCode: null, name: definition.name, active: true, currentVersion: 1, sortOrder: 0, definition }));
    await versions.save(versions.create({ code, version: 1, kind: 'major', snapshot: definition, editorId: null, note: null }));
  }
  for (const c of minors) {
    await cats.save(cats.create({ code: c.code, kind: 'minor', majorCode: c.majorCode, name: c.name, active: true, currentVersion: 1, sortOrder: 1, definition: c }));
    await versions.save(versions.create({ code: c.code, version: 1, kind: 'minor', snapshot: c, editorId: null, note: null }));
  }
}

/** The roles of the test world: key -> [role, unit of the tree, department]. */
const STAFF: Record<string, [Role, keyof UnitTree, DepartmentCode | null]> = {
  gridWorker: ['grid_worker', 'grid', null],
  dispatcher: ['street_dispatcher', 'street', null],
  dispatcher2: ['street_dispatcher', 'street', null],
  otherDispatcher: ['street_dispatcher', 'otherStreet', null],
  districtDispatcher: ['district_dispatcher', 'district', null],
  handler: ['department_handler', 'district', 'chengguan'],
  policeHandler: ['department_handler', 'district', 'police'],
  buildingHead: ['building_head', 'grid', null],
  otherGridWorker: ['grid_worker', 'otherGrid', null],
};

/** Units with polygons, the catalogue, and one user per role (plus plain residents). */
export async function buildTicketWorld(t: TestApp, residents = ['resident', 'neighbour', 'stranger']): Promise<TicketWorld> {
  const tree = await buildUnitTree(t);
  const units = t.dataSource.getRepository(UnitEntity);
  await units.update({ id: tree.grid.id }, { polygon: square(IN_GRID.lng, IN_GRID.lat) });
  await units.update({ id: tree.otherGrid.id }, { polygon: square(IN_OTHER_GRID.lng, IN_OTHER_GRID.lat) });
  tree.grid.polygon = square(IN_GRID.lng, IN_GRID.lat);
  tree.otherGrid.polygon = square(IN_OTHER_GRID.lng, IN_OTHER_GRID.lat);
  await (await t.get(UnitSpatialIndex)).rebuild();
  await seedCategories(t);
  const users: Record<string, UserEntity> = {};
  const tokens: Record<string, string> = {};
  for (const key of residents) users[key] = await buildUser(t, { nickname: `居民${key}` });
  for (const [key, [role, unit, department]] of Object.entries(STAFF)) {
    users[key] = await buildUser(t, { nickname: `工作人员${key}` });
    await grant(t, users[key], role, tree[unit], department);
  }
  for (const [key, u] of Object.entries(users)) tokens[key] = await loginAs(t, u);
  return { tree, users, tokens, as: (who) => bearer(tokens[who]) };
}

/** A stored photo row of `owner` (purpose report unless told). */
export async function buildPhoto(t: TestApp, owner: UserEntity, attrs: Partial<Pick<MediaEntity, 'purpose' | 'checkStatus'>> = {}): Promise<MediaEntity> {
  const repo = t.dataSource.getRepository(MediaEntity);
  const key = randomUUID();
  return repo.save(
    repo.create({
      ownerId: owner.id,
      purpose: attrs.purpose ?? 'report',
      storageKey: `test/${key}.jpg`,
      thumbKey: `test/${key}.thumb.webp`,
      mime: 'image/jpeg',
      width: 640,
      height: 480,
      bytes: 1000,
      sha256: '0'.repeat(64),
      clientKey: key.replace(/-/g, '').slice(0, 32),
      checkStatus: attrs.checkStatus ?? 'pass',
      checkDetail: null,
      checkedAt: null,
    }),
  );
}

/** A valid report body in CG-0101 at IN_GRID. */
export function reportBody(photoIds: number[], overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    idempotencyKey: `key-${randomUUID()}`,
    categoryCode: 'CG-0101',
    description: '小区门口有人占道摆摊，影响通行',
    photoIds,
    location: { mode: 'map', lat: IN_GRID.lat, lng: IN_GRID.lng, address: '津浦路 1 号门口' },
    answers: { stall_count: 3 },
    ...overrides,
  };
}

/** Reports a ticket over HTTP as `who` and returns the response body's ticket. */
export async function reportAs(t: TestApp, w: TicketWorld, who: string, overrides: Record<string, unknown> = {}): Promise<any> {
  const photo = await buildPhoto(t, w.users[who]);
  const res = await t.http().post('/api/tickets').set('Authorization', w.as(who)).send(reportBody([photo.id], overrides));
  if (res.status !== 201) throw new Error(`report failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data.ticket;
}

/** Posts an action as `who`. */
export function act(t: TestApp, w: TicketWorld, who: string, id: number, body: Record<string, unknown>) {
  return t.http().post(`/api/tickets/${id}/actions`).set('Authorization', w.as(who)).send(body);
}

/** Posts an action and expects success; returns the fresh ticket. */
export async function actOk(t: TestApp, w: TicketWorld, who: string, ticket: { id: number; version: number }, body: Record<string, unknown>): Promise<any> {
  const res = await act(t, w, who, ticket.id, { version: ticket.version, ...body });
  if (res.status !== 200) throw new Error(`${String(body.action)} by ${who} failed: ${res.status} ${JSON.stringify(res.body)}`);
  return res.body.data;
}
