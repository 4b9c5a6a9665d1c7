import type { RedemptionStatus, RewardStatus, UserResponse } from '@linli/shared';

/** `+10` / `-10` */
export const signed = (n: number) => (n > 0 ? `+${n}` : String(n));

/** `2026-11-23T08:00:00Z` -> `2026-11-23` (device time zone). */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  if (Number.isNaN(d.getTime())) return iso;
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getFullYear()}-${p(d.getMonth() + 1)}-${p(d.getDate())}`;
}

export const REDEMPTION_TAG: Record<RedemptionStatus, string> = { issued: 'tag--pending', fulfilled: 'tag--ok', cancelled: 'tag--neutral', expired: 'tag--neutral' };
export const REWARD_TAG: Record<RewardStatus, string> = { pending: 'tag--pending', approved: 'tag--ok', rejected: 'tag--bad', withdrawn: 'tag--neutral' };

/** Units (with names) the user administers. */
export function adminUnits(user: UserResponse | null | undefined) {
  return (user?.roles ?? []).filter((r) => r.role === 'admin' && r.unit).map((r) => r.unit!);
}

/** Units of the user's shops. */
export function shopUnits(user: UserResponse | null | undefined) {
  return (user?.roles ?? []).filter((r) => r.role === 'shop_owner' && r.unit).map((r) => r.unit!);
}

/** Shop owners and admins hand rewards over (scan or type codes). */
export const isProvider = (user: UserResponse | null | undefined) => adminUnits(user).length > 0 || shopUnits(user).length > 0;

/** The current Beijing month as `YYYY-MM`, shifted by `offset` months. */
export function beijingMonthText(offset = 0): string {
  const b = new Date(Date.now() + 8 * 3600_000);
  const d = new Date(Date.UTC(b.getUTCFullYear(), b.getUTCMonth() + offset, 1));
  return `${d.getUTCFullYear()}-${String(d.getUTCMonth() + 1).padStart(2, '0')}`;
}
