import { ALL_WEEK_MASK, DutyState, WEEKDAY_LABELS_ZH } from '../constants/rota';
import { distanceToPolygonMeters, LngLat } from './geo';
import { maskPhone } from './phone';
import type { DateRange, IsoDate } from './rota-dates';

/** Small pure rules of the watch rotas, used by the server and shown the same way by the client. */

/**
 * Distance in metres from a point to a watch area (the union of its grid polygons): 0 inside any
 * grid. Grids without a polygon do not count; an area with none has no known shape (Infinity).
 */
export function distanceToArea(p: LngLat, polygons: ReadonlyArray<LngLat[][] | null>): number {
  let best = Infinity;
  for (const poly of polygons) {
    if (!poly || !poly.length) continue;
    const d = distanceToPolygonMeters(p, poly);
    if (d < best) best = d;
    if (best === 0) break;
  }
  return best;
}

/**
 * The geofence verdict of a check-in: inside the area, or within `toleranceMeters` of it (GPS error,
 * the pavement across the street). The server decides; the client only shows it.
 */
export function checkGeofence(p: LngLat, polygons: ReadonlyArray<LngLat[][] | null>, toleranceMeters: number): { inside: boolean; distanceMeters: number } {
  const d = distanceToArea(p, polygons);
  return { inside: d <= toleranceMeters, distanceMeters: Number.isFinite(d) ? Math.round(d) : -1 };
}

/** Centre of the area: the middle of the bounding box of all grid outer rings (for the map). */
export function areaCentre(polygons: ReadonlyArray<LngLat[][] | null>): LngLat | null {
  let minX = Infinity;
  let minY = Infinity;
  let maxX = -Infinity;
  let maxY = -Infinity;
  for (const poly of polygons) {
    for (const [x, y] of poly?.[0] ?? []) {
      minX = Math.min(minX, x);
      minY = Math.min(minY, y);
      maxX = Math.max(maxX, x);
      maxY = Math.max(maxY, y);
    }
  }
  return Number.isFinite(minX) ? [(minX + maxX) / 2, (minY + maxY) / 2] : null;
}

/** `0b0011111` -> `周一至周五`; every day -> `每天`; otherwise the days listed. */
export function openingDaysLabel(mask: number): string {
  const m = mask & ALL_WEEK_MASK;
  if (m === ALL_WEEK_MASK) return '每天';
  if (m === 0) return '未设置';
  const days = WEEKDAY_LABELS_ZH.filter((_, i) => m & (1 << i));
  // A run of consecutive days reads better as a range.
  const first = WEEKDAY_LABELS_ZH.indexOf(days[0]);
  const run = (1 << days.length) - 1;
  if (days.length >= 3 && m === run << first) return `${days[0]}至${days[days.length - 1]}`;
  return days.join('、');
}

/** The phone the public roster shows: the full number only if its owner agreed, else masked. */
export function rosterPhone(phone: string | null, published: boolean): string | null {
  if (!phone) return null;
  return published ? phone : maskPhone(phone);
}

/** Where a duty stands on `today` (completion decided by check-ins). */
export function dutyState(period: DateRange, today: IsoDate, completed: boolean): DutyState {
  if (completed) return DutyState.Completed;
  if (today < period.from) return DutyState.Upcoming;
  if (today <= period.to) return DutyState.Current;
  return DutyState.Missed;
}

/** Is a duty complete with `count` check-ins inside the area (the rota's configurable number)? */
export function isDutyComplete(count: number, required: number): boolean {
  return count >= required;
}

/** `2026-12-07` .. `2026-12-13` -> `12月7日—12月13日`. */
export function formatPeriodZh(period: DateRange): string {
  const f = (d: IsoDate) => `${Number(d.slice(5, 7))}月${Number(d.slice(8, 10))}日`;
  return `${f(period.from)}—${f(period.to)}`;
}
