import {
  AdminCategoryResponse,
  CategorySnapshot,
  CategoryVersionResponse,
  changedFields,
  DEPARTMENTS,
  DepartmentResponse,
  MajorCategoryDefinition,
  MinorCategoryDefinition,
} from '@linli/shared';
import type { CategoryVersionEntity } from './category-version.entity';
import type { CategoryEntity } from './category.entity';

const iso = (d: Date) => new Date(d).toISOString();

/** The current snapshot of a minor row (its major's current name resolved by the caller). */
export function toSnapshot(row: CategoryEntity, majorName: string): CategorySnapshot {
  return { ...(row.definition as MinorCategoryDefinition), version: row.currentVersion, majorName };
}

export function presentAdminCategory(row: CategoryEntity, majorName: string | null): AdminCategoryResponse {
  const out: AdminCategoryResponse = {
    kind: row.kind,
    code: row.code,
    name: row.name,
    majorCode: row.majorCode,
    active: row.active,
    version: row.currentVersion,
    updatedAt: iso(row.updatedAt),
  };
  if (row.kind === 'major') out.major = row.definition as MajorCategoryDefinition;
  else out.minor = toSnapshot(row, majorName ?? row.majorCode ?? '');
  return out;
}

/** History entries, newest first; `changed` compares each version with the one before it. */
export function presentVersions(rows: CategoryVersionEntity[], editors: Map<number, string>): CategoryVersionResponse[] {
  const ascending = [...rows].sort((a, b) => a.version - b.version);
  const out = ascending.map((v, i) => ({
    code: v.code,
    version: v.version,
    kind: v.kind,
    snapshot: v.snapshot,
    editor: v.editorId === null ? null : { id: v.editorId, nickname: editors.get(v.editorId) ?? '已注销用户' },
    note: v.note,
    changed: changedFields(i > 0 ? (ascending[i - 1].snapshot as object) : null, v.snapshot as object),
    createdAt: iso(v.createdAt),
  }));
  return out.reverse();
}

export function presentDepartments(): DepartmentResponse[] {
  return DEPARTMENTS.map((d) => ({ code: d.code, name: d.name, fullName: d.fullName, scope: d.scope }));
}
