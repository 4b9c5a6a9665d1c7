import { readFileSync } from 'fs';
import type { LngLat, Role } from '@linli/shared';
import { SessionService } from '../../../src/modules/auth/session.service';
import { UnitEntity } from '../../../src/modules/unit/unit.entity';
import { UnitImportService } from '../../../src/modules/unit/unit.import.service';
import { SYSTEM_ACTOR } from '../../../src/modules/unit/unit.policy';
import { SEED_DIVISIONS_CSV } from '../../../src/modules/unit/unit.seeder';
import { RoleGrantEntity } from '../../../src/modules/user/role-grant.entity';
import { UserEntity } from '../../../src/modules/user/user.entity';
import type { TestApp } from '../../helpers/app';

/** Small builders for the unit tests (kept here so they do not depend on test/factories.ts). */

export const PUKOU_CSV = readFileSync(SEED_DIVISIONS_CSV, 'utf8');
export const HEADER = 'code,name,level,parent_code';
export const csv = (...lines: string[]) => [HEADER, ...lines].join('\n');

/** Imports CSV lines as the system actor (how top-level districts get into a test database). */
export async function systemImport(t: TestApp, ...lines: string[]) {
  const imports = await t.get(UnitImportService);
  return imports.importDivisions(SYSTEM_ACTOR, { csv: csv(...lines), dryRun: false });
}

export async function unitByCode(t: TestApp, code: string): Promise<UnitEntity | null> {
  return t.dataSource.getRepository(UnitEntity).findOne({ where: { code } });
}

let seq = 0;

/** A signed-in user holding `role` in the unit with `unitCode` (no grant when unitCode is null); returns the bearer header. */
export async function signedIn(t: TestApp, role: Role | null, unitCode: string | null): Promise<{ userId: number; auth: string }> {
  seq += 1;
  const users = t.dataSource.getRepository(UserEntity);
  const user = await users.save(users.create({ nickname: `单元测试${seq}`, openid: `unit-test-${seq}-${Date.now()}` }));
  if (role && unitCode) {
    const unit = await unitByCode(t, unitCode);
    if (!unit) throw new Error(`no unit ${unitCode}`);
    const grants = t.dataSource.getRepository(RoleGrantEntity);
    await grants.save(grants.create({ userId: user.id, role, unitId: unit.id, grantedBy: null }));
  }
  const { token } = await (await t.get(SessionService)).issue(user.id);
  return { userId: user.id, auth: `Bearer ${token}` };
}

export async function count(t: TestApp, table: 'units' | 'audit_logs', where = '1=1'): Promise<number> {
  const rows = await t.dataSource.query(`SELECT COUNT(*) AS n FROM ${table} WHERE ${where}`);
  return Number(rows[0].n);
}

/** A closed counter-clockwise rectangle ring. */
export function rect(w: number, s: number, e: number, n: number): LngLat[] {
  return [
    [w, s],
    [e, s],
    [e, n],
    [w, n],
    [w, s],
  ];
}

export function gridFeature(code: string, name: string, parentCode: string, coordinates: unknown, type = 'Polygon') {
  return { type: 'Feature', properties: { code, name, parent_code: parentCode }, geometry: { type, coordinates } };
}

export const collection = (...features: unknown[]) => ({ type: 'FeatureCollection', features });
