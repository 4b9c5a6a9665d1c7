import { ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  addDays,
  areaCentre,
  CheckinInput,
  CheckinResponse,
  checkGeofence,
  DutyBrief,
  DutyDetailResponse,
  ErrorCode,
  HandoverInput,
  isDutyComplete,
  MyDutyResponse,
  ParticipantStatusLabelZh,
  RotaDefaults,
  RotaLimits,
  RotaStatus,
  rosterPhone,
} from '@linli/shared';
import type { AuthState } from '../../common/auth/auth.context';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { AppError, notFound } from '../../common/errors/app.error';
import { RateLimitService } from '../../common/rate-limit/rate-limit.service';
import { ContentCheckService } from '../moderation/content-check.service';
import { PointsService } from '../points/points.service';
import { UnitEntity } from '../unit/unit.entity';
import { PhoneCrypto } from '../user/phone.crypto';
import { RotaClock } from './rota.clock';
import { CheckinEntity, DutyEntity, ParticipantEntity, RotaEntity } from './rota.entity';
import { RotaPlanner } from './rota.planner';
import { canManage } from './rota.policy';
import { participantRef, presentCheckin, presentDutyBrief } from './rota.presenter';
import * as q from './duty.queries';
import { myParticipantRoles } from './rota.repository';
import { RotaService } from './rota.service';

