import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  actingCapacity,
  assigneeGrants,
  beijingDayKey,
  decide,
  ErrorCode,
  formatTicketNumber,
  machineErrorCode,
  OPEN_TICKET_STATUSES,
  pathCodes,
  RefusalReasonLabelZh,
  TicketActionLabelZh,
  unitContains,
  type BulkDispatchInput,
  type BulkDispatchItemResult,
  type Capacity,
  type CategorySnapshot,
  type DecideContext,
  type RoleGrant,
  type TicketActionInput,
  type TicketPatch,
  type TicketResponse,
  type TicketStatus,
  type UnitLevel,
} from '@linli/shared';
import { AuditService } from '../../common/audit/audit.service';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { AppError, notFound } from '../../common/errors/app.error';
import { MediaEntity } from '../media/media.entity';
import { nextSequence } from './ticket.db';
import { deadlineAfter } from './ticket.deadlines';
import { TicketEffects, type EventActor } from './ticket.effects';
import { TicketAssignmentEntity, TicketCoReporterEntity, TicketEntity, TicketEventEntity } from './ticket.entities';
import { canSee, capacitiesOf, isStaffCapacity, machineState, type TicketActor } from './ticket.policy';
import { TicketReader } from './ticket.reader';
import { hasRatedSinceClosure, isCoReporter } from './ticket.repository';

/** Thrown inside a transition when the client's version is not the ticket's: answered 409 with the fresh ticket. */
class StaleTicketError extends Error {
  constructor(readonly ticketId: number) {
    super('stale ticket version');
  }
}

/** The system (supervision job) as an actor. */
export const SYSTEM_ACTOR: TicketActor = { userId: 0, grants: [] };

/** Statuses the supervision job watches: their deadline may pass. */
const SUPERVISED: readonly TicketStatus[] = ['reported', 'filed', 'dispatched', 'handling', 'returned'];

/** Options of a transition by the system (supervision, auto-escalation). */
interface SystemOptions {
  system: true;
  data?: Record<string, unknown>;
}

