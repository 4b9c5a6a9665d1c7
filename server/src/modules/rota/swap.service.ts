import { ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  ErrorCode,
  ExemptionResponse,
  ExemptionStatus,
  firstOpenIndex,
  formatPeriodZh,
  MemberStatus,
  OPEN_SWAP_STATUSES,
  periodRange,
  periodsTouching,
  RequestExemptionInput,
  RequestSwapInput,
  RotaReviewInput,
  SwapResponse,
  SwapStatus,
} from '@linli/shared';
import { AuditService } from '../../common/audit/audit.service';
import type { AuthState } from '../../common/auth/auth.context';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { AppError, notFound } from '../../common/errors/app.error';
import { NotificationService } from '../notification/notification.service';
import { RotaClock } from './rota.clock';
import { DutyEntity, ExemptionEntity, ParticipantEntity, RotaEntity, RotaMemberEntity, SwapEntity } from './rota.entity';
import { RotaPlanner } from './rota.planner';
import { canManage, managerRoleFor } from './rota.policy';
import { presentExemption, presentSwap } from './rota.presenter';
import { byIds, myParticipantRoles, userIdsFor } from './rota.repository';

const OPEN = OPEN_SWAP_STATUSES as SwapStatus[];

/**
 * Swaps (shop A asks shop B to trade duty weeks; B accepts; the officer approves, or the rota
 * auto-approves) and exemptions (dates a participant is off duty, approved the same way). An approved
 * swap pins both shops to the traded periods and an approved exemption is honoured by the scheduler;
 * both replan the rota in the same transaction. Only periods not yet started can change.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class SwapService {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  audit: AuditService;

  @Inject()
  planner: RotaPlanner;

  @Inject()
  clock: RotaClock;

  @Inject()
  notifications: NotificationService;

  @Logger()
  logger: ILogger;

  /**
   * Shop A (the caller acts for duty `dutyId`'s participant) asks the participant of `targetDutyId` to
   * swap. Both periods must not have started; after the swap neither may be on duty twice in a week,
   * exempt then, or on duty in another rota that week.
   * @throws AppError NOT_FOUND, ROTA_WEEK_STARTED, ROTA_SWAP_INVALID, CONFLICT (same request open).
   */
  async request(auth: AuthState, dutyId: number, input: RequestSwapInput): Promise<SwapResponse> {
    const { swapId, notify } = await this.tx.run(async (m) => {
      const mine = await this.actingDuty(m, auth, dutyId);
      const rota = await m.findOneOrFail(RotaEntity, { where: { id: mine.rotaId } });
      const target = await m.findOne(DutyEntity, { where: { id: input.targetDutyId } });
      if (!target || target.rotaId !== mine.rotaId) throw new AppError(ErrorCode.RotaSwapInvalid, { fields: { targetDutyId: '请选择同一轮值表中的其他值守周' } });
      const open = firstOpenIndex(rota, this.clock.today());
      if (mine.periodIndex < open || target.periodIndex < open) throw new AppError(ErrorCode.RotaWeekStarted);
      await this.checkTradable(m, rota, mine.participantId, mine.periodIndex, target.participantId, target.periodIndex);
      const dup = await m.exists(SwapEntity, {
        where: { rotaId: rota.id, requesterParticipantId: mine.participantId, requesterIndex: mine.periodIndex, targetParticipantId: target.participantId, targetIndex: target.periodIndex, status: In(OPEN) },
      });
      if (dup) throw new AppError(ErrorCode.Conflict, { message: '已经提交过相同的换班申请' });
      const swap = await m.save(
        m.create(SwapEntity, {
          rotaId: rota.id,
          requesterParticipantId: mine.participantId,
          requesterIndex: mine.periodIndex,
          targetParticipantId: target.participantId,
          targetIndex: target.periodIndex,
          reason: input.reason,
          status: SwapStatus.PendingPeer,
          requestedBy: auth.userId,
          respondedBy: null,
          reviewedBy: null,
          reviewNote: null,
          decidedAt: null,
        }),
      );
      const requester = await m.findOneOrFail(ParticipantEntity, { where: { id: mine.participantId } });
      const to = await userIdsFor(m, [target.participantId]);
      return {
        swapId: swap.id,
        notify: { to, vars: { applicant: requester.name, week: `${formatPeriodZh({ from: mine.weekStart, to: mine.weekEnd })}换${formatPeriodZh({ from: target.weekStart, to: target.weekEnd })}`, reason: input.reason, time: this.clock.now() } },
      };
    });
    await this.safeNotify(notify.to, notify.vars, swapId);
    return this.swapView(this.dataSource.manager, auth, swapId);
  }

  /**
   * B accepts or declines. Accepting goes to the officer, or applies at once when the rota
   * auto-approves. @throws AppError NOT_FOUND, ROTA_REQUEST_CLOSED, ROTA_WEEK_STARTED, ROTA_SWAP_INVALID.
   */
  async respond(auth: AuthState, swapId: number, accept: boolean): Promise<SwapResponse> {
    const after = await this.tx.run(async (m) => {
      const swap = await m.findOne(SwapEntity, { where: { id: swapId } });
      const roles = await myParticipantRoles(m, auth.userId);
      if (!swap || !roles.has(swap.targetParticipantId)) throw notFound();
      if (swap.status !== SwapStatus.PendingPeer) throw new AppError(ErrorCode.RotaRequestClosed);
      const rota = await m.findOneOrFail(RotaEntity, { where: { id: swap.rotaId } });
      await this.ensureNotStarted(m, rota, swap);
      if (!accept) {
        await this.setStatus(m, swap, SwapStatus.Declined, { respondedBy: auth.userId, decidedAt: this.clock.now() });
        return { swap, rota, notifyIds: await userIdsFor(m, [swap.requesterParticipantId]), note: '对方未同意调换' };
      }
      if (rota.autoApprove) {
        await this.apply(m, rota, swap, { respondedBy: auth.userId });
        return { swap, rota, notifyIds: await userIdsFor(m, [swap.requesterParticipantId, swap.targetParticipantId]), note: '换班已生效' };
      }
      await this.setStatus(m, swap, SwapStatus.PendingOfficer, { respondedBy: auth.userId });
      return { swap, rota, notifyIds: [rota.officerId], note: '双方已同意，请民警审批' };
    });
    await this.notifyOutcome(after.notifyIds, after.swap, after.note);
    return this.swapView(this.dataSource.manager, auth, swapId);
  }

  /** A withdraws an open request. @throws AppError NOT_FOUND, ROTA_REQUEST_CLOSED. */
  async cancel(auth: AuthState, swapId: number): Promise<SwapResponse> {
    await this.tx.run(async (m) => {
      const swap = await m.findOne(SwapEntity, { where: { id: swapId } });
      const roles = await myParticipantRoles(m, auth.userId);
      if (!swap || !roles.has(swap.requesterParticipantId)) throw notFound();
      if (!OPEN.includes(swap.status)) throw new AppError(ErrorCode.RotaRequestClosed);
      await this.setStatus(m, swap, SwapStatus.Cancelled, { decidedAt: this.clock.now() });
    });
    return this.swapView(this.dataSource.manager, auth, swapId);
  }

  /**
   * The officer approves (the schedule changes) or rejects a swap both shops agreed to.
   * @throws AppError NOT_FOUND, ROTA_REQUEST_CLOSED, ROTA_WEEK_STARTED, ROTA_SWAP_INVALID.
   */
  async review(auth: AuthState, swapId: number, input: RotaReviewInput): Promise<SwapResponse> {
    const after = await this.tx.run(async (m) => {
      const swap = await m.findOne(SwapEntity, { where: { id: swapId } });
      const rota = swap ? await m.findOne(RotaEntity, { where: { id: swap.rotaId } }) : null;
      if (!swap || !rota || !canManage(auth.grants, rota.unitPath)) throw notFound();
      if (swap.status !== SwapStatus.PendingOfficer) throw new AppError(ErrorCode.RotaRequestClosed);
      await this.ensureNotStarted(m, rota, swap);
      if (input.approve) await this.apply(m, rota, swap, { reviewedBy: auth.userId, reviewNote: input.note ?? null });
      else await this.setStatus(m, swap, SwapStatus.Rejected, { reviewedBy: auth.userId, reviewNote: input.note ?? null, decidedAt: this.clock.now() });
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: managerRoleFor(auth.grants, rota.unitPath),
        unitPath: rota.unitPath,
        action: input.approve ? 'rota.swap.approve' : 'rota.swap.reject',
        targetType: 'rota_swap',
        targetId: swap.id,
        before: { status: swap.status },
        after: { requester: swap.requesterParticipantId, target: swap.targetParticipantId, requesterIndex: swap.requesterIndex, targetIndex: swap.targetIndex, note: input.note ?? null },
      });
      return { swap, notifyIds: await userIdsFor(m, [swap.requesterParticipantId, swap.targetParticipantId]), note: input.approve ? '民警已批准，换班已生效' : `民警未批准：${input.note ?? ''}` };
    });
    await this.notifyOutcome(after.notifyIds, after.swap, after.note);
    return this.swapView(this.dataSource.manager, auth, swapId);
  }

  /** Swaps of the participants the caller acts for, newest first. */
  async mine(auth: AuthState): Promise<SwapResponse[]> {
    const m = this.dataSource.manager;
    const roles = await myParticipantRoles(m, auth.userId);
    if (!roles.size) return [];
    const ids = [...roles.keys()];
    const swaps = await m
      .createQueryBuilder(SwapEntity, 's')
      .where('s.requester_participant_id IN (:...ids) OR s.target_participant_id IN (:...ids)', { ids })
      .orderBy('s.id', 'DESC')
      .limit(100)
      .getMany();
    return this.swapViews(m, auth, swaps);
  }

  /** One swap the caller is a side of, or manages. @throws AppError NOT_FOUND. */
  async one(auth: AuthState, swapId: number): Promise<SwapResponse> {
    return this.swapView(this.dataSource.manager, auth, swapId);
  }

  /** Swaps waiting for the officer of `rota`. */
  async pendingFor(m: EntityManager, auth: AuthState, rota: RotaEntity): Promise<SwapResponse[]> {
    const swaps = await m.find(SwapEntity, { where: { rotaId: rota.id, status: In(OPEN) }, order: { id: 'ASC' } });
    return this.swapViews(m, auth, swaps);
  }

  /**
   * Open swaps of a participant leaving the rota, and agreed swaps of its periods not yet started,
   * lapse (expired); the other side is scheduled by the rotation again.
   */
  async expireFor(m: EntityManager, rota: RotaEntity, participantId: number, fromIndex: number): Promise<void> {
    const swaps = await m
      .createQueryBuilder(SwapEntity, 's')
      .where('s.rota_id = :rotaId', { rotaId: rota.id })
      .andWhere('(s.requester_participant_id = :p OR s.target_participant_id = :p)', { p: participantId })
      .andWhere('(s.status IN (:...open) OR (s.status = :approved AND (s.requester_index >= :from OR s.target_index >= :from)))', { open: OPEN, approved: SwapStatus.Approved, from: fromIndex })
      .getMany();
    for (const s of swaps) await this.setStatus(m, s, SwapStatus.Expired, { decidedAt: this.clock.now() });
  }

  /** Open swaps whose earlier period has started are expired (called by the rota jobs). */
  async expireStarted(): Promise<number> {
    return this.tx.run(async (m) => {
      const swaps = await m.find(SwapEntity, { where: { status: In(OPEN) } });
      const rotas = await byIds(m, RotaEntity, swaps.map((s) => s.rotaId));
      let n = 0;
      for (const s of swaps) {
        const rota = rotas.get(s.rotaId);
        if (!rota) continue;
        const open = firstOpenIndex(rota, this.clock.today());
        if (Math.min(s.requesterIndex, s.targetIndex) < open) {
          await this.setStatus(m, s, SwapStatus.Expired, { decidedAt: this.clock.now() });
          n++;
        }
      }
      return n;
    });
  }

  // ---- exemptions ------------------------------------------------------------------------------

  /**
   * Asks that a participant the caller acts for be off duty from `from` to `to`. Pending for the
   * officer, or approved at once when the rota auto-approves (then the rota is replanned). A period
   * already started keeps its duty.
   * @throws AppError ROTA_UNKNOWN_SHOP (not a member the caller acts for), ROTA_DATE_IN_PAST,
   *   ROTA_SWAPPED_WEEK (a swapped week inside the dates), CONFLICT (overlaps an open request).
   */
  async requestExemption(auth: AuthState, input: RequestExemptionInput): Promise<ExemptionResponse> {
    const id = await this.tx.run(async (m) => {
      const roles = await myParticipantRoles(m, auth.userId);
      const member = roles.has(input.participantId) ? await m.findOne(RotaMemberEntity, { where: { rotaId: input.rotaId, participantId: input.participantId, status: MemberStatus.Active } }) : null;
      const rota = member ? await m.findOne(RotaEntity, { where: { id: input.rotaId } }) : null;
      if (!member || !rota) throw new AppError(ErrorCode.RotaUnknownShop, { fields: { participantId: '您的商户不在该轮值表中' } });
      if (input.from < this.clock.today()) throw new AppError(ErrorCode.RotaDateInPast, { fields: { from: '开始日期不能早于今天' } });
      const touched = periodsTouching(rota, { from: input.from, to: input.to }, Number.MAX_SAFE_INTEGER);
      const pinned = await m.find(DutyEntity, { where: { rotaId: rota.id, participantId: input.participantId, pinned: true }, select: ['id', 'periodIndex'] });
      if (pinned.some((d) => touched.includes(d.periodIndex))) throw new AppError(ErrorCode.RotaSwappedWeek);
      const overlapping = await m
        .createQueryBuilder(ExemptionEntity, 'e')
        .where('e.rota_id = :rotaId AND e.participant_id = :p AND e.status IN (:...st)', { rotaId: rota.id, p: input.participantId, st: [ExemptionStatus.Pending, ExemptionStatus.Approved] })
        .andWhere('e.from_date <= :to AND e.to_date >= :from', { from: input.from, to: input.to })
        .getExists();
      if (overlapping) throw new AppError(ErrorCode.Conflict, { message: '这段时间已有免值守申请' });
      const auto = Boolean(rota.autoApprove);
      const e = await m.save(
        m.create(ExemptionEntity, {
          rotaId: rota.id,
          participantId: input.participantId,
          fromDate: input.from,
          toDate: input.to,
          reason: input.reason,
          note: input.note ? input.note : null,
          status: auto ? ExemptionStatus.Approved : ExemptionStatus.Pending,
          requestedBy: auth.userId,
          reviewedBy: null,
          reviewNote: auto ? '自动批准' : null,
          reviewedAt: auto ? this.clock.now() : null,
        }),
      );
      if (auto) await this.planner.replan(m, rota.id);
      return e.id;
    });
    return this.exemptionView(this.dataSource.manager, auth, id);
  }

  /** The caller's side withdraws a pending exemption, or an approved one not yet over (replanned). */
  async cancelExemption(auth: AuthState, id: number): Promise<ExemptionResponse> {
    await this.tx.run(async (m) => {
      const e = await m.findOne(ExemptionEntity, { where: { id } });
      const roles = await myParticipantRoles(m, auth.userId);
      if (!e || !roles.has(e.participantId)) throw notFound();
      const live = e.status === ExemptionStatus.Pending || (e.status === ExemptionStatus.Approved && e.toDate >= this.clock.today());
      if (!live) throw new AppError(ErrorCode.RotaRequestClosed);
      await m.update(ExemptionEntity, { id }, { status: ExemptionStatus.Cancelled });
      if (e.status === ExemptionStatus.Approved) await this.planner.replan(m, e.rotaId);
    });
    return this.exemptionView(this.dataSource.manager, auth, id);
  }

  /** The officer approves (rota replanned) or rejects. @throws AppError NOT_FOUND, ROTA_REQUEST_CLOSED. */
  async reviewExemption(auth: AuthState, id: number, input: RotaReviewInput): Promise<ExemptionResponse> {
    await this.tx.run(async (m) => {
      const e = await m.findOne(ExemptionEntity, { where: { id } });
      const rota = e ? await m.findOne(RotaEntity, { where: { id: e.rotaId } }) : null;
      if (!e || !rota || !canManage(auth.grants, rota.unitPath)) throw notFound();
      if (e.status !== ExemptionStatus.Pending) throw new AppError(ErrorCode.RotaRequestClosed);
      const status = input.approve ? ExemptionStatus.Approved : ExemptionStatus.Rejected;
      const r = await m.update(ExemptionEntity, { id, status: ExemptionStatus.Pending }, { status, reviewedBy: auth.userId, reviewNote: input.note ?? null, reviewedAt: this.clock.now() });
      if (!r.affected) throw new AppError(ErrorCode.RotaRequestClosed);
      if (input.approve) await this.planner.replan(m, rota.id);
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: managerRoleFor(auth.grants, rota.unitPath),
        unitPath: rota.unitPath,
        action: input.approve ? 'rota.exemption.approve' : 'rota.exemption.reject',
        targetType: 'rota_exemption',
        targetId: id,
        before: { status: e.status },
        after: { status, from: e.fromDate, to: e.toDate, note: input.note ?? null },
      });
    });
    return this.exemptionView(this.dataSource.manager, auth, id);
  }

  /** Exemptions of the participants the caller acts for, newest first. */
  async myExemptions(auth: AuthState): Promise<ExemptionResponse[]> {
    const m = this.dataSource.manager;
    const roles = await myParticipantRoles(m, auth.userId);
    if (!roles.size) return [];
    const list = await m.find(ExemptionEntity, { where: { participantId: In([...roles.keys()]) }, order: { id: 'DESC' }, take: 100 });
    return this.exemptionViews(m, auth, list);
  }

  async pendingExemptionsFor(m: EntityManager, auth: AuthState, rota: RotaEntity): Promise<ExemptionResponse[]> {
    const list = await m.find(ExemptionEntity, { where: { rotaId: rota.id, status: ExemptionStatus.Pending }, order: { id: 'ASC' } });
    return this.exemptionViews(m, auth, list);
  }

  // ---- helpers ---------------------------------------------------------------------------------

  /** A duty whose participant the caller acts for (NOT_FOUND otherwise). */
  private async actingDuty(m: EntityManager, auth: AuthState, dutyId: number): Promise<DutyEntity> {
    const duty = await m.findOne(DutyEntity, { where: { id: dutyId } });
    const roles = await myParticipantRoles(m, auth.userId);
    if (!duty || !roles.has(duty.participantId)) throw notFound();
    return duty;
  }

  /**
   * Can A (on duty in period ia) and B (in ib) trade? Different participants and periods, neither on
   * duty in the other's period already, neither exempt there, neither on duty in another rota then.
   */
  private async checkTradable(m: EntityManager, rota: RotaEntity, a: number, ia: number, b: number, ib: number): Promise<void> {
    const invalid = (message: string) => new AppError(ErrorCode.RotaSwapInvalid, { message, fields: { targetDutyId: message } });
    if (a === b) throw invalid('不能和自己的值守周调换');
    if (ia === ib) throw invalid('请选择另一周的值守');
    const stillA = await m.exists(DutyEntity, { where: { rotaId: rota.id, participantId: a, periodIndex: ia } });
    const stillB = await m.exists(DutyEntity, { where: { rotaId: rota.id, participantId: b, periodIndex: ib } });
    if (!stillA || !stillB) throw invalid('值守安排已经变化，请刷新后重新申请');
    if (await m.exists(DutyEntity, { where: { rotaId: rota.id, participantId: a, periodIndex: ib } })) throw invalid('您在对方那一周已经有值守');
    if (await m.exists(DutyEntity, { where: { rotaId: rota.id, participantId: b, periodIndex: ia } })) throw invalid('对方在您那一周已经有值守');
    const ra = periodRange(rota, ia);
    const rb = periodRange(rota, ib);
    const exempt = async (p: number, r: { from: string; to: string }) =>
      m
        .createQueryBuilder(ExemptionEntity, 'e')
        .where('e.rota_id = :rotaId AND e.participant_id = :p AND e.status = :st', { rotaId: rota.id, p, st: ExemptionStatus.Approved })
        .andWhere('e.from_date <= :to AND e.to_date >= :from', r)
        .getExists();
    if (await exempt(a, rb)) throw invalid('您在对方那一周处于免值守期间');
    if (await exempt(b, ra)) throw invalid('对方在您那一周处于免值守期间');
    const elsewhere = async (p: number, r: { from: string; to: string }) =>
      m
        .createQueryBuilder(DutyEntity, 'd')
        .where('d.participant_id = :p AND d.rota_id <> :rotaId', { p, rotaId: rota.id })
        .andWhere('d.week_start <= :to AND d.week_end >= :from', r)
        .getExists();
    if (await elsewhere(a, rb)) throw invalid('您在对方那一周已在其他轮值表值守');
    if (await elsewhere(b, ra)) throw invalid('对方在您那一周已在其他轮值表值守');
  }

  /**
   * Answers ROTA_WEEK_STARTED when a period of the swap has started (nothing changes in this
   * transaction); the swap is marked expired right after, in its own transaction.
   */
  private async ensureNotStarted(_m: EntityManager, rota: RotaEntity, swap: SwapEntity): Promise<void> {
    if (Math.min(swap.requesterIndex, swap.targetIndex) >= firstOpenIndex(rota, this.clock.today())) return;
    const id = swap.id;
    setImmediate(() => void this.tx.run((mm) => mm.update(SwapEntity, { id, status: In(OPEN) }, { status: SwapStatus.Expired, decidedAt: this.clock.now() })).catch(() => undefined));
    throw new AppError(ErrorCode.RotaWeekStarted);
  }

  /** Re-checks and applies an agreed swap: approved, both sides pinned, rota replanned. */
  private async apply(m: EntityManager, rota: RotaEntity, swap: SwapEntity, extra: Partial<SwapEntity>): Promise<void> {
    await this.checkTradable(m, rota, swap.requesterParticipantId, swap.requesterIndex, swap.targetParticipantId, swap.targetIndex);
    await this.setStatus(m, swap, SwapStatus.Approved, { ...extra, decidedAt: this.clock.now() });
    await this.planner.replan(m, rota.id);
  }

  /** Conditional status change (the version it was read at): of two deciders exactly one wins. */
  private async setStatus(m: EntityManager, swap: SwapEntity, status: SwapStatus, extra: Partial<SwapEntity>): Promise<void> {
    const r = await m
      .createQueryBuilder()
      .update(SwapEntity)
      .set({ ...extra, status })
      .where('id = :id AND version = :version', { id: swap.id, version: swap.version })
      .execute();
    if (!r.affected) throw new AppError(ErrorCode.RotaRequestClosed);
    swap.version += 1;
    swap.status = status;
  }

  private async safeNotify(userIds: number[], vars: Record<string, string | Date>, ref: number | string): Promise<void> {
    try {
      await this.notifications.notify(userIds, 'swap_request', vars, ref);
    } catch (e) {
      this.logger.warn('[rota] swap notification failed: %s', (e as Error).message);
    }
  }

  private async notifyOutcome(userIds: number[], swap: SwapEntity, note: string): Promise<void> {
    const m = this.dataSource.manager;
    const requester = await m.findOne(ParticipantEntity, { where: { id: swap.requesterParticipantId } });
    const rota = await m.findOne(RotaEntity, { where: { id: swap.rotaId } });
    if (!requester || !rota) return;
    const a = periodRange(rota, swap.requesterIndex);
    const b = periodRange(rota, swap.targetIndex);
    // A new ref per outcome (the dedupe key is template + ref + user): `<swap id>.<status>`.
    await this.safeNotify(userIds, { applicant: requester.name, week: `${formatPeriodZh(a)}换${formatPeriodZh(b)}`, reason: note, time: this.clock.now() }, `${swap.id}.${swap.status}`);
  }

  private async swapView(m: EntityManager, auth: AuthState, swapId: number): Promise<SwapResponse> {
    const swap = await m.findOne(SwapEntity, { where: { id: swapId } });
    if (!swap) throw notFound();
    const [view] = await this.swapViews(m, auth, [swap]);
    if (!view.myRole) throw notFound();
    return view;
  }

  private async swapViews(m: EntityManager, auth: AuthState, swaps: SwapEntity[]): Promise<SwapResponse[]> {
    if (!swaps.length) return [];
    const roles = await myParticipantRoles(m, auth.userId);
    const rotas = await byIds(m, RotaEntity, swaps.map((s) => s.rotaId));
    const participants = await byIds(m, ParticipantEntity, swaps.flatMap((s) => [s.requesterParticipantId, s.targetParticipantId]));
    const duties = await m
      .createQueryBuilder(DutyEntity, 'd')
      .where('d.rota_id IN (:...rotas)', { rotas: [...rotas.keys()] })
      .andWhere('d.participant_id IN (:...ps)', { ps: [...participants.keys()] })
      .getMany();
    const dutyAt = (rotaId: number, p: number, i: number) => duties.find((d) => d.rotaId === rotaId && d.participantId === p && d.periodIndex === i)?.id ?? 0;
    const out: SwapResponse[] = [];
    for (const s of swaps) {
      const rota = rotas.get(s.rotaId)!;
      const manager = canManage(auth.grants, rota.unitPath);
      const myRole = roles.has(s.requesterParticipantId) ? 'requester' : roles.has(s.targetParticipantId) ? 'target' : manager ? 'officer' : null;
      const ra = periodRange(rota, s.requesterIndex);
      const rb = periodRange(rota, s.targetIndex);
      out.push(
        presentSwap({
          swap: s,
          rotaName: rota.name,
          requester: participants.get(s.requesterParticipantId)!,
          target: participants.get(s.targetParticipantId)!,
          requesterDuty: { id: dutyAt(rota.id, s.requesterParticipantId, s.requesterIndex) || dutyAt(rota.id, s.targetParticipantId, s.requesterIndex), start: ra.from, end: ra.to },
          targetDuty: { id: dutyAt(rota.id, s.targetParticipantId, s.targetIndex) || dutyAt(rota.id, s.requesterParticipantId, s.targetIndex), start: rb.from, end: rb.to },
          myRole,
          canRespond: s.status === SwapStatus.PendingPeer && roles.has(s.targetParticipantId),
          canCancel: OPEN.includes(s.status) && roles.has(s.requesterParticipantId),
          canReview: s.status === SwapStatus.PendingOfficer && manager,
        }),
      );
    }
    return out;
  }

  private async exemptionView(m: EntityManager, auth: AuthState, id: number): Promise<ExemptionResponse> {
    const e = await m.findOneOrFail(ExemptionEntity, { where: { id } });
    return (await this.exemptionViews(m, auth, [e]))[0];
  }

  private async exemptionViews(m: EntityManager, auth: AuthState, list: ExemptionEntity[]): Promise<ExemptionResponse[]> {
    if (!list.length) return [];
    const roles = await myParticipantRoles(m, auth.userId);
    const rotas = await byIds(m, RotaEntity, list.map((e) => e.rotaId));
    const participants = await byIds(m, ParticipantEntity, list.map((e) => e.participantId));
    const today = this.clock.today();
    return list.map((e) => {
      const rota = rotas.get(e.rotaId)!;
      const mine = roles.has(e.participantId);
      const live = e.status === ExemptionStatus.Pending || (e.status === ExemptionStatus.Approved && e.toDate >= today);
      return presentExemption(e, rota.name, participants.get(e.participantId)!, {
        cancel: mine && live,
        review: e.status === ExemptionStatus.Pending && canManage(auth.grants, rota.unitPath),
      });
    });
  }
}
