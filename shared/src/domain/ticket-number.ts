/**
 * Readable ticket numbers: `{streetCode}-{yyyymmdd}-{seq}` (e.g. `320111001-20261123-0007`): the street
 * that owns the ticket, the Beijing day it was filed, and the day's sequence within that street (from a
 * counter row locked in the filing transaction). The sequence has at least 4 digits and grows past 9999
 * rather than wrapping, so numbers stay unique and sortable within a street and day.
 */

const BEIJING_OFFSET_MS = 8 * 3_600_000;

/** `yyyymmdd` of the Beijing (UTC+8, no DST) day containing `at`. */
export function beijingDayKey(at: Date): string {
  return new Date(at.getTime() + BEIJING_OFFSET_MS).toISOString().slice(0, 10).replace(/-/g, '');
}

const NUMBER_PATTERN = /^(\d{6,12})-(\d{8})-(\d{4,})$/;

/** The number of the `seq`-th ticket (1-based) filed in a street on the Beijing day of `filedAt`. */
export function formatTicketNumber(streetCode: string, filedAt: Date, seq: number): string {
  if (!/^\d{6,12}$/.test(streetCode)) throw new Error(`not a street code: ${streetCode}`);
  if (!Number.isInteger(seq) || seq < 1) throw new Error(`not a sequence number: ${seq}`);
  return `${streetCode}-${beijingDayKey(filedAt)}-${String(seq).padStart(4, '0')}`;
}

/** The parts of a ticket number, or null when `value` is not one. */
export function parseTicketNumber(value: string): { streetCode: string; day: string; seq: number } | null {
  const m = NUMBER_PATTERN.exec(value.trim());
  if (!m) return null;
  const [, streetCode, day, seq] = m;
  const iso = `${day.slice(0, 4)}-${day.slice(4, 6)}-${day.slice(6, 8)}`;
  const t = Date.parse(`${iso}T00:00:00Z`);
  if (Number.isNaN(t) || new Date(t).toISOString().slice(0, 10) !== iso) return null;
  const n = Number(seq);
  if (n < 1) return null;
  return { streetCode, day, seq: n };
}

export function isTicketNumber(value: string): boolean {
  return parseTicketNumber(value) !== null;
}
