import type { FigureTicket, MinorCategoryDefinition, ResolvedLevel, TicketSource, TicketStatus } from '@linli/shared';
import type { DataSource, EntityManager } from 'typeorm';
import { CategoryEntity } from '../src/modules/category/category.entity';
import type { UnitEntity } from '../src/modules/unit/unit.entity';
import { dbTime, fromDbTime, kindOf } from '../src/modules/ticket/ticket.db';
import type { TestApp } from './helpers/app';
import { SIM_COLUMNS, SimCategory, SimPlace, SimTicket } from './figures.sim';

/**
 * Test data for the figures, board and Open311 tests: a small catalogue written straight to the
 * categories table, and simulated tickets (figures.sim.ts) inserted as rows.
 */

export interface TestCategory extends SimCategory {
  name: string;
  majorCode: string;
  majorName: string;
  questions?: MinorCategoryDefinition['questions'];
}

export const TEST_CATEGORIES: TestCategory[] = [
  {
    code: 'CG-0101',
    name: '占道经营',
    majorCode: 'CG',
    majorName: '市容环境',
    version: 1,
    onSpotFixable: true,
    departments: ['chengguan', 'market'],
    fileLimit: { amount: 2, unit: 'hours' },
    handleLimit: { amount: 1, unit: 'days' },
    sensitive: false,
    questions: [
      { key: 'goods', label: '经营的物品', kind: 'single', required: true, options: [{ value: 'food', label: '食品' }, { value: 'other', label: '其他' }] },
      { key: 'stalls', label: '摊位数量', kind: 'number', required: false, min: 1, max: 50 },
    ],
  },
  {
    code: 'CG-0102',
    name: '暴露垃圾',
    majorCode: 'CG',
    majorName: '市容环境',
    version: 2,
    onSpotFixable: true,
    departments: ['chengguan'],
    fileLimit: { amount: 2, unit: 'hours' },
    handleLimit: { amount: 1, unit: 'days' },
    sensitive: false,
  },
  {
    code: 'JT-0101',
    name: '违法停车',
    majorCode: 'JT',
    majorName: '交通秩序',
    version: 1,
    onSpotFixable: false,
    departments: ['traffic'],
    fileLimit: { amount: 1, unit: 'hours' },
    handleLimit: { amount: 4, unit: 'hours' },
    sensitive: false,
    questions: [{ key: 'kinds', label: '车辆类型', kind: 'multiple', required: false, options: [{ value: 'car', label: '小汽车' }, { value: 'ebike', label: '电动车' }] }],
  },
  {
    code: 'ZA-0101',
    name: '群租隐患',
    majorCode: 'ZA',
    majorName: '平安法治',
    version: 1,
    onSpotFixable: false,
    departments: ['police', 'housing'],
    fileLimit: { amount: 4, unit: 'hours' },
    handleLimit: { amount: 5, unit: 'days' },
    sensitive: true,
  },
];

/** Writes the test catalogue (majors and minors) to the categories table. */
export async function seedTestCategories(t: TestApp, categories: TestCategory[] = TEST_CATEGORIES): Promise<void> {
  const repo = t.dataSource.getRepository(CategoryEntity);
  const majors = [...new Map(categories.map((c) => [c.majorCode, c.majorName])).entries()];
  let order = 0;
  for (const [code, name] of majors) {
    await repo.save(
      repo.create({ code, kind: 'major', majorCode: null, name, active: true, currentVersion: 1, sortOrder: order++, definition: { code, name, domain: '城市管理', active: true } }),
    );
  }
  for (const c of categories) {
    const definition: MinorCategoryDefinition = {
      code: c.code,
      name: c.name,
      majorCode: c.majorCode,
      description: `${c.name}的说明`,
      keywords: [c.name],
      departments: c.departments as MinorCategoryDefinition['departments'],
      onSpotFixable: c.onSpotFixable,
      fileLimit: c.fileLimit,
      handleLimit: c.handleLimit,
      evidence: { minPhotos: 0, maxPhotos: 9 },
      sensitive: c.sensitive,
      protectedReporterSuggested: false,
      duplicateRadiusMeters: 50,
      duplicateWindowHours: 72,
      questions: c.questions ?? [],
      active: true,
    };
    await repo.save(repo.create({ code: c.code, kind: 'minor', majorCode: c.majorCode, name: c.name, active: true, currentVersion: c.version, sortOrder: order++, definition }));
  }
}

