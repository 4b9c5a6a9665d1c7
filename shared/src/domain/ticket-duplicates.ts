import { OPEN_TICKET_STATUSES, TicketLimits, TicketStatus } from '../constants/ticket';
import { haversineMeters } from './geo';

/**
 * Duplicate candidates ("me too", docs/design/tickets.md "Reporting, idempotency and duplicates"): an
 * existing ticket is offered to a new reporter when it is
 * - of the same minor category,
 * - open (OPEN_TICKET_STATUSES: reported up to verified),
 * - within the category's `duplicateRadiusMeters` of the new point (great-circle distance, inclusive),
 * - and was reported within the category's `duplicateWindowHours` before now (inclusive).
 * The radius and window come from the category's CURRENT version (the rule applies to the new report).
 */

export interface DuplicateRule {
  radiusMeters: number;
  windowHours: number;
}

export interface DuplicateProbe {
  categoryCode: string;
  lat: number;
  lng: number;
  now: Date;
}

export interface DuplicateCandidateTicket {
  id: number;
  categoryCode: string;
  status: TicketStatus;
  lat: number;
  lng: number;
  createdAt: Date;
}

/** Distance in metres between a probe and a ticket. */
export function distanceBetween(a: { lat: number; lng: number }, b: { lat: number; lng: number }): number {
  return haversineMeters([a.lng, a.lat], [b.lng, b.lat]);
}

/** Is `t` a duplicate candidate for a new report at `probe` under `rule`? */
export function isDuplicateCandidate(t: DuplicateCandidateTicket, probe: DuplicateProbe, rule: DuplicateRule): boolean {
  if (t.categoryCode !== probe.categoryCode) return false;
  if (!OPEN_TICKET_STATUSES.includes(t.status)) return false;
  const age = probe.now.getTime() - t.createdAt.getTime();
  if (age < 0 || age > rule.windowHours * 3_600_000) return false;
  return distanceBetween(t, probe) <= rule.radiusMeters;
}

/**
 * The candidates among `tickets` (typically pre-selected in SQL with `duplicateSearchBox` and the
 * window), nearest first, then newest, at most `limit`.
 */
export function findDuplicates<T extends DuplicateCandidateTicket>(
  tickets: readonly T[],
  probe: DuplicateProbe,
  rule: DuplicateRule,
  limit: number = TicketLimits.similarLimit,
): Array<T & { distanceMeters: number }> {
  return tickets
    .filter((t) => isDuplicateCandidate(t, probe, rule))
    .map((t) => ({ ...t, distanceMeters: Math.round(distanceBetween(t, probe)) }))
    .sort((a, b) => a.distanceMeters - b.distanceMeters || b.createdAt.getTime() - a.createdAt.getTime() || b.id - a.id)
    .slice(0, limit);
}

/**
 * A latitude/longitude box that contains every point within `radiusMeters` of the centre, for an
 * index-friendly SQL pre-filter (`lat BETWEEN ... AND lng BETWEEN ...`); the exact distance is then
 * checked with `isDuplicateCandidate`. Slightly generous (1 %) so rounding never drops a true candidate.
 */
export function duplicateSearchBox(lat: number, lng: number, radiusMeters: number): { minLat: number; maxLat: number; minLng: number; maxLng: number } {
  const r = radiusMeters * 1.01;
  const dLat = r / 111_194.9; // metres per degree of latitude on the mean sphere (6,371,008.8 m)
  const cos = Math.max(Math.cos((lat * Math.PI) / 180), 1e-6);
  const dLng = Math.min(180, dLat / cos);
  return { minLat: lat - dLat, maxLat: lat + dLat, minLng: lng - dLng, maxLng: lng + dLng };
}

/** Why the caller may not join a ticket ("me too"), or null when they may. Joining twice is a replay, not an error. */
export function joinRefusal(t: { status: TicketStatus; reporterId: number | null }, userId: number): 'own_ticket' | 'not_open' | null {
  if (t.reporterId !== null && t.reporterId === userId) return 'own_ticket';
  if (!OPEN_TICKET_STATUSES.includes(t.status)) return 'not_open';
  return null;
}

/** Priority after one more "me too": +1, capped at TicketLimits.priorityMax. */
export function priorityAfterJoin(priority: number): number {
  return Math.min(TicketLimits.priorityMax, priority + 1);
}