/**
 * The lifecycle: one entry point for every transition (POST /tickets/:id/actions), decided by the shared
 * machine from the caller's capacities and applied under an optimistic lock
 * (`UPDATE ... WHERE id = ? AND version = ?`). The event, the audit row (staff), notifications and points
 * are written in the same transaction.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class TicketLifecycleService {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  reader: TicketReader;

  @Inject()
  effects: TicketEffects;

  @Inject()
  audit: AuditService;

  /**
   * Applies one action for the caller and answers the fresh ticket.
   * @throws AppError NOT_FOUND (missing, or no capacity on it), CONFLICT (stale version; `data.ticket`
   *   is the fresh ticket), FORBIDDEN (visible but another capacity is needed),
   *   TICKET_TRANSITION_NOT_ALLOWED (`data.allowed`), the machine's guards (EXTENSION_PENDING,
   *   REOPEN_WINDOW_PASSED, TICKET_NOT_ON_SPOT_FIXABLE, TICKET_ALREADY_RATED), VALIDATION_FAILED.
   */
  async act(actor: TicketActor, id: number, input: TicketActionInput, now = new Date()): Promise<TicketResponse> {
    let acted: Capacity[] = [];
    try {
      await this.tx.run((m) => this.applyInTransaction(m, actor, id, input, now, undefined, (c) => (acted = c)));
    } catch (e) {
      if (e instanceof StaleTicketError) throw await this.conflict(actor, id);
      throw e;
    }
    const m = this.dataSource.manager;
    const access = await this.reader.access(m, actor, id);
    if (access) return this.reader.detail(m, actor, access);
    // The action took the caller's last capacity away (a department returning the ticket): they get the
    // ticket as it was left, with nothing more to do.
    const ticket = await m.findOneOrFail(TicketEntity, { where: { id } });
    return this.reader.detail(m, actor, { ticket, capacities: acted, joined: false }, now, { noActions: true });
  }

  /**
   * The same target for several tickets, each in its own transaction under its own version: one
   * failure does not stop the others. Results come in the request's order.
   * @throws AppError FORBIDDEN for callers who are no dispatcher anywhere.
   */
  async bulkDispatch(actor: TicketActor, input: BulkDispatchInput, now = new Date()): Promise<{ results: BulkDispatchItemResult[]; dispatched: number; failed: number }> {
    if (!actor.grants.some((g) => g.role === 'street_dispatcher' || g.role === 'district_dispatcher')) throw new AppError(ErrorCode.Forbidden);
    const results: BulkDispatchItemResult[] = [];
    for (const item of input.items) {
      try {
        await this.tx.run((m) => this.applyInTransaction(m, actor, item.id, { action: 'dispatch', version: item.version, target: input.target, note: input.note }, now));
        const m = this.dataSource.manager;
        const t = await m.findOneOrFail(TicketEntity, { where: { id: item.id } });
        const [summary] = await this.reader.summaries(m, actor, [t], { staff: true, now });
        results.push({ id: item.id, ok: true, ticket: summary });
      } catch (e) {
        if (e instanceof StaleTicketError) {
          const fresh = await this.dataSource.manager.findOne(TicketEntity, { where: { id: item.id }, select: ['id', 'version'] });
          results.push({ id: item.id, ok: false, error: ErrorCode.Conflict, message: '工单已被他人处理，请刷新后重试', version: fresh?.version });
        } else if (e instanceof AppError) {
          results.push({ id: item.id, ok: false, error: e.code, message: e.message });
        } else {
          throw e;
        }
      }
    }
    const dispatched = results.filter((r) => r.ok).length;
    return { results, dispatched, failed: results.length - dispatched };
  }

  /**
   * Applies one action inside the caller's transaction and returns the updated row. Used by `act`, by
   * staff entry (`fileNow`) and by the supervision job (`opts.system`).
   */
  async applyInTransaction(
    m: EntityManager,
    actor: TicketActor,
    id: number,
    input: TicketActionInput,
    now: Date,
    opts?: SystemOptions,
    onCapacities?: (capacities: Capacity[]) => void,
  ): Promise<TicketEntity> {
    const t = await m.findOne(TicketEntity, { where: { id } });
    if (!t) throw notFound();
    let capacities: Capacity[];
    if (opts?.system) {
      capacities = ['system'];
    } else {
      const joined = t.reporterId !== actor.userId && (await isCoReporter(m, t.id, actor.userId));
      capacities = capacitiesOf(actor, t, joined);
      if (!canSee(capacities)) throw notFound();
    }
    if (input.version !== t.version) throw new StaleTicketError(t.id);
    onCapacities?.(capacities);

    const category = await this.reader.category(t, m);
    const state = machineState(t, category.onSpotFixable);
    const ctx: DecideContext = {};
    if (input.action === 'rate') ctx.hasRated = await hasRatedSinceClosure(m, t, actor.userId);
    if (input.action === 'handle') ctx.handlerUnitLevel = handlerUnitLevel(actor.grants, t);
    const decision = decide(state, input.action, capacities, now, ctx);
    if (!decision.ok) {
      if (decision.error === 'not_permitted') throw new AppError(ErrorCode.Forbidden, { data: { allowed: decision.allowed } });
      throw new AppError(machineErrorCode(decision.error), { data: { allowed: decision.allowed } });
    }
    const acting: Capacity = opts?.system ? 'system' : actingCapacity(state, input.action, capacities, now, ctx) ?? capacities[0];
    const eventActor = opts?.system ? { actorId: null, actorRole: 'system' } : await this.eventActor(m, actor, t, acting);

    const set = await this.changes(m, t, input, decision.patch, category, actor, now);
    const rowChanged = Object.keys(set).length > 0;
    if (rowChanged) {
      const r = await m
        .createQueryBuilder()
        .update(TicketEntity)
        .set({ ...set, version: () => 'version + 1', updatedAt: now })
        .where('id = :id AND version = :version', { id: t.id, version: t.version })
        .execute();
      if (!r.affected) throw new StaleTicketError(t.id);
    }
    const fresh = await m.findOneOrFail(TicketEntity, { where: { id: t.id } });
    await this.syncAssignments(m, t, fresh, input);

    const event = await this.effects.appendEvent(m, fresh, eventActor, {
      action: input.action,
      fromStatus: t.status,
      toStatus: fresh.status,
      note: noteOf(input),
      photoIds: photosOf(input),
      data: { ...eventData(input, t), ...(opts?.data ?? {}) },
      createdAt: now,
    });
    if (!opts?.system && isStaffCapacity(acting)) {
      await this.audit.record(m, {
        actorId: actor.userId,
        actorRole: acting,
        unitPath: t.unitPath,
        action: `ticket.${input.action}`,
        targetType: 'ticket',
        targetId: t.id,
        before: { status: t.status, level: t.level, version: t.version },
        after: { status: fresh.status, level: fresh.level, version: fresh.version, ...eventData(input, t) },
      });
    }
    await this.consequences(m, t, fresh, input, acting, event, actor, now);
    return fresh;
  }

  /** The column changes of an action: the machine's patch plus what the request's fields decide. */
  private async changes(m: EntityManager, t: TicketEntity, input: TicketActionInput, patch: TicketPatch, category: CategorySnapshot, actor: TicketActor, now: Date): Promise<Partial<TicketEntity>> {
    const set: Partial<TicketEntity> = {};
    const { assignee, ...plain } = patch;
    Object.assign(set, plain);
    if ('assignee' in patch) {
      set.assigneeKind = assignee ? assignee.kind : null;
      set.assigneeDepartments = assignee && assignee.kind === 'departments' ? assignee.departments : null;
    }
    switch (input.action) {
      case 'file':
        set.number = await this.number(m, t, now);
        break;
      case 'refuse':
        set.refusalReason = input.reason;
        set.refusedAt = now;
        break;
      case 'dispatch': {
        set.assigneeKind = input.target.kind;
        set.assigneeDepartments = input.target.kind === 'departments' ? input.target.departments : null;
        const handleDeadline = deadlineAfter(now, category.handleLimit);
        set.handleDeadline = handleDeadline;
        set.lastDispatchedAt = now;
        set.dispatchCount = t.dispatchCount + 1;
        set.extensionDays = null;
        set.acceptedAt = null;
        break;
      }
      case 'accept':
        set.acceptedAt = now;
        break;
      case 'request_extension':
        set.extensionDays = input.days;
        break;
      case 'approve_extension': {
        const days = input.days ?? t.extensionDays ?? 1;
        set.handleDeadline = deadlineAfter(t.handleDeadline ?? now, { amount: days, unit: 'days' });
        set.extensionDays = days;
        break;
      }
      case 'handle':
      case 'self_handle':
        await this.assertResultPhotos(m, actor.userId, input.photoIds);
        set.result = input.result;
        set.resultPhotoIds = input.photoIds;
        if (input.action === 'self_handle' && !t.number) set.number = await this.number(m, t, now);
        break;
      case 'rate':
        if (patch.status === 'rated') {
          set.rating = input.rating;
          set.ratingComment = input.comment ? input.comment : null;
        }
        break;
      case 'reopen':
        set.rating = null;
        set.ratingComment = null;
        break;
      case 'escalate':
        set.escalatedAt = now;
        break;
      default:
        break;
    }
    if (input.action === 'rate') await this.storeLaterRating(m, t, actor, input);
    if (!Object.keys(set).length) return {};
    // Derived columns: open flag, the deadline that applies now, the overdue flag.
    const status = set.status ?? t.status;
    const dispatchCount = set.dispatchCount ?? t.dispatchCount;
    const handleDeadline = set.handleDeadline !== undefined ? set.handleDeadline : t.handleDeadline;
    const dueAt = dispatchCount > 0 && handleDeadline ? handleDeadline : t.fileDeadline;
    set.isOpen = OPEN_TICKET_STATUSES.includes(status);
    set.dueAt = dueAt;
    set.overdue = SUPERVISED.includes(status) && now.getTime() > dueAt.getTime();
    return set;
  }

  /** A co-reporter's rating is kept on their join row (the ticket keeps the first rating after closure). */
  private async storeLaterRating(m: EntityManager, t: TicketEntity, actor: TicketActor, input: Extract<TicketActionInput, { action: 'rate' }>): Promise<void> {
    if (t.reporterId === actor.userId) return;
    await m.update(TicketCoReporterEntity, { ticketId: t.id, userId: actor.userId }, { rating: input.rating, ratingComment: input.comment ? input.comment : null });
  }

  /** The readable number from the street's counter for the Beijing day (locked until commit). */
  private async number(m: EntityManager, t: TicketEntity, now: Date): Promise<string> {
    const streetCode = pathCodes(t.unitPath)[1];
    const seq = await nextSequence(m, streetCode, beijingDayKey(now));
    return formatTicketNumber(streetCode, now, seq);
  }

  /** After-photos: the handler's own report photos, not refused by the check. */
  private async assertResultPhotos(m: EntityManager, userId: number, ids: number[]): Promise<void> {
    if (!ids.length) return;
    const rows = await m.find(MediaEntity, { where: { id: In(ids) }, select: ['id', 'ownerId', 'purpose', 'checkStatus'] });
    const ok = new Set(rows.filter((r) => r.ownerId === userId && r.purpose === 'report' && r.checkStatus !== 'risky').map((r) => r.id));
    if (!ids.every((id) => ok.has(id))) {
      const message = '照片不存在、不是本人上传或未通过审核，请重新上传';
      throw new AppError(ErrorCode.ValidationFailed, { message: `photoIds: ${message}`, fields: { photoIds: message } });
    }
  }

  /** Keeps the department queue's rows in step with the ticket. */
  private async syncAssignments(m: EntityManager, before: TicketEntity, t: TicketEntity, input: TicketActionInput): Promise<void> {
    const hadRows = before.assigneeKind === 'departments';
    const hasDepartments = t.assigneeKind === 'departments' && !!t.assigneeDepartments?.length;
    if (input.action === 'dispatch') {
      if (hadRows) await m.delete(TicketAssignmentEntity, { ticketId: t.id });
      if (hasDepartments) {
        await m.insert(
          TicketAssignmentEntity,
          t.assigneeDepartments!.map((department, i) => ({
            ticketId: t.id,
            department,
            isLead: i === 0,
            streetId: t.streetId,
            districtId: t.districtId,
            unitPath: t.unitPath,
            status: t.status,
            isOpen: t.isOpen,
            dueAt: t.dueAt,
          })),
        );
      }
    } else if (hadRows && !hasDepartments) {
      // Returned or escalated: no longer the departments' work.
      await m.delete(TicketAssignmentEntity, { ticketId: t.id });
    } else if (hasDepartments) {
      await m.update(TicketAssignmentEntity, { ticketId: t.id }, { status: t.status, isOpen: t.isOpen, dueAt: t.dueAt });
    }
  }

  /** Notifications and points of an action (same transaction). */
  private async consequences(m: EntityManager, before: TicketEntity, t: TicketEntity, input: TicketActionInput, acting: Capacity, event: TicketEventEntity, actor: TicketActor, now: Date): Promise<void> {
    const self = acting === 'system' ? null : actor.userId;
    switch (input.action) {
      case 'file':
        await this.effects.notifyFollowers(m, t, 'ticket_filed', { status: '已受理', time: now }, event);
        await this.awardFiling(m, t);
        break;
      case 'refuse': {
        const label = RefusalReasonLabelZh[input.reason];
        await this.effects.notifyFollowers(m, t, 'ticket_refused', { reason: input.note ? `${label}：${input.note}` : label, time: now }, event);
        if (before.filedAt && (input.reason === 'duplicate' || input.reason === 'false_report')) {
          await this.effects.clawBack(m, t, input.reason === 'duplicate' ? '上报被认定为重复' : '上报被认定为虚假');
        }
        break;
      }
      case 'dispatch':
        await this.effects.notifyHolders(m, t, '派遣', event, self);
        break;
      case 'return':
        await this.effects.notifyDispatchers(m, t, '退回', event, self);
        break;
      case 'request_extension':
        await this.effects.notifyDispatchers(m, t, '延期申请', event, self);
        break;
      case 'escalate':
        await this.effects.notifyHolders(m, t, '二级响应', event, self);
        break;
      case 'supervise':
        await this.effects.notifyHolders(m, t, '督办', event, self);
        break;
      case 'handle':
      case 'self_handle':
        await this.effects.notifyFollowers(m, t, 'ticket_handled', { result: input.result, handler: this.effects.handlerLabel(t), time: now }, event, self);
        if (input.action === 'self_handle') await this.awardFiling(m, t);
        break;
      case 'verify_fail':
      case 'reopen':
        await this.effects.notifyHolders(m, t, '返工', event, self);
        break;
      case 'verify_pass':
        if (acting === 'reporter' && t.reporterId) await this.effects.award(m, t, t.reporterId, 'report_confirmed_fix', `confirmed#${t.reworkCount}`);
        break;
      case 'close':
        await this.effects.notifyFollowers(m, t, 'ticket_closed', { status: '已结案', time: now }, event);
        break;
      default:
        break;
    }
  }

  /** Points for a report accepted as valid: the reporter, and co-reporters who added a photo. */
  private async awardFiling(m: EntityManager, t: TicketEntity): Promise<void> {
    if (t.reporterId) await this.effects.award(m, t, t.reporterId, 'report_filed', 'filed');
    const co = await m.find(TicketCoReporterEntity, { where: { ticketId: t.id } });
    for (const c of co) if (c.photoIds?.length) await this.effects.award(m, t, c.userId, 'report_co_reporter', 'co_reporter');
  }

  /** How the event names the actor: capacity, the unit of the grant it comes from, the department. */
  private async eventActor(m: EntityManager, actor: TicketActor, t: TicketEntity, acting: Capacity): Promise<EventActor> {
    const base: EventActor = { actorId: actor.userId, actorRole: acting };
    let grant: RoleGrant | undefined;
    let department: string | null = null;
    if (acting === 'street_dispatcher' || acting === 'district_dispatcher' || acting === 'grid_worker') {
      grant = actor.grants.find((g) => g.role === acting && g.unitPath !== null && unitContains(g.unitPath, t.unitPath));
    } else if (acting === 'assignee') {
      if (t.assigneeKind === 'grid') grant = actor.grants.find((g) => g.role === 'grid_worker' && g.unitPath !== null && unitContains(g.unitPath, t.unitPath));
      else {
        grant = assigneeGrants(actor.grants, { assignee: { kind: 'departments', departments: t.assigneeDepartments ?? [] }, unitPath: t.unitPath })[0];
        department = grant?.department ?? null;
      }
    }
    if (!grant?.unitId) return { ...base, department };
    const rows: Array<{ name: string }> = await m.query('SELECT name FROM units WHERE id = ?', [grant.unitId]);
    return { ...base, actorUnitId: grant.unitId, actorUnitName: rows[0]?.name ?? null, department };
  }

  private async conflict(actor: TicketActor, id: number): Promise<AppError> {
    const m = this.dataSource.manager;
    const access = await this.reader.access(m, actor, id);
    if (!access) return notFound();
    return new AppError(ErrorCode.Conflict, { message: '工单已被他人更新，请查看最新状态后再操作', data: { ticket: await this.reader.detail(m, actor, access) } });
  }
}

