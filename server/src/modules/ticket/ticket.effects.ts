import { ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { In, type EntityManager } from 'typeorm';
import { NotificationRenderError, type NotificationTemplateKey, type NotificationVars, type PointsRule } from '@linli/shared';
import { insertRow, insertRows } from '../../common/db/sql-rows';
import { NotificationService } from '../notification/notification.service';
import { PointsService } from '../points/points.service';
import { TicketEntity, TicketEventEntity, TicketMediaEntity } from './ticket.entities';
import { assigneeOf } from './ticket.policy';
import { departmentName } from './ticket.presenter';
import { loadCoReporters } from './ticket.repository';

/** Who an event is recorded as. */
export interface EventActor {
  actorId: number | null;
  actorRole: string;
  actorUnitId?: number | null;
  actorUnitName?: string | null;
  department?: string | null;
}

export interface NewEvent {
  action: TicketEventEntity['action'];
  fromStatus: TicketEventEntity['fromStatus'];
  toStatus: TicketEventEntity['toStatus'];
  note?: string | null;
  photoIds?: number[] | null;
  data?: Record<string, unknown> | null;
  createdAt?: Date;
}

/** The ticket number a message shows: the readable number once filed, else the id. */
export const ticketNoOf = (t: Pick<TicketEntity, 'id' | 'number'>) => t.number ?? `ID${t.id}`;

/**
 * What a transition does besides changing the row, always inside the transition's transaction: the
 * timeline event, notifications (inbox rows + queued WeChat deliveries), points. A rolled-back
 * transition leaves none of them behind.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class TicketEffects {
  @Inject()
  notifications: NotificationService;

  @Inject()
  points: PointsService;

  @Logger()
  logger: ILogger;

  /** Appends one event to the timeline. */
  async appendEvent(m: EntityManager, t: Pick<TicketEntity, 'id'>, actor: EventActor, e: NewEvent, opts: { newTicket?: boolean } = {}): Promise<TicketEventEntity> {
    await this.linkPhotos(m, t.id, e.photoIds ?? [], opts);
    const event = m.create(TicketEventEntity, {
      ticketId: t.id,
      action: e.action,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      actorId: actor.actorId,
      actorRole: actor.actorRole,
      actorUnitId: actor.actorUnitId ?? null,
      actorUnitName: actor.actorUnitName ?? null,
      department: actor.department ?? null,
      note: e.note ?? null,
      photoIds: e.photoIds && e.photoIds.length ? e.photoIds : null,
      data: e.data && Object.keys(e.data).length ? e.data : null,
      createdAt: e.createdAt ?? new Date(),
    });
    event.id = await insertRow(m, TicketEventEntity, event);
    return event;
  }

  /**
   * Records that photos belong to the ticket (the media access resolver reads this). `newTicket`: the
   * ticket was written in this transaction, so no link exists yet and none is looked up.
   */
  async linkPhotos(m: EntityManager, ticketId: number, mediaIds: number[], opts: { newTicket?: boolean } = {}): Promise<void> {
    const unique = [...new Set(mediaIds)];
    if (!unique.length) return;
    const known = opts.newTicket ? [] : await m.find(TicketMediaEntity, { where: { ticketId, mediaId: In(unique) }, select: ['mediaId'] });
    const have = new Set(known.map((k) => k.mediaId));
    const missing = unique.filter((id) => !have.has(id));
    if (missing.length) await insertRows(m, TicketMediaEntity, missing.map((mediaId) => ({ ticketId, mediaId })));
  }

  /** The reporter and every co-reporter (the people a ticket's progress is told to). */
  async followers(m: EntityManager, t: TicketEntity): Promise<number[]> {
    const co = await loadCoReporters(m, t.id);
    return [...new Set([...(t.reporterId ? [t.reporterId] : []), ...co.map((c) => c.userId)])];
  }

  /**
   * Tells the reporter and co-reporters (ticket_filed / refused / handled / closed). The reference is
   * `<ticketId>-<eventId>`: one message per event, so a second closure after a reopening is told too.
   */
  async notifyFollowers(m: EntityManager, t: TicketEntity, template: NotificationTemplateKey, vars: NotificationVars, event: TicketEventEntity, except?: number | null): Promise<void> {
    const ids = (await this.followers(m, t)).filter((id) => id !== except);
    await this.safeNotify(m, ids, template, { ticketNo: ticketNoOf(t), summary: t.description, ...vars }, `${t.id}-${event.id}`);
  }

  /**
   * The people who hold the ticket now: the dispatchers of its level while it waits for the command
   * centre, the grid workers of its grid or the handlers of its departments while it is dispatched.
   */
  async holders(m: EntityManager, t: TicketEntity): Promise<number[]> {
    const assignee = assigneeOf(t);
    const dispatchedState = t.status === 'dispatched' || t.status === 'handling';
    let rows: Array<{ user_id: number | string }>;
    if (dispatchedState && assignee?.kind === 'grid') {
      rows = await m.query("SELECT user_id FROM role_grants WHERE role = 'grid_worker' AND unit_id = ?", [t.gridId]);
    } else if (dispatchedState && assignee?.kind === 'departments' && assignee.departments.length) {
      rows = await m.query(
        `SELECT user_id FROM role_grants WHERE role = 'department_handler' AND unit_id IN (?, ?) AND department_code IN (${assignee.departments.map(() => '?').join(', ')})`,
        [t.streetId, t.districtId, ...assignee.departments],
      );
    } else {
      return this.dispatchers(m, t);
    }
    return [...new Set(rows.map((r) => Number(r.user_id)))];
  }

  /** The dispatchers of the ticket's level (the street centre, or the district centre once escalated). */
  async dispatchers(m: EntityManager, t: TicketEntity): Promise<number[]> {
    const rows: Array<{ user_id: number | string }> =
      t.level === 'district'
        ? await m.query("SELECT user_id FROM role_grants WHERE role = 'district_dispatcher' AND unit_id = ?", [t.districtId])
        : await m.query("SELECT user_id FROM role_grants WHERE role = 'street_dispatcher' AND unit_id = ?", [t.streetId]);
    return [...new Set(rows.map((r) => Number(r.user_id)))];
  }

  /** Tells the dispatchers of the ticket's level about a to-do (an extension request, a return). */
  async notifyDispatchers(m: EntityManager, t: TicketEntity, action: string, event: TicketEventEntity, except?: number | null): Promise<void> {
    const ids = (await this.dispatchers(m, t)).filter((id) => id !== except);
    await this.safeNotify(m, ids, 'ticket_assigned', { ticketNo: ticketNoOf(t), summary: t.description, action, deadline: t.dueAt }, `${t.id}-${event.id}`);
  }

  /** Tells the holders about a to-do (派遣 / 督办 / 返工 / 退回 / 上报): template ticket_assigned. */
  async notifyHolders(m: EntityManager, t: TicketEntity, action: string, event: TicketEventEntity, except?: number | null): Promise<void> {
    const ids = (await this.holders(m, t)).filter((id) => id !== except);
    await this.safeNotify(m, ids, 'ticket_assigned', { ticketNo: ticketNoOf(t), summary: t.description, action, deadline: t.dueAt }, `${t.id}-${event.id}`);
  }

  /** The label of an assignee for messages (城管、公安 / 网格员). */
  handlerLabel(t: TicketEntity): string {
    const a = assigneeOf(t);
    if (!a) return '指挥中心';
    return a.kind === 'grid' ? '网格员' : a.departments.map(departmentName).join('、');
  }

  /** Awards points inside the transaction (idempotent per key). */
  async award(m: EntityManager, t: TicketEntity, userId: number, rule: PointsRule, key: string): Promise<void> {
    await this.points.award(m, { userId, rule, unitPath: t.unitPath, ref: { type: 'ticket', id: String(t.id) }, idempotencyKey: `ticket:${t.id}:${key}:${userId}` });
  }

  /** Takes back every point the ticket gave (a filed report found duplicate or false). */
  async clawBack(m: EntityManager, t: TicketEntity, reason: string): Promise<void> {
    await this.points.reverseBySource(m, { ref: { type: 'ticket', id: String(t.id) }, reason });
  }

  /**
   * A message that cannot be rendered (a bug in the variables) must not undo the transition it reports:
   * it is logged and skipped. Database errors still abort the transaction.
   */
  private async safeNotify(m: EntityManager, ids: number[], template: NotificationTemplateKey, vars: NotificationVars, ref: string): Promise<void> {
    if (!ids.length) return;
    try {
      await this.notifications.notify(ids, template, vars, ref, m);
    } catch (e) {
      if (e instanceof NotificationRenderError) {
        this.logger.error('[ticket] notification %s for %s not rendered: %s', template, ref, e.message);
        return;
      }
      throw e;
    }
  }
}
