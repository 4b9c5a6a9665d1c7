import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  AttendanceResponse,
  commonPath,
  CreateRotaInput,
  DEFAULT_CHECKLIST,
  EnrolMembersInput,
  ErrorCode,
  firstOpenIndex,
  holidayPeriods,
  HolidayPolicyLabelZh,
  JoinRotaInput,
  LeaveRotaInput,
  MemberStatus,
  mondayOf,
  OfficerContact,
  OPEN_SWAP_STATUSES,
  ParticipantKind,
  ParticipantRole,
  ParticipantStatus,
  periodIndexOn,
  periodRange,
  RosterQuery,
  RosterResponse,
  rosterPhone,
  RotaDetailResponse,
  RotaListQuery,
  RotaReviewInput,
  RotaStatus,
  SwapStatus,
  UpdateRotaInput,
} from '@linli/shared';
import { AuditService } from '../../common/audit/audit.service';
import type { AuthState } from '../../common/auth/auth.context';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { insideAnyUnit } from '../../common/db/unit-scope';
import { AppError, notFound } from '../../common/errors/app.error';
import { ContentCheckService } from '../moderation/content-check.service';
import { UnitEntity } from '../unit/unit.entity';
import { PhoneCrypto } from '../user/phone.crypto';
import { UserEntity } from '../user/user.entity';
import { RotaClock } from './rota.clock';
import { DutyEntity, ParticipantEntity, ParticipantUserEntity, RotaEntity, RotaMemberEntity, SwapEntity } from './rota.entity';
import { RotaPlanner, rotaHolidays } from './rota.planner';
import { canManage, managedPaths, managerRoleFor } from './rota.policy';
import { MemberView, participantRef, presentMember, presentRotaSummary, RotaSummaryView } from './rota.presenter';
import { byIds, unitNames } from './rota.repository';
import { SwapService } from './swap.service';

