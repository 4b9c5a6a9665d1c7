import {
  Capacity,
  CapacityLabelZh,
  DepartmentNameZh,
  RefusalReasonLabelZh,
  ResolvedLevelLabelZh,
  RoleLabelZh,
  TicketActionLabelZh,
  TicketEventKindLabelZh,
  TicketLevelLabelZh,
  TicketLimits,
  TicketSourceLabelZh,
  TicketStatusLabelZh,
  maskPhone,
  withinReopenWindow,
  type CategorySnapshot,
  type DepartmentCode,
  type RefusalReason,
  type Role,
  type TicketAction,
  type TicketAssigneeResponse,
  type TicketEventActor,
  type TicketEventData,
  type TicketEventResponse,
  type TicketPhoto,
  type TicketResponse,
  type TicketSummary,
  type UnitRef,
} from '@linli/shared';
import type { TicketEntity, TicketEventEntity } from './ticket.entities';
import { assigneeOf, isCommandCentre, seesReporter, viewOf } from './ticket.policy';

/**
 * Ticket rows -> API responses. What a field holds depends on the caller: residents (reporter,
 * co-reporters) see staff as role + unit, never by name; departments never see a protected reporter;
 * phone numbers are never sent (an outside contact's number reaches the command centres masked).
 */

/** Everything the detail presenter needs, loaded by the service. */
export interface TicketDetailInput {
  ticket: TicketEntity;
  viewerId: number;
  capacities: Capacity[];
  allowedActions: TicketAction[];
  category: Pick<CategorySnapshot, 'code' | 'version' | 'name' | 'majorName' | 'onSpotFixable' | 'sensitive'>;
  units: ReadonlyMap<number, UnitRef>;
  /** Signed photos the caller may see, by media id (others are left out). */
  photos: ReadonlyMap<number, TicketPhoto>;
  events: TicketEventEntity[];
  /** Nicknames of the reporter and of staff actors, by user id. */
  nicknames: ReadonlyMap<number, string>;
  /** The outside contact's phone, decrypted (masked here). */
  contactPhone: string | null;
  joined: boolean;
  now: Date;
}

const iso = (d: Date | null | undefined) => (d ? d.toISOString() : null);
const unknownUnit = (id: number): UnitRef => ({ id, code: '', name: '' });

/** The department name for a code (the code itself for one that left the catalogue). */
export function departmentName(code: string): string {
  return DepartmentNameZh[code as DepartmentCode] ?? code;
}

/** The assignee as the response shows it. */
export function presentAssignee(t: Pick<TicketEntity, 'assigneeKind' | 'assigneeDepartments'>, grid: UnitRef | null): TicketAssigneeResponse | null {
  const a = assigneeOf(t);
  if (!a) return null;
  if (a.kind === 'grid') return { kind: 'grid', label: grid?.name ? `网格员（${grid.name}）` : '网格员' };
  const departments = a.departments.map((code, i) => ({ code: code as DepartmentCode, name: departmentName(code), lead: i === 0 }));
  return { kind: 'departments', label: departments.map((d) => d.name).join('、'), departments };
}

/** Who has the ticket in hand now, in words a resident understands. */
export function holderLabel(t: TicketEntity, units: ReadonlyMap<number, UnitRef>, capacities: readonly Capacity[] = []): string {
  const street = units.get(t.streetId)?.name ?? '';
  const district = units.get(t.districtId)?.name ?? '';
  const centre = t.level === 'district' ? `${district} 区指挥中心`.trim() : `${street} 街道指挥中心`.trim();
  switch (t.status) {
    case 'reported':
    case 'filed':
    case 'returned':
      return centre;
    case 'dispatched':
    case 'handling':
      return presentAssignee(t, units.get(t.gridId) ?? null)?.label ?? centre;
    case 'handled':
      return capacities.includes('reporter') ? '等待您核查' : '等待核查';
    case 'verified':
      return `${centre}（待结案）`;
    case 'closed':
      return '已结案';
    case 'rated':
      return '已评价';
    case 'refused':
      return '不予受理';
    case 'cancelled':
      return '已撤回';
  }
}

/** The deadline a list shows: none once the work is done or the ticket ended. */
function currentDue(t: TicketEntity): Date | null {
  return t.isOpen && t.status !== 'handled' && t.status !== 'verified' ? t.dueAt : null;
}

const excerptOf = (s: string) => (Array.from(s).length > 80 ? `${Array.from(s).slice(0, 79).join('')}…` : s);

