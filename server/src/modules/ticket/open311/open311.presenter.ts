import {
  CategoryQuestion,
  CategorySnapshot,
  DEPARTMENTS,
  isOpenTicketStatus,
  Open311Attribute,
  Open311Error,
  Open311Request,
  Open311Service,
  Open311ServiceDefinition,
  QuestionKind,
  RefusalReason,
  RefusalReasonLabelZh,
  TicketStatus,
  TicketStatusLabelZh,
} from '@linli/shared';
import { fromDbTime } from '../ticket.db';
import type { CategoryName } from '../figures/names.repository';
import { parseStrings, PublicTicketRow } from './public-tickets';

/**
 * Open311 GeoReport v2 (http://wiki.open311.org/GeoReport_v2/) mapped onto Linli's catalogue and tickets.
 * JSON only (the spec's XML is not offered; documented in docs/DECISIONS.md). Field names are the spec's
 * snake_case ones; every date is ISO 8601 with a zone (UTC, `Z`).
 *
 * - service = a minor category: service_code = category code, service_name = its name, group = the major
 *   category's name, keywords = the category's search words, metadata = it has questions, type realtime.
 * - service definition attributes = the category's questions (text -> string, number -> number,
 *   single -> singlevaluelist, multiple -> multivaluelist; options -> values { key, name }).
 * - request = a ticket (never a sensitive one; never who reported it): service_request_id = ticket number,
 *   status open / closed (closed = closed, rated, refused, cancelled), status_notes = the Chinese state
 *   (plus the refusal reason), agency_responsible = lead department's name, service_notice = the
 *   category's handling time limit, expected_datetime = the handle deadline.
 */

const DATATYPE: Record<QuestionKind, Open311Attribute['datatype']> = {
  text: 'string',
  number: 'number',
  single: 'singlevaluelist',
  multiple: 'multivaluelist',
};

/** The handling time limit as a sentence a 311 client can show ("一般在 1 个工作日内处置完毕"). */
export function serviceNotice(category: Pick<CategorySnapshot, 'handleLimit'>): string {
  const { amount, unit } = category.handleLimit;
  return `一般在派遣后 ${amount} 个工作${unit === 'days' ? '日' : '小时'}内处置完毕`;
}

export function presentService(c: CategorySnapshot): Open311Service {
  return {
    service_code: c.code,
    service_name: c.name,
    description: c.description,
    metadata: c.questions.length > 0,
    type: 'realtime',
    keywords: c.keywords.join(','),
    group: c.majorName,
  };
}

function attributeDescription(q: CategoryQuestion): string | null {
  if (q.hint) return q.hint;
  if (q.kind === 'number' && (q.min !== undefined || q.max !== undefined)) return `数字${q.min !== undefined ? `，不小于 ${q.min}` : ''}${q.max !== undefined ? `，不大于 ${q.max}` : ''}`;
  if (q.kind === 'multiple') return '可多选';
  return null;
}

export function presentServiceDefinition(c: CategorySnapshot): Open311ServiceDefinition {
  return {
    service_code: c.code,
    attributes: c.questions.map((q, i) => ({
      variable: true,
      code: q.key,
      datatype: DATATYPE[q.kind],
      required: q.required,
      datatype_description: attributeDescription(q),
      order: i + 1,
      description: q.label,
      ...(q.kind === 'single' || q.kind === 'multiple' ? { values: (q.options ?? []).map((o) => ({ key: o.value, name: o.label })) } : {}),
    })),
  };
}

/** Open states answer `open`; closed, rated, refused and cancelled answer `closed`. */
export function open311Status(status: TicketStatus): 'open' | 'closed' {
  return isOpenTicketStatus(status) ? 'open' : 'closed';
}

/** Names the request presenter needs besides the row. */
export interface Open311RequestContext {
  category: CategoryName | undefined;
  /** Street and district of the ticket (for the command centre that holds it). */
  units: Map<number, { name: string }>;
  /** media_url a 311 client sent with the request it submitted (our own photos sit behind expiring links). */
  mediaUrl: string | null;
}

/** Who is responsible now: the lead department once dispatched to departments, else the command centre. */
export function agencyResponsible(row: PublicTicketRow, units: Map<number, { name: string }>): string | null {
  if (row.assignee_kind === 'departments') {
    const lead = parseStrings(row.assignee_departments)[0];
    const dept = DEPARTMENTS.find((d) => d.code === lead);
    if (dept) return dept.fullName;
  }
  if (row.level === 'district') {
    const district = units.get(Number(row.district_id));
    return district ? `${district.name}联勤指挥中心` : null;
  }
  const street = units.get(Number(row.street_id));
  return street ? `${street.name}联勤指挥分中心` : null;
}

/** What the status means, in the words residents see (plus the reason of a refusal). */
export function statusNotes(row: PublicTicketRow): string {
  const label = TicketStatusLabelZh[row.status] ?? row.status;
  if (row.status === 'refused' && row.refusal_reason) {
    return `${label}：${RefusalReasonLabelZh[row.refusal_reason as RefusalReason] ?? row.refusal_reason}`;
  }
  return label;
}

const iso = (v: Date | string | null | undefined) => fromDbTime(v)?.toISOString() ?? null;

/**
 * A ticket as an Open311 service request. service_request_id is the ticket id: a report has no readable
 * number until it is filed, and Open311 answers a POST with the id at once (GET by number works too).
 */
export function presentOpen311Request(row: PublicTicketRow, ctx: Open311RequestContext): Open311Request {
  const closedAt = iso(row.closed_at);
  const status = open311Status(row.status);
  return {
    service_request_id: String(row.id),
    status,
    status_notes: statusNotes(row),
    service_name: ctx.category?.name ?? row.category_code,
    service_code: row.category_code,
    // A refused report's text is not published (it may be junk or a false report).
    description: row.status === 'refused' ? '' : row.description,
    agency_responsible: agencyResponsible(row, ctx.units),
    service_notice: ctx.category?.handleLimit ? serviceNotice({ handleLimit: ctx.category.handleLimit }) : null,
    requested_datetime: iso(row.created_at)!,
    updated_datetime: (status === 'closed' && closedAt) || iso(row.updated_at)!,
    expected_datetime: iso(row.handle_deadline),
    address: row.address,
    address_id: null,
    zipcode: null,
    lat: Number(row.lat),
    long: Number(row.lng),
    media_url: ctx.mediaUrl,
  };
}

/** The Open311 error answer: an array with one `{ code, description }`, code = the HTTP status. */
export function open311Error(code: number, description: string): Open311Error {
  return [{ code, description }];
}
