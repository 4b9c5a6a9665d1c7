import { ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { insideAnyUnit } from '../../common/db/unit-scope';
import {
  CreateRoleRequestInput,
  ErrorCode,
  NotificationTemplateKey,
  ReviewRoleRequestInput,
  Role,
  RoleLabelZh,
  RoleRequestStatus,
  roleFitsUnitLevel,
} from '@linli/shared';
import { AuditService } from '../../common/audit/audit.service';
import type { AuthState } from '../../common/auth/auth.context';
import { AppError, forbidden, notFound } from '../../common/errors/app.error';
import { NotificationService } from '../notification/notification.service';
import { UnitEntity } from '../unit/unit.entity';
import { PhoneCrypto } from './phone.crypto';
import { RoleGrantEntity } from './role-grant.entity';
import { RoleRequestEntity } from './role-request.entity';
import { TransactionRunner } from '../../common/db/transaction.runner';
import type { RoleRequestView } from './user.presenter';
import { canReviewRoleRequest, isOwnRequest, reviewableUnitPaths } from './user.policy';
import { loadUnits, toUnitSummary } from './user.repository';
import { UserEntity } from './user.entity';

/** Most requests the review queue returns at once (oldest first). */
const QUEUE_LIMIT = 200;

/**
 * Role requests: a user asks for a role in a unit; an admin of that unit (or of a unit above it)
 * approves or rejects it. Reviews are optimistic-locked and audited in the same transaction.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class RoleRequestService {
  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  audit: AuditService;

  @Inject()
  phoneCrypto: PhoneCrypto;

  @Inject()
  notifications: NotificationService;

  @Logger()
  logger: ILogger;

  /** The user's own requests, newest first. */
  async listMine(userId: number): Promise<RoleRequestView[]> {
    const m = this.dataSource.manager;
    const requests = await m.find(RoleRequestEntity, { where: { userId }, order: { id: 'DESC' } });
    return this.withUnits(m, requests);
  }

  /**
   * Files a request for `role` in unit `unitId`.
   * @throws AppError UNIT_NOT_FOUND (no such unit), ROLE_UNIT_MISMATCH (the role is not bound to units of
   *   that level), ROLE_ALREADY_GRANTED, ROLE_REQUEST_PENDING (same role and unit already waiting).
   */
  async create(userId: number, input: CreateRoleRequestInput): Promise<RoleRequestView> {
    return this.tx.run(async (m) => {
      const unit = await m.findOne(UnitEntity, { where: { id: input.unitId }, select: ['id', 'code', 'name', 'level', 'path'] });
      if (!unit) throw new AppError(ErrorCode.UnitNotFound);
      if (!roleFitsUnitLevel(input.role, unit.level)) throw new AppError(ErrorCode.RoleUnitMismatch);
      if (await m.exists(RoleGrantEntity, { where: { userId, role: input.role, unitId: unit.id } })) {
        throw new AppError(ErrorCode.RoleAlreadyGranted);
      }
      if (await m.exists(RoleRequestEntity, { where: { userId, role: input.role, unitId: unit.id, status: RoleRequestStatus.Pending } })) {
        throw new AppError(ErrorCode.RoleRequestPending);
      }
      const request = await m.save(
        m.create(RoleRequestEntity, {
          userId,
          role: input.role,
          unitId: unit.id,
          reason: input.reason,
          departmentCode: input.department ?? null,
          status: RoleRequestStatus.Pending,
          reviewNote: null,
          reviewedBy: null,
          reviewedAt: null,
        }),
      );
      return { request, unit: toUnitSummary(unit) };
    });
  }

  /**
   * Pending requests in units the caller administers (their admin units and everything below),
   * oldest first, with the applicant (masked phone). The caller's own requests are left out.
   */
  async reviewQueue(auth: AuthState): Promise<RoleRequestView[]> {
    const paths = reviewableUnitPaths(auth.grants);
    if (!paths.length) return [];
    const m = this.dataSource.manager;
    const requests = await m
      .createQueryBuilder(RoleRequestEntity, 'r')
      .innerJoin(UnitEntity, 'u', 'u.id = r.unit_id')
      .where('r.status = :pending', { pending: RoleRequestStatus.Pending })
      .andWhere('r.user_id <> :me', { me: auth.userId })
      .andWhere(insideAnyUnit('u.path', paths))
      .orderBy('r.id', 'ASC')
      .limit(QUEUE_LIMIT)
      .getMany();
    return this.withApplicants(m, await this.withUnits(m, requests));
  }

  /**
   * Approves (creating the role grant) or rejects a pending request, with an audit row in the same
   * transaction. The request's version guards the update, so of two admins deciding at once exactly one
   * wins and the other gets ROLE_REQUEST_CLOSED.
   * @throws AppError NOT_FOUND (missing, or outside the caller's admin units), FORBIDDEN (own request),
   *   ROLE_REQUEST_CLOSED (already decided or withdrawn, or lost the race).
   */
  async review(auth: AuthState, id: number, input: ReviewRoleRequestInput): Promise<RoleRequestView> {
    const reviewed = await this.tx.run(async (m) => {
      const request = await m.findOne(RoleRequestEntity, { where: { id } });
      if (!request) throw notFound();
      const unit = await m.findOne(UnitEntity, { where: { id: request.unitId }, select: ['id', 'code', 'name', 'level', 'path'] });
      if (!unit || !canReviewRoleRequest(auth.grants, unit.path)) throw notFound();
      if (isOwnRequest(auth.userId, request.userId)) throw forbidden('不能审核自己的申请');
      if (request.status !== RoleRequestStatus.Pending) throw new AppError(ErrorCode.RoleRequestClosed);

      const status = input.approve ? RoleRequestStatus.Approved : RoleRequestStatus.Rejected;
      const reviewNote = input.note ? input.note : null;
      // The version column is bumped by TypeORM; matching the version read above decides the race.
      const result = await m
        .createQueryBuilder()
        .update(RoleRequestEntity)
        .set({ status, reviewNote, reviewedBy: auth.userId, reviewedAt: new Date() })
        .where('id = :id AND version = :version AND status = :pending', {
          id,
          version: request.version,
          pending: RoleRequestStatus.Pending,
        })
        .execute();
      if (!result.affected) throw new AppError(ErrorCode.RoleRequestClosed);

      let grantId: number | null = null;
      if (input.approve) {
        const existing = await m.findOne(RoleGrantEntity, { where: { userId: request.userId, role: request.role, unitId: request.unitId } });
        grantId = existing
          ? existing.id
          : (await m.save(m.create(RoleGrantEntity, { userId: request.userId, role: request.role, unitId: request.unitId, grantedBy: auth.userId, departmentCode: request.departmentCode ?? null }))).id;
      }
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: Role.Admin,
        unitPath: unit.path,
        action: input.approve ? 'role_request.approve' : 'role_request.reject',
        targetType: 'role_request',
        targetId: id,
        before: { status: request.status, role: request.role, unitId: request.unitId, userId: request.userId, department: request.departmentCode ?? null },
        after: { status, reviewNote, grantId },
      });
      const updated = await m.findOneOrFail(RoleRequestEntity, { where: { id } });
      const [view] = await this.withApplicants(m, [{ request: updated, unit: toUnitSummary(unit) }]);
      return view;
    });
    await this.notifyApplicant(reviewed);
    return reviewed;
  }

  /**
   * Tells the applicant the outcome (inbox + WeChat when subscribed), after the review committed. A
   * failure here is logged and does not undo the review.
   */
  private async notifyApplicant(view: RoleRequestView): Promise<void> {
    const r = view.request;
    try {
      await this.notifications.notify(
        [r.userId],
        NotificationTemplateKey.RoleRequestReviewed,
        {
          role: RoleLabelZh[r.role],
          unit: view.unit.name,
          result: r.status === RoleRequestStatus.Approved ? '通过' : '驳回',
          note: r.reviewNote ?? (r.status === RoleRequestStatus.Approved ? '身份已生效' : '如有疑问请联系社区'),
          time: r.reviewedAt ?? new Date(),
        },
        r.id,
      );
    } catch (e) {
      this.logger.error('[role-request] notifying applicant of request %d failed: %s', r.id, (e as Error)?.stack ?? e);
    }
  }

  private async withUnits(m: EntityManager, requests: RoleRequestEntity[]): Promise<RoleRequestView[]> {
    const units = await loadUnits(m, requests.map((r) => r.unitId));
    return requests.filter((r) => units.has(r.unitId)).map((request) => ({ request, unit: units.get(request.unitId)! }));
  }

  private async withApplicants(m: EntityManager, views: RoleRequestView[]): Promise<RoleRequestView[]> {
    const ids = [...new Set(views.map((v) => v.request.userId))];
    const users = ids.length
      ? await m.find(UserEntity, { where: { id: In(ids) }, select: ['id', 'nickname', 'phoneEnc'] })
      : [];
    const byId = new Map(users.map((u) => [u.id, u]));
    return views.map((v) => {
      const u = byId.get(v.request.userId);
      return {
        ...v,
        applicant: u ? { id: u.id, nickname: u.nickname, phone: this.phoneCrypto.decrypt(u.phoneEnc) } : undefined,
      };
    });
  }
}