/**
 * Rotas and their members: creation over grids of the officer's area, enrolment (by the officer, or on
 * request: shops and volunteer residents), leaving, settings, the public roster and the officer's
 * attendance view. Every change that affects the schedule replans the rota in the same transaction.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class RotaService {
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
  phones: PhoneCrypto;

  @Inject()
  contentCheck: ContentCheckService;

  @Inject()
  swaps: SwapService;

  /** Active rotas, optionally inside one unit (public). */
  async list(auth: AuthState | null, query: RotaListQuery): Promise<RotaSummaryView[]> {
    const m = this.dataSource.manager;
    const qb = m.createQueryBuilder(RotaEntity, 'r').where('r.status = :status', { status: RotaStatus.Active });
    if (query.unitId) {
      const unit = await m.findOne(UnitEntity, { where: { id: query.unitId } });
      if (!unit) return [];
      // Rotas inside the unit, or whose area holds it (a grid of the area).
      qb.andWhere(`(r.unit_path LIKE :inside OR :path LIKE ${this.concatLike()})`, { inside: `${unit.path}%`, path: unit.path });
    }
    const rotas = await qb.orderBy('r.id', 'DESC').limit(100).getMany();
    return this.summaries(m, rotas, auth);
  }

  /** SQL for "r.unit_path followed by %" on both databases. */
  private concatLike(): string {
    return this.dataSource.options.type === 'mysql' ? "CONCAT(r.unit_path, '%')" : "(r.unit_path || '%')";
  }

  /** Rotas inside the caller's units (police/admin). */
  async managed(auth: AuthState): Promise<RotaSummaryView[]> {
    const paths = managedPaths(auth.grants);
    if (!paths.length) throw new AppError(ErrorCode.Forbidden);
    const m = this.dataSource.manager;
    const rotas = await m.createQueryBuilder(RotaEntity, 'r').where(insideAnyUnit('r.unit_path', paths)).orderBy('r.id', 'DESC').limit(200).getMany();
    return this.summaries(m, rotas, auth);
  }

  /**
   * Creates a rota over grids the caller manages, enrols the given (or all approved in the area) shops
   * and plans it. The start date is a Monday not before this week's.
   * @throws AppError FORBIDDEN (not police/admin), ROTA_AREA_INVALID, ROTA_DATE_IN_PAST, ROTA_UNKNOWN_SHOP.
   */
  async create(auth: AuthState, input: CreateRotaInput): Promise<number> {
    if (!managedPaths(auth.grants).length) throw new AppError(ErrorCode.Forbidden);
    if (input.startDate < mondayOf(this.clock.today())) throw new AppError(ErrorCode.RotaDateInPast, { fields: { startDate: '开始日期不能早于本周一' } });
    return this.tx.run(async (m) => {
      const grids = await m.find(UnitEntity, { where: { id: In(input.gridIds) } });
      const bad = input.gridIds.filter((id) => {
        const g = grids.find((u) => u.id === id);
        return !g || g.level !== 'grid' || !canManage(auth.grants, g.path);
      });
      if (bad.length) throw new AppError(ErrorCode.RotaAreaInvalid, { fields: { gridIds: '只能选择您辖区内的网格' }, data: { gridIds: bad } });
      const path = commonPath(grids.map((g) => g.path));
      const unit = await m.findOne(UnitEntity, { where: { path } });
      if (!unit) throw new AppError(ErrorCode.RotaAreaInvalid);
      const rota = await m.save(
        m.create(RotaEntity, {
          name: input.name,
          unitId: unit.id,
          unitPath: unit.path,
          gridIds: [...new Set(input.gridIds)],
          officerId: auth.userId,
          officerPhoneEnc: input.officerPhone ? this.phones.encrypt(input.officerPhone) : null,
          startDate: input.startDate,
          periodWeeks: input.periodWeeks,
          slots: input.slots,
          weeksAhead: input.weeksAhead,
          checkinsRequired: input.checkinsRequired,
          geofenceMeters: input.geofenceMeters,
          autoApprove: input.autoApprove,
          holidayPolicy: input.holidayPolicy,
          closures: input.closures,
          checklist: input.checklist ?? [...DEFAULT_CHECKLIST],
          status: RotaStatus.Active,
          plannedUntil: 0,
          createdBy: auth.userId,
        }),
      );
      const enrolled = await this.enrolIn(m, auth, rota, input.participantIds, input.enrolAllInArea);
      await this.planner.replan(m, rota.id);
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: managerRoleFor(auth.grants, unit.path),
        unitPath: unit.path,
        action: 'rota.create',
        targetType: 'rota',
        targetId: rota.id,
        after: { name: rota.name, gridIds: rota.gridIds, startDate: rota.startDate, slots: rota.slots, enrolled },
      });
      return rota.id;
    });
  }

  /**
   * Enrols approved shops (explicit ids, or every approved shop located in the area) from the first
   * period not yet started. Shops already enrolled are left as they are.
   * @throws AppError NOT_FOUND (rota not managed by the caller), ROTA_UNKNOWN_SHOP.
   */
  async enrol(auth: AuthState, rotaId: number, input: EnrolMembersInput): Promise<void> {
    await this.tx.run(async (m) => {
      const rota = await this.managedRota(m, auth, rotaId);
      const added = await this.enrolIn(m, auth, rota, input.participantIds, input.allInArea);
      if (added) await this.planner.replan(m, rota.id);
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: managerRoleFor(auth.grants, rota.unitPath),
        unitPath: rota.unitPath,
        action: 'rota.enrol',
        targetType: 'rota',
        targetId: rota.id,
        after: { participantIds: input.participantIds, allInArea: input.allInArea, added },
      });
    });
  }

  private async enrolIn(m: EntityManager, auth: AuthState, rota: RotaEntity, ids: number[], allInArea: boolean): Promise<number> {
    const wanted = new Set(ids);
    if (ids.length) {
      const found = await byIds(m, ParticipantEntity, ids);
      const unknown = ids.filter((id) => {
        const p = found.get(id);
        return !p || p.status !== ParticipantStatus.Approved || !canManage(auth.grants, p.unitPath);
      });
      if (unknown.length) throw new AppError(ErrorCode.RotaUnknownShop, { fields: { participantIds: `商户 ${unknown.slice(0, 5).join('、')} 不存在或尚未通过审核` }, data: { participantIds: unknown } });
    }
    if (allInArea) {
      const rows = await m.find(ParticipantEntity, {
        where: { unitId: In(rota.gridIds), status: ParticipantStatus.Approved, kind: ParticipantKind.Shop },
        select: ['id'],
        order: { id: 'ASC' },
      });
      for (const r of rows) wanted.add(r.id);
    }
    if (!wanted.size) return 0;
    const open = await m.find(RotaMemberEntity, { where: { rotaId: rota.id, openKey: 1 }, select: ['id', 'participantId'] });
    const already = new Set(open.map((x) => x.participantId));
    const joinIndex = this.planner.fromIndex(rota);
    const rows = [...wanted]
      .filter((id) => !already.has(id))
      .sort((a, b) => a - b)
      .map((participantId) => ({
        rotaId: rota.id,
        participantId,
        status: MemberStatus.Active,
        openKey: 1,
        joinIndex,
        leaveIndex: null,
        requestedBy: auth.userId,
        reviewedBy: auth.userId,
        reviewNote: null,
        reviewedAt: new Date(),
      }));
    for (let i = 0; i < rows.length; i += 500) await m.insert(RotaMemberEntity, rows.slice(i, i + 500));
    return rows.length;
  }

  /**
   * A shop the caller acts for asks to join, or the caller volunteers as a resident (a volunteer
   * profile is created or updated). Pending until the officer approves.
   * @throws AppError NOT_FOUND (no such active rota), ROTA_UNKNOWN_SHOP, ROTA_ALREADY_MEMBER.
   */
  async join(auth: AuthState, rotaId: number, input: JoinRotaInput): Promise<number> {
    if (input.volunteer) await this.contentCheck.checkText({ userId: auth.userId, text: input.volunteer.name, scene: 1 });
    return this.tx.run(async (m) => {
      const rota = await m.findOne(RotaEntity, { where: { id: rotaId, status: RotaStatus.Active } });
      if (!rota) throw notFound();
      let participantId: number;
      if (input.participantId !== undefined) {
        const link = await m.findOne(ParticipantUserEntity, { where: { participantId: input.participantId, userId: auth.userId } });
        const p = link ? await m.findOne(ParticipantEntity, { where: { id: input.participantId } }) : null;
        if (!p || p.status !== ParticipantStatus.Approved) throw new AppError(ErrorCode.RotaUnknownShop, { fields: { participantId: '商户不存在或尚未通过审核' } });
        participantId = p.id;
      } else {
        const v = input.volunteer!;
        const existing = await m.findOne(ParticipantEntity, { where: { ownerId: auth.userId, kind: ParticipantKind.Volunteer } });
        if (existing) {
          await m.update(ParticipantEntity, { id: existing.id }, { name: v.name, phoneEnc: this.phones.encrypt(v.phone), phonePublic: v.phonePublic });
          participantId = existing.id;
        } else {
          const p = await m.save(
            m.create(ParticipantEntity, {
              kind: ParticipantKind.Volunteer,
              name: v.name,
              address: null,
              lng: null,
              lat: null,
              unitId: rota.unitId,
              unitPath: rota.unitPath,
              openingDays: 127,
              phoneEnc: this.phones.encrypt(v.phone),
              phonePublic: v.phonePublic,
              ownerId: auth.userId,
              status: ParticipantStatus.Pending,
              reviewNote: null,
              reviewedBy: null,
              reviewedAt: null,
              seedKey: null,
            }),
          );
          await m.insert(ParticipantUserEntity, { participantId: p.id, userId: auth.userId, role: ParticipantRole.Owner });
          participantId = p.id;
        }
      }
      if (await m.exists(RotaMemberEntity, { where: { rotaId, participantId, openKey: 1 } })) throw new AppError(ErrorCode.RotaAlreadyMember);
      try {
        const row = await m.save(
          m.create(RotaMemberEntity, {
            rotaId,
            participantId,
            status: MemberStatus.Pending,
            openKey: 1,
            joinIndex: null,
            leaveIndex: null,
            requestedBy: auth.userId,
            reviewedBy: null,
            reviewNote: null,
            reviewedAt: null,
          }),
        );
        return row.id;
      } catch (err) {
        if (/duplicate|unique/i.test(String((err as Error).message))) throw new AppError(ErrorCode.RotaAlreadyMember);
        throw err;
      }
    });
  }

  /**
   * Approves (scheduled from the next period not started; a volunteer's profile is approved with it)
   * or rejects a request to join.
   * @throws AppError NOT_FOUND, ROTA_REQUEST_CLOSED.
   */
  async reviewMember(auth: AuthState, memberId: number, input: RotaReviewInput): Promise<number> {
    return this.tx.run(async (m) => {
      const member = await m.findOne(RotaMemberEntity, { where: { id: memberId } });
      const rota = member ? await m.findOne(RotaEntity, { where: { id: member.rotaId } }) : null;
      if (!member || !rota || !canManage(auth.grants, rota.unitPath)) throw notFound();
      if (member.status !== MemberStatus.Pending) throw new AppError(ErrorCode.RotaRequestClosed);
      const p = await m.findOneOrFail(ParticipantEntity, { where: { id: member.participantId } });
      const now = new Date();
      if (input.approve) {
        await m.update(RotaMemberEntity, { id: member.id }, { status: MemberStatus.Active, joinIndex: this.planner.fromIndex(rota), reviewedBy: auth.userId, reviewNote: input.note ?? null, reviewedAt: now });
        if (p.kind === ParticipantKind.Volunteer && p.status !== ParticipantStatus.Approved) {
          await m.update(ParticipantEntity, { id: p.id }, { status: ParticipantStatus.Approved, reviewedBy: auth.userId, reviewedAt: now, reviewNote: input.note ?? null });
        }
        await this.planner.replan(m, rota.id);
      } else {
        await m.update(RotaMemberEntity, { id: member.id }, { status: MemberStatus.Rejected, openKey: null, reviewedBy: auth.userId, reviewNote: input.note ?? null, reviewedAt: now });
        if (p.kind === ParticipantKind.Volunteer && p.status === ParticipantStatus.Pending) {
          await m.update(ParticipantEntity, { id: p.id }, { status: ParticipantStatus.Rejected, reviewedBy: auth.userId, reviewedAt: now, reviewNote: input.note ?? null });
        }
      }
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: managerRoleFor(auth.grants, rota.unitPath),
        unitPath: rota.unitPath,
        action: input.approve ? 'rota.member.approve' : 'rota.member.reject',
        targetType: 'rota_member',
        targetId: member.id,
        before: { status: member.status },
        after: { participantId: p.id, note: input.note ?? null },
      });
      return member.id;
    });
  }

  /** The officer takes a member off the rota from the next period not started. @throws NOT_FOUND, ROTA_REQUEST_CLOSED. */
  async removeMember(auth: AuthState, memberId: number): Promise<number> {
    return this.tx.run(async (m) => {
      const member = await m.findOne(RotaMemberEntity, { where: { id: memberId } });
      const rota = member ? await m.findOne(RotaEntity, { where: { id: member.rotaId } }) : null;
      if (!member || !rota || !canManage(auth.grants, rota.unitPath)) throw notFound();
      await this.endMembership(m, rota, member);
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: managerRoleFor(auth.grants, rota.unitPath),
        unitPath: rota.unitPath,
        action: 'rota.member.remove',
        targetType: 'rota_member',
        targetId: member.id,
        before: { status: member.status },
        after: { status: member.status === MemberStatus.Pending ? MemberStatus.Rejected : MemberStatus.Left },
      });
      return member.id;
    });
  }

  /** A participant the caller acts for leaves the rota from the next period not started. */
  async leave(auth: AuthState, rotaId: number, input: LeaveRotaInput): Promise<number> {
    return this.tx.run(async (m) => {
      const link = await m.findOne(ParticipantUserEntity, { where: { participantId: input.participantId, userId: auth.userId } });
      const member = link ? await m.findOne(RotaMemberEntity, { where: { rotaId, participantId: input.participantId, openKey: 1 } }) : null;
      const rota = member ? await m.findOne(RotaEntity, { where: { id: rotaId } }) : null;
      if (!member || !rota) throw notFound();
      await this.endMembership(m, rota, member);
      return member.id;
    });
  }

  private async endMembership(m: EntityManager, rota: RotaEntity, member: RotaMemberEntity): Promise<void> {
    if (member.status === MemberStatus.Pending) {
      await m.update(RotaMemberEntity, { id: member.id }, { status: MemberStatus.Rejected, openKey: null, reviewNote: '已撤回' });
      return;
    }
    if (member.status !== MemberStatus.Active) throw new AppError(ErrorCode.RotaRequestClosed);
    const from = this.planner.fromIndex(rota);
    await m.update(RotaMemberEntity, { id: member.id }, { status: MemberStatus.Left, openKey: null, leaveIndex: Math.max(from, member.joinIndex ?? from) });
    // Swaps not yet in force, and agreed swaps of weeks not started, lapse with the membership.
    await this.swaps.expireFor(m, rota, member.participantId, from);
    await this.planner.replan(m, rota.id);
  }

  /**
   * Changes settings; they apply to periods not yet started (the rota is replanned). A stale
   * `version` answers 409.
   * @throws AppError NOT_FOUND, CONFLICT.
   */
  async update(auth: AuthState, rotaId: number, input: UpdateRotaInput): Promise<void> {
    await this.tx.run(async (m) => {
      const rota = await this.managedRota(m, auth, rotaId);
      if (input.version !== undefined && input.version !== rota.version) throw new AppError(ErrorCode.Conflict);
      const patch: Partial<RotaEntity> = {};
      for (const k of ['name', 'weeksAhead', 'checkinsRequired', 'geofenceMeters', 'autoApprove', 'holidayPolicy', 'closures', 'checklist', 'slots'] as const) {
        if (input[k] !== undefined) (patch as Record<string, unknown>)[k] = input[k];
      }
      if (input.officerPhone !== undefined) patch.officerPhoneEnc = this.phones.encrypt(input.officerPhone);
      if (input.archived !== undefined) patch.status = input.archived ? RotaStatus.Archived : RotaStatus.Active;
      if (Object.keys(patch).length) {
        const qb = m.createQueryBuilder().update(RotaEntity).set(patch).where('id = :id AND version = :version', { id: rota.id, version: rota.version });
        const r = await qb.execute();
        if (!r.affected) throw new AppError(ErrorCode.Conflict);
      }
      await this.planner.replan(m, rota.id);
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: managerRoleFor(auth.grants, rota.unitPath),
        unitPath: rota.unitPath,
        action: 'rota.update',
        targetType: 'rota',
        targetId: rota.id,
        before: Object.fromEntries(Object.keys(patch).filter((k) => k !== 'officerPhoneEnc').map((k) => [k, (rota as unknown as Record<string, unknown>)[k]])),
        after: Object.fromEntries(Object.entries(patch).filter(([k]) => k !== 'officerPhoneEnc')),
      });
    });
  }

  /**
   * What account deletion must do to the rota data of `userId`, inside the deletion's transaction:
   * the exact coordinates of their check-ins are erased now (not 30 days later), staff links go, and the
   * participants they own leave their rotas from the next period (swaps lapse, rotas replanned), lose
   * their phone number and are marked rejected ("负责人已注销账号"). Returns how many participants ended.
   * Called from account deletion through the rota eraser (rota.personal-data.ts).
   */
  async forgetUser(m: EntityManager, userId: number): Promise<number> {
    await m.query('UPDATE rota_checkins SET lng = NULL, lat = NULL, accuracy = NULL, location_erased_at = ? WHERE user_id = ? AND location_erased_at IS NULL', [
      m.connection.options.type === 'mysql' ? this.clock.now() : this.clock.now().toISOString().replace('T', ' ').replace('Z', ''),
      userId,
    ]);
    await m.delete(ParticipantUserEntity, { userId, role: ParticipantRole.Staff });
    const owned = await m.find(ParticipantEntity, { where: { ownerId: userId } });
    for (const p of owned) {
      const open = await m.find(RotaMemberEntity, { where: { participantId: p.id, openKey: 1 } });
      for (const member of open) {
        const rota = await m.findOneOrFail(RotaEntity, { where: { id: member.rotaId } });
        await this.endMembership(m, rota, member);
      }
      await m.update(ParticipantEntity, { id: p.id }, { phoneEnc: null, phonePublic: false, status: ParticipantStatus.Rejected, reviewNote: '负责人已注销账号' });
      await m.delete(ParticipantUserEntity, { participantId: p.id, userId });
    }
    return owned.length;
  }

  /** A rota the caller manages (NOT_FOUND otherwise). */
  async managedRota(m: EntityManager, auth: AuthState, rotaId: number): Promise<RotaEntity> {
    const rota = await m.findOne(RotaEntity, { where: { id: rotaId } });
    if (!rota || !canManage(auth.grants, rota.unitPath)) throw notFound();
    return rota;
  }

  /** Plans further ahead when time moved on since the last planning (reads call this first). */
  async ensurePlanned(rota: RotaEntity): Promise<void> {
    if (!this.planner.isBehind(rota)) return;
    await this.tx.run((m) => this.planner.replan(m, rota.id));
  }

  /** The rota with members, pending swaps and exemptions, for its officer. */
  async detail(auth: AuthState, rotaId: number): Promise<RotaDetailResponse> {
    const m = this.dataSource.manager;
    let rota = await this.managedRota(m, auth, rotaId);
    if (this.planner.isBehind(rota)) {
      await this.ensurePlanned(rota);
      rota = await this.managedRota(m, auth, rotaId);
    }
    const [summary] = await this.summaries(m, [rota], auth);
    const members = await m.find(RotaMemberEntity, { where: { rotaId, status: In([MemberStatus.Pending, MemberStatus.Active]) }, order: { id: 'ASC' } });
    const participants = await byIds(m, ParticipantEntity, members.map((x) => x.participantId));
    const duties = await m.find(DutyEntity, { where: { rotaId }, select: ['id', 'participantId', 'periodIndex', 'weekStart'] });
    const today = this.clock.today();
    const counts = new Map<number, number>();
    const next = new Map<number, string>();
    for (const d of duties) {
      if (d.weekStart <= today) counts.set(d.participantId, (counts.get(d.participantId) ?? 0) + 1);
      else if (!next.has(d.participantId) || d.weekStart < next.get(d.participantId)!) next.set(d.participantId, d.weekStart);
    }
    const memberViews: MemberView[] = members.map((member) => {
      const p = participants.get(member.participantId)!;
      return {
        member,
        participant: p,
        phone: this.phones.decrypt(p.phoneEnc),
        from: member.joinIndex !== null ? periodRange(rota, member.joinIndex).from : null,
        until: member.leaveIndex !== null ? periodRange(rota, member.leaveIndex).from : null,
        dutyCount: counts.get(member.participantId) ?? 0,
        nextDuty: next.get(member.participantId) ?? null,
      };
    });
    const grids = await unitNames(m, rota.gridIds);
    const skip = new Set(holidayPeriods(rota, rotaHolidays(rota), rota.plannedUntil));
    const filled = new Map<number, number>();
    for (const d of duties) filled.set(d.periodIndex, (filled.get(d.periodIndex) ?? 0) + 1);
    const shortWeeks: string[] = [];
    for (let i = firstOpenIndex(rota, today) - 1; i < rota.plannedUntil; i++) {
      if (i < 0 || skip.has(i)) continue;
      if ((filled.get(i) ?? 0) < rota.slots) shortWeeks.push(periodRange(rota, i).from);
    }
    return {
      ...presentRotaSummary(summary),
      grids: rota.gridIds.map((id) => ({ id, name: grids.get(id) ?? '' })),
      checkinsRequired: rota.checkinsRequired,
      geofenceMeters: rota.geofenceMeters,
      autoApprove: Boolean(rota.autoApprove),
      holidayPolicy: rota.holidayPolicy,
      holidayPolicyLabel: HolidayPolicyLabelZh[rota.holidayPolicy] ?? rota.holidayPolicy,
      closures: rota.closures ?? [],
      checklist: rota.checklist ?? [],
      members: memberViews.map(presentMember),
      pendingSwaps: await this.swaps.pendingFor(m, auth, rota),
      pendingExemptions: await this.swaps.pendingExemptionsFor(m, auth, rota),
      shortWeeks,
      version: rota.version,
    };
  }

  /** A member as its response (used after join/review/remove). */
  async memberView(m: EntityManager, memberId: number): Promise<MemberView> {
    const member = await m.findOneOrFail(RotaMemberEntity, { where: { id: memberId } });
    const rota = await m.findOneOrFail(RotaEntity, { where: { id: member.rotaId } });
    const p = await m.findOneOrFail(ParticipantEntity, { where: { id: member.participantId } });
    const duties = await m.find(DutyEntity, { where: { rotaId: rota.id, participantId: p.id }, select: ['id', 'weekStart'], order: { weekStart: 'ASC' } });
    const today = this.clock.today();
    return {
      member,
      participant: p,
      phone: this.phones.decrypt(p.phoneEnc),
      from: member.joinIndex !== null ? periodRange(rota, member.joinIndex).from : null,
      until: member.leaveIndex !== null ? periodRange(rota, member.leaveIndex).from : null,
      dutyCount: duties.filter((d) => d.weekStart <= today).length,
      nextDuty: duties.find((d) => d.weekStart > today)?.weekStart ?? null,
    };
  }

  /**
   * The public roster: from the current period (or `from`) for `weeks` weeks, with shop names, the
   * address, the phone masked unless its owner agreed, and the officer's contact.
   * @throws AppError NOT_FOUND.
   */
  async roster(rotaId: number, query: RosterQuery): Promise<RosterResponse> {
    const m = this.dataSource.manager;
    let rota = await m.findOne(RotaEntity, { where: { id: rotaId } });
    if (!rota) throw notFound();
    if (this.planner.isBehind(rota)) {
      await this.ensurePlanned(rota);
      rota = await m.findOneOrFail(RotaEntity, { where: { id: rotaId } });
    }
    const today = this.clock.today();
    const current = Math.max(0, periodIndexOn(rota, today));
    const first = query.from ? Math.max(0, periodIndexOn(rota, query.from)) : current;
    const count = Math.ceil((query.weeks ?? Math.min(rota.weeksAhead, 26)) / rota.periodWeeks);
    const last = Math.min(first + count, Math.max(rota.plannedUntil, first));
    const duties = await m
      .createQueryBuilder(DutyEntity, 'd')
      .where('d.rota_id = :rotaId AND d.period_index >= :first AND d.period_index < :last', { rotaId, first, last })
      .orderBy('d.period_index', 'ASC')
      .addOrderBy('d.id', 'ASC')
      .getMany();
    const participants = await byIds(m, ParticipantEntity, duties.map((d) => d.participantId));
    const skip = new Set(holidayPeriods(rota, rotaHolidays(rota), last));
    const grids = await unitNames(m, rota.gridIds);
    const area = await m.findOne(UnitEntity, { where: { id: rota.unitId }, select: ['id', 'name'] });
    const memberCount = await m.count(RotaMemberEntity, { where: { rotaId, status: MemberStatus.Active } });
    const weeks: RosterResponse['weeks'] = [];
    for (let i = first; i < last; i++) {
      const range = periodRange(rota, i);
      weeks.push({
        index: i,
        start: range.from,
        end: range.to,
        skipped: skip.has(i),
        current: range.from <= today && today <= range.to,
        duties: duties
          .filter((d) => d.periodIndex === i)
          .map((d) => {
            const p = participants.get(d.participantId)!;
            return { dutyId: d.id, participant: participantRef(p), address: p.address, phone: rosterPhone(this.phones.decrypt(p.phoneEnc), Boolean(p.phonePublic)) };
          }),
      });
    }
    return {
      rota: { id: rota.id, name: rota.name, areaName: area?.name ?? '', grids: rota.gridIds.map((id) => ({ id, name: grids.get(id) ?? '' })), slots: rota.slots, periodWeeks: rota.periodWeeks, checklist: rota.checklist ?? [], memberCount },
      officer: await this.officerContact(m, rota),
      weeks,
      generatedAt: this.clock.now().toISOString(),
    };
  }

  /** The officer's view of the current period: who is on duty, their check-ins, who has none. */
  async attendance(auth: AuthState, rotaId: number): Promise<AttendanceResponse> {
    const m = this.dataSource.manager;
    const rota = await this.managedRota(m, auth, rotaId);
    const today = this.clock.today();
    const index = periodIndexOn(rota, today);
    if (index < 0) return { rotaId, period: null, rows: [], notCheckedIn: 0 };
    const range = periodRange(rota, index);
    const duties = await m.find(DutyEntity, { where: { rotaId, periodIndex: index }, order: { id: 'ASC' } });
    const participants = await byIds(m, ParticipantEntity, duties.map((d) => d.participantId));
    const last = new Map<number, Date>();
    if (duties.length) {
      const rows = await m.query(`SELECT duty_id AS dutyId, MAX(created_at) AS at FROM rota_checkins WHERE duty_id IN (${duties.map(() => '?').join(',')}) GROUP BY duty_id`, duties.map((d) => d.id));
      for (const r of rows as Array<{ dutyId: number; at: string | Date }>) last.set(Number(r.dutyId), typeof r.at === 'string' && !r.at.includes('T') ? new Date(`${r.at.replace(' ', 'T')}Z`) : new Date(r.at));
    }
    const rows = duties.map((d) => {
      const p = participants.get(d.participantId)!;
      return {
        dutyId: d.id,
        participant: participantRef(p),
        phone: this.phones.decrypt(p.phoneEnc),
        checkinCount: d.checkinCount,
        required: rota.checkinsRequired,
        lastCheckinAt: last.get(d.id)?.toISOString() ?? null,
        completed: d.completedAt !== null,
      };
    });
    return { rotaId, period: range.from ? { start: range.from, end: range.to } : null, rows, notCheckedIn: rows.filter((r) => r.checkinCount === 0).length };
  }

  /** Contact shown for the rota: the officer's nickname and duty phone (or the phone bound to the account). */
  async officerContact(m: EntityManager, rota: RotaEntity): Promise<OfficerContact> {
    const officer = await m.findOne(UserEntity, { where: { id: rota.officerId }, select: ['id', 'nickname', 'phoneEnc', 'deletedAt'] });
    const phone = rota.officerPhoneEnc ? this.phones.decrypt(rota.officerPhoneEnc) : officer && !officer.deletedAt ? this.phones.decrypt(officer.phoneEnc) : null;
    return { nickname: officer && !officer.deletedAt ? officer.nickname : '社区民警', phone };
  }

  async summaries(m: EntityManager, rotas: RotaEntity[], auth: AuthState | null): Promise<RotaSummaryView[]> {
    if (!rotas.length) return [];
    const units = await unitNames(m, rotas.map((r) => r.unitId));
    const counts = new Map<number, number>();
    const rows = await m
      .createQueryBuilder(RotaMemberEntity, 'x')
      .select('x.rota_id', 'rotaId')
      .addSelect('COUNT(*)', 'n')
      .where('x.rota_id IN (:...ids) AND x.status = :status', { ids: rotas.map((r) => r.id), status: MemberStatus.Active })
      .groupBy('x.rota_id')
      .getRawMany<{ rotaId: number; n: number }>();
    for (const r of rows) counts.set(Number(r.rotaId), Number(r.n));
    const out: RotaSummaryView[] = [];
    for (const rota of rotas) {
      out.push({
        rota,
        unitName: units.get(rota.unitId) ?? '',
        officer: await this.officerContact(m, rota),
        memberCount: counts.get(rota.id) ?? 0,
        canManage: auth ? canManage(auth.grants, rota.unitPath) : false,
      });
    }
    return out;
  }

  /** Open swaps a rota has (for the officer's queue count). */
  async openSwapCount(m: EntityManager, rotaId: number): Promise<number> {
    return m.count(SwapEntity, { where: { rotaId, status: In(OPEN_SWAP_STATUSES as SwapStatus[]) } });
  }
}