/** One row of a list (mine, queues). `thumbUrl`: the first photo's signed thumbnail, when the caller may see it. */
export function presentTicketSummary(
  t: TicketEntity,
  ctx: { units: ReadonlyMap<number, UnitRef>; categoryName: string; thumbUrl: string | null; now: Date; capacities?: Capacity[]; allowedActions?: TicketAction[] },
): TicketSummary {
  const due = currentDue(t);
  const out: TicketSummary = {
    id: t.id,
    number: t.number,
    source: t.source,
    sourceLabel: TicketSourceLabelZh[t.source] ?? t.source,
    category: { code: t.categoryCode, name: ctx.categoryName },
    excerpt: excerptOf(t.description),
    thumbUrl: ctx.thumbUrl,
    address: t.address,
    grid: ctx.units.get(t.gridId) ?? unknownUnit(t.gridId),
    community: ctx.units.get(t.communityId) ?? unknownUnit(t.communityId),
    street: ctx.units.get(t.streetId) ?? unknownUnit(t.streetId),
    status: t.status,
    statusLabel: TicketStatusLabelZh[t.status],
    level: t.level,
    holderLabel: holderLabel(t, ctx.units, ctx.capacities),
    priority: t.priority,
    coReporterCount: t.coReporterCount,
    dueAt: iso(due),
    msLeft: due ? due.getTime() - ctx.now.getTime() : null,
    overdue: t.overdue,
    extensionPending: t.extensionPending,
    createdAt: t.createdAt.toISOString(),
    updatedAt: t.updatedAt.toISOString(),
    version: t.version,
  };
  if (ctx.allowedActions) out.allowedActions = ctx.allowedActions;
  return out;
}

/** The detail of one ticket for the caller, with the timeline as the caller may see it. */
export function presentTicket(input: TicketDetailInput): TicketResponse {
  const { ticket: t, capacities, units } = input;
  const view = viewOf(capacities);
  const photosOf = (ids: number[] | null) => (ids ?? []).map((id) => input.photos.get(id)).filter((p): p is TicketPhoto => !!p);
  const showReporter = view === 'staff' && t.reporterId !== null && seesReporter(capacities, t);
  const isMine = t.reporterId !== null && t.reporterId === input.viewerId;
  const latestRefusal = [...input.events].reverse().find((e) => e.action === 'refuse');
  const latestExtension = [...input.events].reverse().find((e) => e.action === 'request_extension');
  const closedAt = t.status === 'closed' || t.status === 'rated' ? t.closedAt : null;
  const myRating = [...input.events].reverse().find((e) => e.action === 'rate' && e.actorId === input.viewerId && (!t.closedAt || e.createdAt >= t.closedAt));
  const handled = t.result !== null && t.handledAt !== null && ['handled', 'verified', 'closed', 'rated'].includes(t.status);
  return {
    id: t.id,
    number: t.number,
    view,
    source: t.source,
    sourceLabel: TicketSourceLabelZh[t.source] ?? t.source,
    category: {
      code: input.category.code,
      version: input.category.version,
      name: input.category.name,
      majorName: input.category.majorName,
      onSpotFixable: input.category.onSpotFixable,
      sensitive: input.category.sensitive,
    },
    description: t.description,
    answers: t.answers ?? {},
    photos: photosOf(t.photoIds),
    location: { mode: t.locationMode, lat: t.lat, lng: t.lng, address: t.address },
    grid: units.get(t.gridId) ?? unknownUnit(t.gridId),
    community: units.get(t.communityId) ?? unknownUnit(t.communityId),
    street: units.get(t.streetId) ?? unknownUnit(t.streetId),
    district: units.get(t.districtId) ?? unknownUnit(t.districtId),
    status: t.status,
    statusLabel: TicketStatusLabelZh[t.status],
    level: t.level,
    levelLabel: TicketLevelLabelZh[t.level],
    assignee: presentAssignee(t, units.get(t.gridId) ?? null),
    holderLabel: holderLabel(t, units, capacities),
    priority: t.priority,
    coReporterCount: t.coReporterCount,
    anonymous: t.anonymous,
    protectedReporter: t.protectedReporter,
    reporter: showReporter ? { id: t.reporterId!, nickname: input.nicknames.get(t.reporterId!) ?? '邻里用户' } : null,
    onBehalfOf: t.onBehalfOf && (isMine || showReporter) ? { name: t.onBehalfOf.name } : null,
    contact:
      isCommandCentre(capacities) && (t.contactName || t.contactPhoneEnc)
        ? { name: t.contactName, phone: input.contactPhone ? maskPhone(input.contactPhone) ?? maskOther(input.contactPhone) : null }
        : null,
    isMine,
    joined: input.joined,
    fileDeadline: t.fileDeadline.toISOString(),
    handleDeadline: iso(t.handleDeadline),
    dueAt: iso(currentDue(t)),
    overdue: t.overdue,
    extensionPending: t.extensionPending,
    extensionRequest:
      t.extensionPending && latestExtension
        ? { days: Number((latestExtension.data as { days?: number } | null)?.days ?? t.extensionDays ?? 0), reason: String((latestExtension.data as { reason?: string } | null)?.reason ?? latestExtension.note ?? '') }
        : null,
    extensionCount: t.extensionCount,
    reworkCount: t.reworkCount,
    resolvedLevel: t.resolvedLevel,
    resolvedLevelLabel: t.resolvedLevel ? ResolvedLevelLabelZh[t.resolvedLevel] : null,
    result: handled ? { text: t.result!, photos: photosOf(t.resultPhotoIds), handledAt: t.handledAt!.toISOString() } : null,
    refusal:
      t.status === 'refused' && t.refusalReason
        ? { reason: t.refusalReason, reasonLabel: RefusalReasonLabelZh[t.refusalReason], note: latestRefusal?.note ?? null }
        : null,
    rating: t.rating !== null ? { score: t.rating, comment: t.ratingComment } : null,
    myRating: myRating ? Number((myRating.data as { rating?: number } | null)?.rating ?? 0) || null : null,
    createdAt: t.createdAt.toISOString(),
    filedAt: iso(t.filedAt),
    dispatchedAt: iso(t.dispatchedAt),
    handledAt: iso(t.handledAt),
    verifiedAt: iso(t.verifiedAt),
    closedAt: iso(t.closedAt),
    ratedAt: iso(t.ratedAt),
    reopenUntil: closedAt && withinReopenWindow(closedAt, input.now) ? new Date(closedAt.getTime() + TicketLimits.reopenWindowHours * 3_600_000).toISOString() : null,
    version: t.version,
    allowedActions: input.allowedActions,
    capacities,
    events: input.events.map((e) => presentEvent(e, input, view, showReporter)),
  };
}

