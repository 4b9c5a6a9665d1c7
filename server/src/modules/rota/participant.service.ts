import { Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import {
  AddStaffInput,
  ErrorCode,
  ParticipantKind,
  ParticipantRole,
  ParticipantStatus,
  RegisterShopInput,
  RotaLimits,
  RotaReviewInput,
  UpdateParticipantInput,
} from '@linli/shared';
import { AuditService } from '../../common/audit/audit.service';
import type { AuthState } from '../../common/auth/auth.context';
import { insideAnyUnit } from '../../common/db/unit-scope';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { AppError, notFound } from '../../common/errors/app.error';
import { RateLimitService } from '../../common/rate-limit/rate-limit.service';
import { ContentCheckService } from '../moderation/content-check.service';
import { UnitEntity } from '../unit/unit.entity';
import { UnitService } from '../unit/unit.service';
import { PhoneCrypto } from '../user/phone.crypto';
import { ParticipantEntity, ParticipantUserEntity } from './rota.entity';
import { canManage, managedPaths, managerRoleFor } from './rota.policy';
import { ParticipantView } from './rota.presenter';
import { membershipsOf, myParticipantRoles, nicknames, peopleOf, unitNames, userByPhoneHash } from './rota.repository';

/** Shops a point may lie this far outside every grid and still be registered (to the nearest grid). */
const NEAREST_GRID_METERS = 300;

/**
 * Participants of the rotas: shops registered by their owners (reviewed by the community police or a
 * community admin over the shop's grid) and the people who act for them (owner, staff). Volunteer
 * profiles are created by RotaService.join and reviewed with their enrolment.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class ParticipantService {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  audit: AuditService;

  @Inject()
  phones: PhoneCrypto;

  @Inject()
  units: UnitService;

  @Inject()
  contentCheck: ContentCheckService;

  @Inject()
  rateLimit: RateLimitService;

  /**
   * Registers the caller's shop, pending review. Its grid comes from the location (the nearest grid
   * within 300 m when the point is just outside every grid).
   * @throws AppError OUTSIDE_JURISDICTION (not near any grid), CONTENT_RISKY (name/address refused).
   */
  async registerShop(auth: AuthState, input: RegisterShopInput): Promise<ParticipantView> {
    await this.rateLimit.consume('rota_register', String(auth.userId), 10, 3600);
    const where = await this.units.locate({ lng: input.lng, lat: input.lat });
    const grid = where.inside ? where.grid : where.nearest && where.nearest.distanceMeters <= NEAREST_GRID_METERS ? where.nearest : null;
    if (!grid) throw new AppError(ErrorCode.OutsideJurisdiction, { fields: { lng: '店铺位置不在本平台服务的辖区内' } });
    const unit = await this.dataSource.manager.findOneOrFail(UnitEntity, { where: { id: grid.id } });
    // The name and address are shown to others (roster): they go through the content check first
    // (risky text is refused; text held for review waits for the officer's review of the shop anyway).
    await this.contentCheck.checkText({ userId: auth.userId, text: `${input.name} ${input.address}`, scene: 1 });
    const id = await this.tx.run(async (m) => {
      const p = await m.save(
        m.create(ParticipantEntity, {
          kind: ParticipantKind.Shop,
          name: input.name,
          address: input.address,
          lng: input.lng,
          lat: input.lat,
          unitId: unit.id,
          unitPath: unit.path,
          openingDays: input.openingDays,
          phoneEnc: this.phones.encrypt(input.phone),
          phonePublic: input.phonePublic,
          ownerId: auth.userId,
          status: ParticipantStatus.Pending,
          reviewNote: null,
          reviewedBy: null,
          reviewedAt: null,
          seedKey: null,
        }),
      );
      await m.insert(ParticipantUserEntity, { participantId: p.id, userId: auth.userId, role: ParticipantRole.Owner });
      return p.id;
    });
    return this.viewOne(this.dataSource.manager, id, auth.userId);
  }

  /** The participants the caller acts for (owner or staff), newest first. */
  async mine(auth: AuthState): Promise<ParticipantView[]> {
    const m = this.dataSource.manager;
    const roles = await myParticipantRoles(m, auth.userId);
    if (!roles.size) return [];
    const list = await m.find(ParticipantEntity, { where: { id: In([...roles.keys()]) }, order: { id: 'DESC' } });
    return this.views(m, list, auth.userId);
  }

  /**
   * Owner changes opening days, phone or its publication (no new review needed).
   * @throws AppError NOT_FOUND (not the owner).
   */
  async update(auth: AuthState, id: number, input: UpdateParticipantInput): Promise<ParticipantView> {
    await this.tx.run(async (m) => {
      const p = await this.ownedBy(m, id, auth.userId);
      const patch: Partial<ParticipantEntity> = {};
      if (input.openingDays !== undefined) patch.openingDays = input.openingDays;
      if (input.phone !== undefined) patch.phoneEnc = this.phones.encrypt(input.phone);
      if (input.phonePublic !== undefined) patch.phonePublic = input.phonePublic;
      await m.update(ParticipantEntity, { id: p.id }, patch);
    });
    return this.viewOne(this.dataSource.manager, id, auth.userId);
  }

  /**
   * Owner lets another user act for the shop, found by the phone number they bound in Linli.
   * @throws AppError NOT_FOUND (not the owner), ROTA_STAFF_USER_NOT_FOUND, CONFLICT (already there or
   *   too many staff).
   */
  async addStaff(auth: AuthState, id: number, input: AddStaffInput): Promise<ParticipantView> {
    await this.rateLimit.consume('rota_staff', String(auth.userId), 20, 3600);
    await this.tx.run(async (m) => {
      const p = await this.ownedBy(m, id, auth.userId);
      const user = await userByPhoneHash(m, this.phones.hmac(input.phone));
      if (!user) throw new AppError(ErrorCode.RotaStaffUserNotFound);
      const people = await m.count(ParticipantUserEntity, { where: { participantId: p.id } });
      if (await m.exists(ParticipantUserEntity, { where: { participantId: p.id, userId: user.id } })) throw new AppError(ErrorCode.Conflict, { message: '该用户已在名单中' });
      if (people > RotaLimits.staffMax) throw new AppError(ErrorCode.Conflict, { message: `最多添加 ${RotaLimits.staffMax} 名店员` });
      await m.insert(ParticipantUserEntity, { participantId: p.id, userId: user.id, role: ParticipantRole.Staff });
    });
    return this.viewOne(this.dataSource.manager, id, auth.userId);
  }

  /** Owner removes a staff member (not themselves). @throws AppError NOT_FOUND. */
  async removeStaff(auth: AuthState, id: number, userId: number): Promise<ParticipantView> {
    await this.tx.run(async (m) => {
      const p = await this.ownedBy(m, id, auth.userId);
      const r = await m.delete(ParticipantUserEntity, { participantId: p.id, userId, role: ParticipantRole.Staff });
      if (!r.affected) throw notFound();
    });
    return this.viewOne(this.dataSource.manager, id, auth.userId);
  }

  /** Shops waiting for review inside the caller's units (police/admin), oldest first. */
  async queue(auth: AuthState): Promise<ParticipantView[]> {
    const paths = managedPaths(auth.grants);
    if (!paths.length) throw new AppError(ErrorCode.Forbidden);
    const m = this.dataSource.manager;
    const list = await m
      .createQueryBuilder(ParticipantEntity, 'p')
      .where('p.status = :status', { status: ParticipantStatus.Pending })
      .andWhere('p.kind = :kind', { kind: ParticipantKind.Shop })
      .andWhere(insideAnyUnit('p.unit_path', paths))
      .orderBy('p.id', 'ASC')
      .limit(200)
      .getMany();
    return this.views(m, list, null);
  }

  /**
   * Approves or rejects a pending shop, audited in the same transaction.
   * @throws AppError NOT_FOUND (missing or outside the caller's units), ROTA_REQUEST_CLOSED.
   */
  async review(auth: AuthState, id: number, input: RotaReviewInput): Promise<ParticipantView> {
    await this.tx.run(async (m) => {
      const p = await m.findOne(ParticipantEntity, { where: { id } });
      if (!p || !canManage(auth.grants, p.unitPath)) throw notFound();
      if (p.status !== ParticipantStatus.Pending || p.kind !== ParticipantKind.Shop) throw new AppError(ErrorCode.RotaRequestClosed);
      const status = input.approve ? ParticipantStatus.Approved : ParticipantStatus.Rejected;
      const r = await m.update(ParticipantEntity, { id, status: ParticipantStatus.Pending }, { status, reviewNote: input.note ?? null, reviewedBy: auth.userId, reviewedAt: new Date() });
      if (!r.affected) throw new AppError(ErrorCode.RotaRequestClosed);
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: managerRoleFor(auth.grants, p.unitPath),
        unitPath: p.unitPath,
        action: input.approve ? 'rota.shop.approve' : 'rota.shop.reject',
        targetType: 'rota_participant',
        targetId: id,
        before: { status: p.status },
        after: { status, note: input.note ?? null },
      });
    });
    return this.viewOne(this.dataSource.manager, id, null);
  }

  /** The participant when `userId` is its owner; NOT_FOUND otherwise. */
  private async ownedBy(m: EntityManager, id: number, userId: number): Promise<ParticipantEntity> {
    const link = await m.findOne(ParticipantUserEntity, { where: { participantId: id, userId, role: ParticipantRole.Owner } });
    const p = link ? await m.findOne(ParticipantEntity, { where: { id } }) : null;
    if (!p) throw notFound();
    return p;
  }

  async viewOne(m: EntityManager, id: number, userId: number | null): Promise<ParticipantView> {
    const p = await m.findOne(ParticipantEntity, { where: { id } });
    if (!p) throw notFound();
    return (await this.views(m, [p], userId))[0];
  }

  /** Participants with unit names, decrypted phones, people and enrolments. */
  async views(m: EntityManager, list: ParticipantEntity[], userId: number | null): Promise<ParticipantView[]> {
    const ids = list.map((p) => p.id);
    const [units, people, memberships, roles] = await Promise.all([
      unitNames(m, list.map((p) => p.unitId)),
      peopleOf(m, ids),
      membershipsOf(m, ids),
      userId !== null ? myParticipantRoles(m, userId) : Promise.resolve(new Map<number, ParticipantRole>()),
    ]);
    const names = await nicknames(m, [...people.values()].flat().map((x) => x.userId));
    return list.map((p) => ({
      p,
      unitName: units.get(p.unitId) ?? '',
      phone: this.phones.decrypt(p.phoneEnc),
      myRole: roles.get(p.id) ?? null,
      people: (people.get(p.id) ?? []).map((x) => ({ userId: x.userId, nickname: names.get(x.userId) ?? '', role: x.role })),
      memberships: memberships.get(p.id) ?? [],
    }));
  }
}