/** A place in `grid` (with its community, street and district) for simulated tickets. */
export function placeOf(grid: UnitEntity, community: UnitEntity, street: UnitEntity, district: UnitEntity, lat: number, lng: number): SimPlace {
  return { gridId: grid.id, gridPath: grid.path, communityId: community.id, streetId: street.id, streetCode: street.code, districtId: district.id, lat, lng };
}

/**
 * Inserts simulated tickets (and their department assignments) in one transaction (one connection, so
 * the last insert id is this statement's); returns their ids in order.
 */
export async function insertSimTickets(ds: DataSource, tickets: SimTicket[], extra: Record<string, unknown> = {}): Promise<number[]> {
  return ds.transaction((m) => insertRows(m, tickets, extra));
}

async function insertRows(m: EntityManager, tickets: SimTicket[], extra: Record<string, unknown>): Promise<number[]> {
  const kind = kindOf(m);
  const value = (v: unknown) => (v instanceof Date ? dbTime(kind, v) : v === undefined ? null : v);
  // `sensitive` is a reserved word in MySQL.
  const quote = (c: string) => (kind === 'mysql' ? `\`${c}\`` : `"${c}"`);
  const extraCols = Object.keys(extra);
  const cols = [...SIM_COLUMNS, ...extraCols];
  const ids: number[] = [];
  {
    for (const tk of tickets) {
      // One row per statement keeps the returned ids exact on both databases.
      const params = [...SIM_COLUMNS.map((c) => value(tk.row[c])), ...extraCols.map((c) => value(extra[c]))];
      await m.query(`INSERT INTO tickets (${cols.map(quote).join(', ')}) VALUES (${cols.map(() => '?').join(', ')})`, params);
      const [{ id }] = await m.query(kind === 'mysql' ? 'SELECT LAST_INSERT_ID() AS id' : 'SELECT last_insert_rowid() AS id');
      ids.push(Number(id));
      for (const a of tk.assignments) {
        await m.query(
          'INSERT INTO ticket_assignments (ticket_id, department, is_lead, street_id, district_id, unit_path, status, is_open, due_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
          [Number(id), a.department, a.is_lead, tk.row.street_id, tk.row.district_id, tk.row.unit_path, tk.row.status, tk.row.is_open, value(tk.row.due_at)],
        );
      }
    }
  }
  return ids;
}

/** Every ticket as the figures see it, read back from the table (so stored precision is what counts). */
export async function loadFigureTickets(m: EntityManager): Promise<FigureTicket[]> {
  const rows: Array<Record<string, any>> = await m.query(
    'SELECT status, source, category_code, street_id, community_id, assignee_kind, assignee_departments, created_at, filed_at, dispatched_at, handled_at, closed_at, handle_deadline, rework_count, extension_count, rating, resolved_level, co_reporter_count FROM tickets',
  );
  return rows.map((r) => ({
    status: r.status as TicketStatus,
    source: r.source as TicketSource,
    categoryCode: r.category_code,
    streetId: Number(r.street_id),
    communityId: Number(r.community_id),
    leadDepartment: r.assignee_kind === 'departments' ? (JSON.parse(r.assignee_departments) as string[])[0] ?? null : null,
    createdAt: fromDbTime(r.created_at)!,
    filedAt: fromDbTime(r.filed_at),
    dispatchedAt: fromDbTime(r.dispatched_at),
    handledAt: fromDbTime(r.handled_at),
    closedAt: fromDbTime(r.closed_at),
    handleDeadline: fromDbTime(r.handle_deadline),
    reworkCount: Number(r.rework_count),
    extensionCount: Number(r.extension_count),
    rating: r.rating === null ? null : Number(r.rating),
    resolvedLevel: (r.resolved_level as ResolvedLevel | null) ?? null,
    coReporterCount: Number(r.co_reporter_count),
  }));
}
