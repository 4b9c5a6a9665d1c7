import { RoleLabelZh, UnitLevelLabelZh, type UserResponse } from '@linli/shared';

/** `2026-11-23T08:00:00Z` -> `2026-11-23 16:00` in the device's time zone. */
export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '';
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())} ${p(d.getHours())}:${p(d.getMinutes())}`;
}

/** `1234` -> `约 1.2 公里`, `85` -> `约 85 米`. */
export function formatDistance(meters: number): string {
  if (meters >= 1000) return `约 ${(meters / 1000).toFixed(1)} 公里`;
  return `约 ${Math.round(meters)} 米`;
}

/** Role labels of a user in server order, e.g. `网格员、居民`. */
export function roleLabels(user: UserResponse): string {
  const labels = user.roles.map((r) => r.roleLabel || RoleLabelZh[r.role]);
  if (labels.length === 0) return RoleLabelZh.resident;
  return Array.from(new Set(labels)).join('、');
}

export function levelLabel(level: keyof typeof UnitLevelLabelZh): string {
  return UnitLevelLabelZh[level] ?? level;
}