/** Unit level of the department grant a handler acts under (street team or district department). */
function handlerUnitLevel(grants: readonly RoleGrant[], t: TicketEntity): UnitLevel | null {
  const g = assigneeGrants(grants, { assignee: { kind: 'departments', departments: t.assigneeDepartments ?? [] }, unitPath: t.unitPath })[0];
  if (!g?.unitPath) return null;
  const depth = pathCodes(g.unitPath).length;
  return depth <= 1 ? 'district' : depth === 2 ? 'street' : 'community';
}

function noteOf(input: TicketActionInput): string | null {
  const i = input as { note?: string; reason?: string; result?: string; comment?: string };
  if (input.action === 'refuse') return i.note ? i.note : null;
  if (input.action === 'handle' || input.action === 'self_handle') return i.result ?? null;
  if (input.action === 'rate') return i.comment ? i.comment : null;
  return i.note || i.reason || null;
}

function photosOf(input: TicketActionInput): number[] | null {
  const i = input as { photoIds?: number[] };
  return i.photoIds?.length ? i.photoIds : null;
}

/** What the event keeps of the request (codes, not labels: the presenter adds labels). */
function eventData(input: TicketActionInput, t: TicketEntity): Record<string, unknown> {
  switch (input.action) {
    case 'refuse':
      return { reason: input.reason };
    case 'dispatch':
      return { target: input.target };
    case 'return':
      return { suggestedDepartment: input.suggestedDepartment, reason: input.reason };
    case 'request_extension':
      return { days: input.days, reason: input.reason };
    case 'approve_extension':
      return { days: input.days ?? t.extensionDays ?? 1 };
    case 'deny_extension':
    case 'verify_fail':
    case 'reopen':
    case 'escalate':
      return { reason: input.reason };
    case 'rate':
      return { rating: input.rating };
    default:
      return {};
  }
}

export const actionLabel = (a: TicketActionInput['action']) => TicketActionLabelZh[a];