/** A non-mobile number (a landline): keep the area code and the last two digits. */
function maskOther(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length <= 4 ? '****' : `${digits.slice(0, 3)}****${digits.slice(-2)}`;
}

/** How an event's actor is shown to the caller. */
export function presentActor(e: TicketEventEntity, viewerId: number, view: 'staff' | 'resident', nicknames: ReadonlyMap<number, string>, showReporter: boolean): TicketEventActor {
  const capacity = (e.actorRole as Capacity) ?? null;
  const department = (e.department as DepartmentCode | null) ?? null;
  const base = { capacity, unitName: e.actorUnitName, department };
  if (e.actorRole === 'system' || e.actorId === null) {
    // Tickets raised by another system (Open311 clients) name it; the supervision job is 系统.
    const label = e.actorRole === 'open311' ? `开放接口${e.actorUnitName ? `（${e.actorUnitName}）` : ''}` : '系统';
    return { kind: 'system', label, ...base, capacity: 'system' };
  }
  if (e.actorId === viewerId) return { kind: 'me', label: '我', ...base };
  if (e.actorRole === 'reporter') {
    return { kind: 'reporter', label: CapacityLabelZh.reporter, ...base, ...(view === 'staff' && showReporter ? { name: nicknames.get(e.actorId) ?? null } : {}) };
  }
  if (e.actorRole === 'co_reporter') return { kind: 'co_reporter', label: CapacityLabelZh.co_reporter, ...base };
  const label = staffLabel(e);
  return { kind: 'staff', label, ...base, ...(view === 'staff' ? { name: nicknames.get(e.actorId) ?? null } : {}) };
}

/** "泰山街道 街道指挥中心", "浦口区 城管", "津浦社区第一网格 网格员". */
function staffLabel(e: TicketEventEntity): string {
  const unit = e.actorUnitName ? `${e.actorUnitName} ` : '';
  if (e.department) return `${unit}${departmentName(e.department)}`;
  // Capacities, or the role of someone acting from another module (a community police officer's tip).
  const role = e.actorRole === 'assignee' ? '网格员' : CapacityLabelZh[e.actorRole as Capacity] ?? RoleLabelZh[e.actorRole as Role] ?? '工作人员';
  return `${unit}${role}`;
}

function presentEvent(e: TicketEventEntity, input: TicketDetailInput, view: 'staff' | 'resident', showReporter: boolean): TicketEventResponse {
  const raw = (e.data ?? {}) as Record<string, unknown>;
  const data: TicketEventData = {};
  if (typeof raw.reason === 'string') {
    data.reason = raw.reason;
    if (e.action === 'refuse' && raw.reason in RefusalReasonLabelZh) data.reasonLabel = RefusalReasonLabelZh[raw.reason as RefusalReason];
  }
  if (raw.target && typeof raw.target === 'object') {
    const target = raw.target as { kind: 'grid' } | { kind: 'departments'; departments: string[] };
    data.target =
      presentAssignee(
        { assigneeKind: target.kind, assigneeDepartments: target.kind === 'departments' ? target.departments : null },
        input.units.get(input.ticket.gridId) ?? null,
      ) ?? undefined;
  }
  if (typeof raw.suggestedDepartment === 'string') data.suggestedDepartment = { code: raw.suggestedDepartment as DepartmentCode, name: departmentName(raw.suggestedDepartment) };
  if (typeof raw.days === 'number') data.days = raw.days;
  if (typeof raw.rating === 'number') data.rating = raw.rating;
  if (raw.stage && typeof raw.stage === 'object') data.stage = raw.stage as TicketEventData['stage'];
  if (raw.auto === true) data.auto = true;
  return {
    id: e.id,
    action: e.action,
    actionLabel: TicketEventKindLabelZh[e.action] ?? TicketActionLabelZh[e.action as TicketAction] ?? e.action,
    fromStatus: e.fromStatus,
    toStatus: e.toStatus,
    actor: presentActor(e, input.viewerId, view, input.nicknames, showReporter),
    note: e.note,
    photos: (e.photoIds ?? []).map((id) => input.photos.get(id)).filter((p): p is TicketPhoto => !!p),
    data,
    createdAt: e.createdAt.toISOString(),
  };
}