/**
 * Duties as the shops see them: my duty week (current or next, with area, checklist, officer, the other
 * shop and check-ins), past duties, check-ins with a server-side geofence, the handover note, and the
 * completion that awards points through the ledger.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class DutyService {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  clock: RotaClock;

  @Inject()
  planner: RotaPlanner;

  @Inject()
  rotas: RotaService;

  @Inject()
  phones: PhoneCrypto;

  @Inject()
  points: PointsService;

  @Inject()
  rateLimit: RateLimitService;

  @Inject()
  contentCheck: ContentCheckService;

  @Logger()
  logger: ILogger;

  /** The caller's duty week: the current duty (else the next), upcoming and past duties. */
  async myDuty(auth: AuthState): Promise<MyDutyResponse> {
    const m = this.dataSource.manager;
    // Plain SQL (duty.queries.ts): one query for the caller's participants, one for enrolments with rotas.
    const linked = await q.myParticipants(m, auth.userId);
    const ids = linked.map((p) => p.id);
    if (!ids.length) return { participants: [], current: null, next: null, upcoming: [], past: [] };
    const participants = new Map(linked.map((p) => [p.id, p]));
    const { rotas, memberships: members } = await q.activeRotas(m, ids);
    for (const rota of rotas.values()) {
      if (this.planner.isBehind(rota)) {
        await this.rotas.ensurePlanned(rota);
        rotas.set(rota.id, (await q.rotasByIds(m, [rota.id])).get(rota.id)!);
      }
    }
    const today = this.clock.today();
    const [upcomingRows, pastRows] = await Promise.all([q.duties(m, ids, today, 'upcoming', 20), q.duties(m, ids, today, 'past', RotaLimits.pastDutiesShown)]);
    const allRotas = await this.withRotas(m, rotas, [...upcomingRows, ...pastRows]);
    const brief = (d: DutyEntity) => presentDutyBrief(d, allRotas.get(d.rotaId)!, participants.get(d.participantId)!, today);
    const currentRow = upcomingRows.find((d) => d.weekStart <= today) ?? null;
    const nextRow = upcomingRows.find((d) => d.weekStart > today) ?? null;
    const focus = currentRow ?? nextRow;
    const focusDetail = focus ? await this.detailOf(m, auth, focus, allRotas.get(focus.rotaId)!, participants.get(focus.participantId)!, new Set(ids)) : null;
    return {
      participants: [...participants.values()].map((p) => ({
        ...participantRef(p),
        status: p.status,
        statusLabel: ParticipantStatusLabelZh[p.status] ?? p.status,
        rotas: members.filter((x) => x.participantId === p.id).map((x) => ({ id: x.rotaId, name: rotas.get(x.rotaId)?.name ?? '' })),
      })),
      current: currentRow ? focusDetail : null,
      next: !currentRow && nextRow ? focusDetail : null,
      upcoming: upcomingRows.filter((d) => d !== focus).map(brief),
      past: pastRows.map(brief),
    };
  }

  /** One duty, for the people acting for its participant and the rota's officers. @throws NOT_FOUND. */
  async duty(auth: AuthState, id: number): Promise<DutyDetailResponse> {
    const m = this.dataSource.manager;
    const { duty, rota, participant } = await this.visibleDuty(m, auth, id);
    return this.detailOf(m, auth, duty, rota, participant);
  }

  /**
   * A check-in on duty. The location is checked against the area's grids (plus the rota's tolerance)
   * here on the server; outside, or outside the duty's dates, nothing is stored. Reaching the rota's
   * number of check-ins completes the duty and awards the owner points (once, idempotently).
   * @throws AppError NOT_FOUND, RATE_LIMITED, ROTA_NOT_ON_DUTY, ROTA_OUTSIDE_AREA, CONFLICT (too many).
   */
  async checkin(auth: AuthState, id: number, input: CheckinInput): Promise<CheckinResponse> {
    await this.rateLimit.consume('rota_checkin', String(auth.userId), RotaLimits.checkinsPerMinute, 60);
    return this.tx.run(async (m) => {
      const duty = await this.actingDuty(m, auth, id);
      const rota = await m.findOneOrFail(RotaEntity, { where: { id: duty.rotaId } });
      const today = this.clock.today();
      if (today < duty.weekStart || today > duty.weekEnd) {
        throw new AppError(ErrorCode.RotaNotOnDuty, { data: { start: duty.weekStart, end: duty.weekEnd } });
      }
      if (duty.checkinCount >= RotaLimits.checkinsPerDutyMax) throw new AppError(ErrorCode.Conflict, { message: '本周打卡次数已达上限' });
      const grids = await m.find(UnitEntity, { where: { id: In(rota.gridIds) }, select: ['id', 'polygon'] });
      const verdict = checkGeofence([input.lng, input.lat], grids.map((g) => g.polygon), rota.geofenceMeters);
      if (!verdict.inside) {
        throw new AppError(ErrorCode.RotaOutsideArea, {
          message: verdict.distanceMeters >= 0 ? `您距离值守区域约 ${verdict.distanceMeters} 米，请到责任区内再打卡` : undefined,
          data: { distanceMeters: verdict.distanceMeters, allowedMeters: rota.geofenceMeters },
        });
      }
      const row = await m.save(
        m.create(CheckinEntity, {
          dutyId: duty.id,
          userId: auth.userId,
          kind: input.kind,
          lng: input.lng,
          lat: input.lat,
          accuracy: input.accuracy !== undefined ? Math.round(input.accuracy) : null,
          insideArea: true,
          distanceM: verdict.distanceMeters,
          eraseAfter: addDays(duty.weekEnd, RotaDefaults.locationRetentionDays),
          locationErasedAt: null,
        }),
      );
      await m.query('UPDATE rota_duties SET checkin_count = checkin_count + 1 WHERE id = ?', [duty.id]);
      const fresh = await m.findOneOrFail(DutyEntity, { where: { id: duty.id } });
      let awarded = 0;
      if (fresh.completedAt === null && isDutyComplete(fresh.checkinCount, rota.checkinsRequired)) {
        awarded = await this.complete(m, fresh, rota);
        Object.assign(fresh, await m.findOneOrFail(DutyEntity, { where: { id: duty.id } }));
      }
      return presentCheckin(row, fresh, rota.checkinsRequired, awarded);
    });
  }

  /**
   * Marks the duty complete (only one caller wins the conditional UPDATE) and awards the owner of the
   * participant `duty_week_completed` through the points ledger in the same transaction. Returns the
   * points awarded (0 when a cap or the idempotency key said no).
   */
  private async complete(m: EntityManager, duty: DutyEntity, rota: RotaEntity): Promise<number> {
    const now = this.clock.now();
    const r = await m.createQueryBuilder().update(DutyEntity).set({ completedAt: now }).where('id = :id AND completed_at IS NULL', { id: duty.id }).execute();
    if (!r.affected) return 0;
    const participant = await m.findOneOrFail(ParticipantEntity, { where: { id: duty.participantId } });
    const award = await this.points.award(m, {
      userId: participant.ownerId,
      rule: 'duty_week_completed',
      unitPath: rota.unitPath,
      ref: { type: 'duty_week', id: String(duty.id) },
      idempotencyKey: `duty_week:${duty.id}:completed`,
    });
    const amount = award?.amount ?? 0;
    await m.update(DutyEntity, { id: duty.id }, { pointsAwarded: amount });
    return amount;
  }

  /**
   * The handover note for the next shop, from the first day of the duty until a week after it ended.
   * @throws AppError NOT_FOUND, ROTA_NOT_ON_DUTY, CONTENT_RISKY.
   */
  async handover(auth: AuthState, id: number, input: HandoverInput): Promise<DutyDetailResponse> {
    const m0 = this.dataSource.manager;
    const duty = await this.actingDuty(m0, auth, id);
    const today = this.clock.today();
    if (today < duty.weekStart || today > addDays(duty.weekEnd, 7)) throw new AppError(ErrorCode.RotaNotOnDuty, { message: '值守开始后、结束一周内才能填写交接记录' });
    const check = await this.contentCheck.checkText({ userId: auth.userId, text: input.note, scene: 2 });
    if (check.outcome === 'hold') throw new AppError(ErrorCode.ContentRisky, { message: '交接内容需要人工复核，请修改后再提交' });
    await this.tx.run((m) => m.update(DutyEntity, { id }, { handoverNote: input.note, handoverBy: auth.userId, handoverAt: this.clock.now() }));
    return this.duty(auth, id);
  }

  private async withRotas(m: EntityManager, rotas: Map<number, RotaEntity>, duties: DutyEntity[]): Promise<Map<number, RotaEntity>> {
    const missing = [...new Set(duties.map((d) => d.rotaId).filter((id) => !rotas.has(id)))];
    if (!missing.length) return rotas;
    const more = await q.rotasByIds(m, missing);
    return new Map([...rotas, ...more]);
  }

  /** A duty whose participant the caller acts for. */
  private async actingDuty(m: EntityManager, auth: AuthState, id: number): Promise<DutyEntity> {
    const duty = await m.findOne(DutyEntity, { where: { id } });
    const roles = await myParticipantRoles(m, auth.userId);
    if (!duty || !roles.has(duty.participantId)) throw notFound();
    return duty;
  }

  private async visibleDuty(m: EntityManager, auth: AuthState, id: number) {
    const duty = await m.findOne(DutyEntity, { where: { id } });
    if (!duty) throw notFound();
    const rota = await m.findOneOrFail(RotaEntity, { where: { id: duty.rotaId } });
    const roles = await myParticipantRoles(m, auth.userId);
    if (!roles.has(duty.participantId) && !canManage(auth.grants, rota.unitPath)) throw notFound();
    const participant = await m.findOneOrFail(ParticipantEntity, { where: { id: duty.participantId } });
    return { duty, rota, participant };
  }

  private async detailOf(m: EntityManager, auth: AuthState, duty: DutyEntity, rota: RotaEntity, participant: ParticipantEntity, mine?: Set<number>): Promise<DutyDetailResponse> {
    const today = this.clock.today();
    // Independent reads, in parallel (each on its own pooled connection on MySQL), as plain SQL.
    const [grids, partnerRows, checkins, previousHandover, officerRow, roles] = await Promise.all([
      q.grids(m, rota.gridIds),
      q.partners(m, duty),
      q.checkins(m, duty.id),
      q.previousHandover(m, duty),
      q.officer(m, rota.officerId),
      mine ? Promise.resolve(null) : myParticipantRoles(m, auth.userId),
    ]);
    const officer = {
      nickname: officerRow && !officerRow.deleted ? officerRow.nickname : '社区民警',
      phone: rota.officerPhoneEnc ? this.phones.decrypt(rota.officerPhoneEnc) : officerRow && !officerRow.deleted ? this.phones.decrypt(officerRow.phoneEnc) : null,
    };
    const partners = new Map(partnerRows.map((p) => [p.id, p]));
    const acting = mine ? mine.has(duty.participantId) : roles!.has(duty.participantId);
    const started = today >= duty.weekStart;
    const open = today < duty.weekStart && rota.status === RotaStatus.Active;
    const polygons = grids.map((g) => g.polygon);
    const brief: DutyBrief = presentDutyBrief(duty, rota, participant, today);
    return {
      ...brief,
      area: {
        name: grids.map((g) => g.name).join('、'),
        grids: grids.map((g) => ({ id: g.id, name: g.name, polygon: g.polygon })),
        centre: areaCentre(polygons),
        geofenceMeters: rota.geofenceMeters,
      },
      checklist: rota.checklist ?? [],
      officer,
      partners: [...partners.values()].map((p) => ({ ...participantRef(p), phone: rosterPhone(this.phones.decrypt(p.phoneEnc), Boolean(p.phonePublic)) })),
      checkins: checkins.map((c) => presentCheckin(c, duty, rota.checkinsRequired)),
      completedAt: duty.completedAt ? new Date(duty.completedAt).toISOString() : null,
      pointsAwarded: duty.pointsAwarded,
      handoverNote: duty.handoverNote,
      previousHandover,
      canCheckin: acting && started && today <= duty.weekEnd,
      canSwap: acting && open,
      canHandover: acting && started && today <= addDays(duty.weekEnd, 7),
    };
  }
}
