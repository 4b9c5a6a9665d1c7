import { TicketStatus } from '@linli/shared';

/**
 * What the public may see of tickets (the board and Open311 share it): never a sensitive category's
 * ticket, never a description a content check held, never a withdrawn report, and never who reported
 * anything (the queries below do not even select reporter columns). Lists leave refused reports out too;
 * one request looked up by id shows a refusal (without its text) so a 311 client learns the outcome.
 */
export const PUBLIC_TICKET_WHERE = `t.sensitive = 0 AND t.text_held = 0 AND t.status NOT IN ('${TicketStatus.Refused}', '${TicketStatus.Cancelled}')`;
export const PUBLIC_TICKET_WHERE_WITH_REFUSED = `t.sensitive = 0 AND t.text_held = 0 AND t.status <> '${TicketStatus.Cancelled}'`;

/** Columns the public views read (no reporter, submitter, contact or answer columns). */
export const PUBLIC_TICKET_COLUMNS = [
  't.id',
  't.number',
  't.source',
  't.category_code',
  't.description',
  't.photo_ids',
  't.lat',
  't.lng',
  't.address',
  't.community_id',
  't.status',
  't.level',
  't.street_id',
  't.district_id',
  't.refusal_reason',
  't.assignee_kind',
  't.assignee_departments',
  't.co_reporter_count',
  't.handle_deadline',
  't.created_at',
  't.updated_at',
  't.closed_at',
].join(', ');

/** A row as the public queries return it (drivers differ: numbers may come back as strings, times as text on sql.js). */
export interface PublicTicketRow {
  id: number | string;
  number: string | null;
  source: string;
  category_code: string;
  description: string;
  photo_ids: string | null;
  lat: number | string;
  lng: number | string;
  address: string | null;
  community_id: number | string;
  status: TicketStatus;
  level: string;
  street_id: number | string;
  district_id: number | string;
  refusal_reason: string | null;
  assignee_kind: string | null;
  assignee_departments: string | null;
  co_reporter_count: number | string;
  handle_deadline: Date | string | null;
  created_at: Date | string;
  updated_at: Date | string;
  closed_at: Date | string | null;
}

/** The ids in a JSON text column (`[3,4]`), tolerating null and junk. */
export function parseIds(text: string | null | undefined): number[] {
  if (!text) return [];
  try {
    const v = JSON.parse(text);
    return Array.isArray(v) ? v.map(Number).filter((n) => Number.isInteger(n) && n > 0) : [];
  } catch {
    return [];
  }
}

/** The strings in a JSON text column (`["chengguan"]`). */
export function parseStrings(text: string | null | undefined): string[] {
  if (!text) return [];
  try {
    const v = JSON.parse(text);
    return Array.isArray(v) ? v.map(String) : [];
  } catch {
    return [];
  }
}

/** A description shortened for a list. */
export function excerptOf(text: string, max = 80): string {
  const t = text.replace(/\s+/g, ' ').trim();
  return t.length > max ? `${t.slice(0, max - 1)}…` : t;
}
