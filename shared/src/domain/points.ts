import {
  DEFAULT_POINTS_RULES,
  EARNING_RULES,
  type EarningRule,
  type PointsRuleSetConfig,
  REDEMPTION_CODE_LENGTH,
} from '../constants/points';

/** Points already earned by a user in the current Beijing day and month (positive, unreversed). */
export interface EarnedSoFar {
  /** This rule today / this month. */
  ruleDay: number;
  ruleMonth: number;
  /** All earning rules together today / this month. */
  allDay: number;
  allMonth: number;
}

/**
 * Points an award of `rule` gives under `config`, given what the user already earned. The rule's amount,
 * cut down to what is left under each cap (0 = no cap); 0 when the rule gives nothing or a cap is reached.
 * A partly used cap gives the remainder, so a capped day never depends on the order of awards.
 */
export function calculateAward(config: PointsRuleSetConfig, rule: EarningRule, earned: EarnedSoFar): number {
  const r = config.rules[rule];
  if (!r || r.amount <= 0) return 0;
  let amount = r.amount;
  const room = (cap: number, used: number) => (cap > 0 ? Math.max(0, cap - used) : Number.POSITIVE_INFINITY);
  amount = Math.min(
    amount,
    room(r.dailyCap, earned.ruleDay),
    room(r.monthlyCap, earned.ruleMonth),
    room(config.dailyCap, earned.allDay),
    room(config.monthlyCap, earned.allMonth),
  );
  return Math.max(0, Math.floor(amount));
}

/** A full rule set from a possibly partial one (missing rules take the defaults). */
export function completeRuleSet(partial: Partial<PointsRuleSetConfig> | null | undefined): PointsRuleSetConfig {
  const rules = {} as PointsRuleSetConfig['rules'];
  for (const r of EARNING_RULES) rules[r] = { ...DEFAULT_POINTS_RULES.rules[r], ...(partial?.rules?.[r] ?? {}) };
  return {
    rules,
    dailyCap: partial?.dailyCap ?? DEFAULT_POINTS_RULES.dailyCap,
    monthlyCap: partial?.monthlyCap ?? DEFAULT_POINTS_RULES.monthlyCap,
  };
}

/** The district (top-level unit) path of a unit path: `/320111/320111001/` -> `/320111/`; null stays null. */
export function districtPathOf(unitPath: string | null | undefined): string | null {
  if (!unitPath) return null;
  const first = unitPath.split('/').filter(Boolean)[0];
  return first ? `/${first}/` : null;
}

const BEIJING_OFFSET_MS = 8 * 3600 * 1000;

/** Start (as a UTC instant) of the Beijing day containing `at`. */
export function beijingDayStart(at: Date): Date {
  const t = at.getTime() + BEIJING_OFFSET_MS;
  return new Date(t - (((t % 86_400_000) + 86_400_000) % 86_400_000) - BEIJING_OFFSET_MS);
}

/** Start (as a UTC instant) of the Beijing month containing `at`. */
export function beijingMonthStart(at: Date): Date {
  const b = new Date(at.getTime() + BEIJING_OFFSET_MS);
  return new Date(Date.UTC(b.getUTCFullYear(), b.getUTCMonth(), 1) - BEIJING_OFFSET_MS);
}

/** Beijing month of `at` as YYYYMM (leaderboard periods). */
export function beijingMonth(at: Date): number {
  const b = new Date(at.getTime() + BEIJING_OFFSET_MS);
  return b.getUTCFullYear() * 100 + b.getUTCMonth() + 1;
}

/** `YYYYMM` -> [start, end) as UTC instants of that Beijing month. */
export function beijingMonthRange(month: number): [Date, Date] {
  const y = Math.floor(month / 100);
  const m = (month % 100) - 1;
  return [new Date(Date.UTC(y, m, 1) - BEIJING_OFFSET_MS), new Date(Date.UTC(y, m + 1, 1) - BEIJING_OFFSET_MS)];
}

/** A redemption code as shown to people: `123 456 7890`. */
export function formatRedemptionCode(code: string): string {
  const c = normalizeRedemptionCode(code);
  if (c.length !== REDEMPTION_CODE_LENGTH) return c;
  return `${c.slice(0, 3)} ${c.slice(3, 6)} ${c.slice(6)}`;
}

/** A typed or scanned code with spaces and dashes removed (scanned QR text may carry a `LINLI:` prefix). */
export function normalizeRedemptionCode(input: string): string {
  return input.replace(/^LINLI:/i, '').replace(/[\s-]/g, '');
}

/** The text put into the QR code of a redemption. */
export function redemptionQrText(code: string): string {
  return `LINLI:${normalizeRedemptionCode(code)}`;
}

/** Beijing day of `at` as YYYYMMDD (cap periods). */
export function beijingDay(at: Date): number {
  const b = new Date(at.getTime() + BEIJING_OFFSET_MS);
  return b.getUTCFullYear() * 10_000 + (b.getUTCMonth() + 1) * 100 + b.getUTCDate();
}

/**
 * Points counted toward the caps: per earning rule and in total (`*`), for one Beijing day (`d`, in
 * `day`) and one Beijing month (`m`, in `month`). Kept on the user's account row.
 */
export interface CapUsage {
  day: number;
  month: number;
  d: Record<string, number>;
  m: Record<string, number>;
}

/** The usage as of `now`: a new day or month starts from 0. */
export function currentCapUsage(stored: CapUsage, now: Date): CapUsage {
  const day = beijingDay(now);
  const month = beijingMonth(now);
  return {
    day,
    month,
    d: stored.day === day ? { ...stored.d } : {},
    m: stored.month === month ? { ...stored.m } : {},
  };
}

/** What `usage` (already current) says the user earned so far, for `rule`. */
export function earnedFromUsage(usage: CapUsage, rule: EarningRule): EarnedSoFar {
  return { ruleDay: usage.d[rule] ?? 0, ruleMonth: usage.m[rule] ?? 0, allDay: usage.d['*'] ?? 0, allMonth: usage.m['*'] ?? 0 };
}

/**
 * Adds `amount` (negative for a claw-back) of `rule` earned at `earnedAt` to the current usage: only the
 * periods `earnedAt` falls in change, and no counter goes below 0.
 */
export function addCapUsage(usage: CapUsage, rule: EarningRule, amount: number, earnedAt: Date): CapUsage {
  const next: CapUsage = { ...usage, d: { ...usage.d }, m: { ...usage.m } };
  const bump = (bucket: Record<string, number>, key: string) => {
    bucket[key] = Math.max(0, (bucket[key] ?? 0) + amount);
  };
  if (beijingDay(earnedAt) === usage.day) {
    bump(next.d, rule);
    bump(next.d, '*');
  }
  if (beijingMonth(earnedAt) === usage.month) {
    bump(next.m, rule);
    bump(next.m, '*');
  }
  return next;
}
