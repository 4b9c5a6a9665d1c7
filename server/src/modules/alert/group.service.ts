import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { randomBytes } from 'crypto';
import { DataSource, EntityManager, In, Not } from 'typeorm';
import {
  AlertLimits,
  canCreateGroupIn,
  ChangeMemberRoleInput,
  CreateGroupInput,
  ErrorCode,
  GROUP_JOIN_PAGE,
  GROUP_REJOINABLE_STATUSES,
  groupAbilities,
  GroupAbilities,
  GroupMemberKind,
  GroupMemberRole,
  GroupMemberStatus,
  GroupMembersQuery,
  groupQrScene,
  isGroupUnitPath,
  JoinGroupInput,
  makeInviteCode,
  RemoveMemberInput,
  ReviewMemberInput,
  Role,
  roleChangeProblem,
  stationPathOf,
  unitContains,
  unitPathsFor,
  UpdateGroupInput,
  WechatGroupContextInput,
} from '@linli/shared';
import { AuditService } from '../../common/audit/audit.service';
import type { AuthState } from '../../common/auth/auth.context';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { insideAnyUnit } from '../../common/db/unit-scope';
import { AppError, forbidden, notFound } from '../../common/errors/app.error';
import { RateLimitService } from '../../common/rate-limit/rate-limit.service';
import type { LinliConfig } from '../../config/config.default';
import { WechatClient } from '../wechat/wechat.client';
import { WechatError } from '../wechat/wechat.error';
import { findMembership, holdsPoliceRole, loadUnits, loadUsers, memberCounts, officersOf, UnitRef } from './alert.repository';
import { GroupEntity, GroupMemberEntity } from './group.entity';

/** A group with what its card and page show, for the caller. */
export interface GroupView {
  group: GroupEntity;
  unit: UnitRef;
  officers: Array<{ id: number; nickname: string }>;
  memberCount: number;
  pendingCount: number;
  my: GroupMemberEntity | null;
  abilities: GroupAbilities;
}

export interface MemberView {
  member: GroupMemberEntity;
  nickname: string;
  avatarUrl: string | null;
  unitName: string | null;
}

/** Most groups a list shows. */
const LIST_MAX = 200;
const MEMBER_PAGE = 50;

/**
 * Neighbourhood groups: creation by community police or admins for their units, joining with an invite
 * code / mini-program code / share card (always with approval), reviews, roles, leaving, and the optional
 * association with a real WeChat group (its opengid, used only to suggest joining). Every change is
 * audited in the same transaction.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class GroupService {
  @Config('linli')
  config: LinliConfig;

  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  audit: AuditService;

  @Inject()
  rateLimit: RateLimitService;

  @Inject()
  wechat: WechatClient;

  @Logger()
  logger: ILogger;

  /**
   * Creates a group for a street, community or grid inside the caller's police or admin units. A police
   * creator becomes its first officer; an admin creator runs it through their admin role (an officer is
   * then made by role change once one has joined).
   * @throws AppError UNIT_NOT_FOUND, FORBIDDEN (not police/admin over the unit, or a district).
   */
  async create(auth: AuthState, input: CreateGroupInput): Promise<GroupView> {
    const m0 = this.dataSource.manager;
    const unit = (await loadUnits(m0, [input.unitId])).get(input.unitId);
    if (!unit) throw new AppError(ErrorCode.UnitNotFound);
    if (!isGroupUnitPath(unit.path)) throw forbidden('邻里群只能建在街道、社区或网格');
    if (!canCreateGroupIn(auth.grants, unit.path)) throw forbidden('只有本辖区的社区民警或管理员可以建群');
    const police = unitPathsFor(auth.grants, Role.CommunityPolice).some((p) => unitContains(p, unit.path));
    const id = await this.tx.run(async (m) => {
      const group = await m.save(
        m.create(GroupEntity, {
          name: input.name,
          description: input.description || null,
          unitId: unit.id,
          unitPath: unit.path,
          stationPath: stationPathOf(unit.path)!,
          inviteCode: await this.freshInviteCode(m),
          wechatOpengid: null,
          createdBy: auth.userId,
        }),
      );
      if (police) {
        await m.insert(GroupMemberEntity, {
          groupId: group.id,
          userId: auth.userId,
          role: GroupMemberRole.Officer,
          kind: GroupMemberKind.Police,
          status: GroupMemberStatus.Active,
          unitId: unit.id,
          unitPath: unit.path,
          via: 'created',
          note: null,
          reason: null,
          reviewedBy: auth.userId,
          reviewedAt: new Date(),
        });
      }
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: police ? Role.CommunityPolice : Role.Admin,
        unitPath: unit.path,
        action: 'group.create',
        targetType: 'group',
        targetId: group.id,
        after: { name: group.name, unitId: unit.id },
      });
      return group.id;
    });
    return this.view(auth, id);
  }

  /** Groups the caller belongs to or asked to join (newest first), then groups they administer. */
  async listMine(auth: AuthState): Promise<GroupView[]> {
    const m = this.dataSource.manager;
    const memberships = await m.find(GroupMemberEntity, {
      where: { userId: auth.userId, status: In([GroupMemberStatus.Active, GroupMemberStatus.Pending]) },
      order: { id: 'DESC' },
      take: LIST_MAX,
    });
    const ids = memberships.map((r) => r.groupId);
    const adminPaths = unitPathsFor(auth.grants, Role.Admin);
    if (adminPaths.length) {
      const administered = await m
        .createQueryBuilder(GroupEntity, 'g')
        .select('g.id', 'id')
        .where(insideAnyUnit('g.unit_path', adminPaths))
        .orderBy('g.id', 'DESC')
        .limit(LIST_MAX)
        .getRawMany<{ id: number }>();
      for (const r of administered) if (!ids.includes(Number(r.id))) ids.push(Number(r.id));
    }
    return this.views(m, auth, ids.slice(0, LIST_MAX));
  }

  /**
   * One group for the caller: members (any state), admins over it and officers of its station.
   * @throws AppError NOT_FOUND otherwise.
   */
  async detail(auth: AuthState, id: number): Promise<GroupView> {
    return this.view(auth, id);
  }

  /**
   * The group an invite code leads to, before joining. Lookups are rate limited per user so codes
   * cannot be guessed.
   * @throws AppError RATE_LIMITED, INVITE_CODE_INVALID.
   */
  async preview(auth: AuthState, code: string): Promise<GroupView> {
    await this.limitJoinAttempts(auth.userId);
    const group = await this.dataSource.manager.findOne(GroupEntity, { where: { inviteCode: code } });
    if (!group) throw new AppError(ErrorCode.InviteCodeInvalid);
    const [v] = await this.views(this.dataSource.manager, auth, [group.id]);
    return v;
  }

  /**
   * Asks to join the group of `input.code`. Every way in (code, mini-program code, share card) needs an
   * officer's approval; a user who left or was turned down may ask again.
   * @throws AppError RATE_LIMITED, INVITE_CODE_INVALID, GROUP_MEMBERSHIP_EXISTS, VALIDATION_FAILED (unitId
   *   outside the group's unit).
   */
  async join(auth: AuthState, input: JoinGroupInput): Promise<GroupView> {
    await this.limitJoinAttempts(auth.userId);
    const id = await this.tx.run(async (m) => {
      const group = await m.findOne(GroupEntity, { where: { inviteCode: input.code } });
      if (!group) throw new AppError(ErrorCode.InviteCodeInvalid);
      let unitId = group.unitId;
      let unitPath = group.unitPath;
      if (input.unitId !== undefined && input.unitId !== group.unitId) {
        const unit = (await loadUnits(m, [input.unitId])).get(input.unitId);
        if (!unit || !unitContains(group.unitPath, unit.path)) {
          throw new AppError(ErrorCode.ValidationFailed, { message: 'unitId: 请选择本群范围内的网格或社区', fields: { unitId: '请选择本群范围内的网格或社区' } });
        }
        unitId = unit.id;
        unitPath = unit.path;
      }
      const existing = await findMembership(m, group.id, auth.userId);
      const fields = {
        role: GroupMemberRole.Member,
        kind: input.kind,
        status: GroupMemberStatus.Pending,
        unitId,
        unitPath,
        via: input.via,
        note: input.note || null,
        reason: null,
        reviewedBy: null,
        reviewedAt: null,
      };
      if (existing) {
        if (!GROUP_REJOINABLE_STATUSES.includes(existing.status)) throw new AppError(ErrorCode.GroupMembershipExists);
        const r = await m.update(GroupMemberEntity, { id: existing.id, status: existing.status }, { ...fields, createdAt: new Date() });
        if (!r.affected) throw new AppError(ErrorCode.GroupMembershipExists);
      } else {
        try {
          await m.insert(GroupMemberEntity, { groupId: group.id, userId: auth.userId, ...fields });
        } catch (e) {
          if (/duplicate|unique/i.test(String((e as Error).message))) throw new AppError(ErrorCode.GroupMembershipExists);
          throw e;
        }
      }
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: Role.Resident,
        unitPath: group.unitPath,
        action: 'group.join_request',
        targetType: 'group',
        targetId: group.id,
        after: { kind: input.kind, via: input.via, unitId },
      });
      return group.id;
    });
    return this.view(auth, id);
  }

  /**
   * Members and requests of a group (officers, co-admins and admins over it), pending first.
   * @throws AppError NOT_FOUND (cannot see the group), FORBIDDEN (a member who may not approve).
   */
  async members(auth: AuthState, groupId: number, query: GroupMembersQuery): Promise<{ items: MemberView[]; nextCursor: string | null }> {
    const m = this.dataSource.manager;
    const { abilities } = await this.standing(m, auth, groupId);
    if (!abilities.approve) throw forbidden('只有群民警、协管员和管理员可以查看成员名单');
    const limit = query.limit ?? MEMBER_PAGE;
    const qb = m.createQueryBuilder(GroupMemberEntity, 'g').where('g.group_id = :groupId', { groupId });
    if (query.status) qb.andWhere('g.status = :status', { status: query.status });
    if (query.cursor) qb.andWhere('g.id > :cursor', { cursor: Number(query.cursor) });
    const rows = await qb.orderBy('g.id', 'ASC').limit(limit + 1).getMany();
    const page = rows.slice(0, limit);
    return { items: await this.memberViews(m, page), nextCursor: rows.length > limit ? String(page[page.length - 1].id) : null };
  }

  /**
   * Approves or rejects a join request.
   * @throws AppError NOT_FOUND, FORBIDDEN (may not approve), CONFLICT (not pending any more).
   */
  async review(auth: AuthState, groupId: number, userId: number, input: ReviewMemberInput): Promise<MemberView> {
    return this.tx.run(async (m) => {
      const { group, abilities } = await this.standing(m, auth, groupId);
      if (!abilities.approve) throw forbidden('只有群民警、协管员和管理员可以审核');
      const member = await findMembership(m, groupId, userId);
      if (!member) throw notFound();
      if (member.status !== GroupMemberStatus.Pending) throw new AppError(ErrorCode.Conflict, { message: '该申请已处理' });
      const status = input.approve ? GroupMemberStatus.Active : GroupMemberStatus.Rejected;
      const r = await m.update(
        GroupMemberEntity,
        { id: member.id, status: GroupMemberStatus.Pending },
        { status, reason: input.reason || null, reviewedBy: auth.userId, reviewedAt: new Date() },
      );
      if (!r.affected) throw new AppError(ErrorCode.Conflict, { message: '该申请已处理' });
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: this.actorRole(auth, group),
        unitPath: group.unitPath,
        action: input.approve ? 'group.member_approve' : 'group.member_reject',
        targetType: 'group_member',
        targetId: member.id,
        before: { status: member.status },
        after: { status, userId, reason: input.reason ?? null },
      });
      return (await this.memberViews(m, [(await findMembership(m, groupId, userId))!]))[0];
    });
  }

  /**
   * Changes an active member's role. Only holders of the community_police role become officers; the last
   * officer cannot be demoted.
   * @throws AppError NOT_FOUND, FORBIDDEN (not officer/admin), VALIDATION_FAILED (not police),
   *   GROUP_LAST_OFFICER, CONFLICT (not an active member).
   */
  async changeRole(auth: AuthState, groupId: number, userId: number, input: ChangeMemberRoleInput): Promise<MemberView> {
    return this.tx.run(async (m) => {
      const { group, abilities } = await this.standing(m, auth, groupId);
      if (!abilities.manage) throw forbidden('只有群民警和管理员可以调整角色');
      const member = await findMembership(m, groupId, userId);
      if (!member) throw notFound();
      if (member.status !== GroupMemberStatus.Active) throw new AppError(ErrorCode.Conflict, { message: '只能调整已加入成员的角色' });
      const problem = roleChangeProblem({ isPolice: await holdsPoliceRole(m, userId) }, input.role);
      if (problem) throw new AppError(ErrorCode.ValidationFailed, { message: `role: ${problem}`, fields: { role: problem } });
      if (member.role === GroupMemberRole.Officer && input.role !== GroupMemberRole.Officer) await this.assertNotLastOfficer(m, groupId, userId);
      const kind = input.role === GroupMemberRole.Officer ? GroupMemberKind.Police : member.kind === GroupMemberKind.Police ? GroupMemberKind.Resident : member.kind;
      await m.update(GroupMemberEntity, { id: member.id }, { role: input.role, kind });
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: this.actorRole(auth, group),
        unitPath: group.unitPath,
        action: 'group.member_role',
        targetType: 'group_member',
        targetId: member.id,
        before: { role: member.role },
        after: { role: input.role, userId },
      });
      return (await this.memberViews(m, [(await findMembership(m, groupId, userId))!]))[0];
    });
  }

  /**
   * Removes a member (or turns down a request) with a reason.
   * @throws AppError NOT_FOUND, FORBIDDEN, CONFLICT (not a member), GROUP_LAST_OFFICER.
   */
  async remove(auth: AuthState, groupId: number, userId: number, input: RemoveMemberInput): Promise<MemberView> {
    return this.tx.run(async (m) => {
      const { group, abilities } = await this.standing(m, auth, groupId);
      if (!abilities.manage) throw forbidden('只有群民警和管理员可以移出成员');
      const member = await findMembership(m, groupId, userId);
      if (!member) throw notFound();
      if (member.status !== GroupMemberStatus.Active && member.status !== GroupMemberStatus.Pending) throw new AppError(ErrorCode.Conflict, { message: '该用户已不在群中' });
      if (member.role === GroupMemberRole.Officer) await this.assertNotLastOfficer(m, groupId, userId);
      await m.update(GroupMemberEntity, { id: member.id }, { status: GroupMemberStatus.Removed, role: GroupMemberRole.Member, reason: input.reason, reviewedBy: auth.userId, reviewedAt: new Date() });
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: this.actorRole(auth, group),
        unitPath: group.unitPath,
        action: 'group.member_remove',
        targetType: 'group_member',
        targetId: member.id,
        before: { status: member.status, role: member.role },
        after: { status: GroupMemberStatus.Removed, userId, reason: input.reason },
      });
      return (await this.memberViews(m, [(await findMembership(m, groupId, userId))!]))[0];
    });
  }

  /**
   * Leaves a group (or withdraws one's join request). The last officer must hand over first.
   * @throws AppError NOT_FOUND (not a member), GROUP_LAST_OFFICER.
   */
  async leave(auth: AuthState, groupId: number): Promise<GroupView> {
    await this.tx.run(async (m) => {
      const group = await m.findOne(GroupEntity, { where: { id: groupId } });
      const member = group ? await findMembership(m, groupId, auth.userId) : null;
      if (!group || !member || (member.status !== GroupMemberStatus.Active && member.status !== GroupMemberStatus.Pending)) throw notFound();
      if (member.role === GroupMemberRole.Officer && member.status === GroupMemberStatus.Active) await this.assertNotLastOfficer(m, groupId, auth.userId);
      await m.update(GroupMemberEntity, { id: member.id }, { status: GroupMemberStatus.Left, role: GroupMemberRole.Member, kind: member.kind === GroupMemberKind.Police ? GroupMemberKind.Resident : member.kind });
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: member.role === GroupMemberRole.Officer ? Role.CommunityPolice : Role.Resident,
        unitPath: group.unitPath,
        action: 'group.leave',
        targetType: 'group_member',
        targetId: member.id,
        before: { status: member.status, role: member.role },
        after: { status: GroupMemberStatus.Left },
      });
    });
    return this.view(auth, groupId);
  }

  /**
   * Renames or re-describes a group.
   * @throws AppError NOT_FOUND, FORBIDDEN.
   */
  async update(auth: AuthState, groupId: number, input: UpdateGroupInput): Promise<GroupView> {
    await this.tx.run(async (m) => {
      const { group, abilities } = await this.standing(m, auth, groupId);
      if (!abilities.manage) throw forbidden('只有群民警和管理员可以修改群信息');
      const patch: Partial<GroupEntity> = {};
      if (input.name !== undefined) patch.name = input.name;
      if (input.description !== undefined) patch.description = input.description || null;
      await m.update(GroupEntity, { id: groupId }, patch);
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: this.actorRole(auth, group),
        unitPath: group.unitPath,
        action: 'group.update',
        targetType: 'group',
        targetId: groupId,
        before: { name: group.name, description: group.description },
        after: patch,
      });
    });
    return this.view(auth, groupId);
  }

  /**
   * Replaces the invite code: the old code, share cards and mini-program codes carrying it stop working.
   * @throws AppError NOT_FOUND, FORBIDDEN.
   */
  async rotateInviteCode(auth: AuthState, groupId: number): Promise<GroupView> {
    await this.tx.run(async (m) => {
      const { group, abilities } = await this.standing(m, auth, groupId);
      if (!abilities.manage) throw forbidden('只有群民警和管理员可以更换邀请码');
      const code = await this.freshInviteCode(m);
      await m.update(GroupEntity, { id: groupId }, { inviteCode: code });
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: this.actorRole(auth, group),
        unitPath: group.unitPath,
        action: 'group.rotate_invite_code',
        targetType: 'group',
        targetId: groupId,
      });
    });
    return this.view(auth, groupId);
  }

  /**
   * The group's mini-program code (getwxacodeunlimit through the WeChat client): scene `c=<invite code>`,
   * opening the join page. For those who may approve members.
   * @throws AppError NOT_FOUND, FORBIDDEN, WECHAT_UNAVAILABLE.
   */
  async qrCode(auth: AuthState, groupId: number): Promise<Buffer> {
    const { group, abilities } = await this.standing(this.dataSource.manager, auth, groupId);
    if (!abilities.approve) throw forbidden('只有群民警、协管员和管理员可以生成入群码');
    const envVersion = ({ formal: 'release', trial: 'trial', developer: 'develop' } as const)[this.config.notifications.miniprogramState];
    try {
      return await this.wechat.getWxacodeUnlimit({ scene: groupQrScene(group.inviteCode), page: GROUP_JOIN_PAGE, checkPath: false, envVersion });
    } catch (e) {
      this.logger.warn('[alert] getwxacodeunlimit for group %d failed: %s', groupId, (e as Error).message);
      throw new AppError(ErrorCode.WechatUnavailable, { message: '暂时无法生成小程序码，请稍后再试或使用邀请码' });
    }
  }

  /**
   * Associates the WeChat group a share card was opened in (its opengid) with the group. It is used
   * only to suggest joining to people who open Linli from that WeChat group, never as proof of anything.
   * The login code must belong to the caller.
   * @throws AppError NOT_FOUND, FORBIDDEN, WECHAT_GROUP_UNKNOWN, WECHAT_CODE_INVALID, WECHAT_UNAVAILABLE.
   */
  async linkWechatGroup(auth: AuthState, groupId: number, input: WechatGroupContextInput): Promise<GroupView> {
    const { abilities } = await this.standing(this.dataSource.manager, auth, groupId);
    if (!abilities.manage) throw forbidden('只有群民警和管理员可以关联微信群');
    const opengid = await this.opengidOf(auth, input);
    await this.tx.run(async (m) => {
      const group = await m.findOneOrFail(GroupEntity, { where: { id: groupId } });
      await m.update(GroupEntity, { id: groupId }, { wechatOpengid: opengid });
      await this.audit.record(m, {
        actorId: auth.userId,
        actorRole: this.actorRole(auth, group),
        unitPath: group.unitPath,
        action: 'group.link_wechat_group',
        targetType: 'group',
        targetId: groupId,
        before: { linked: group.wechatOpengid !== null },
        after: { linked: true },
      });
    });
    return this.view(auth, groupId);
  }

  /**
   * Groups associated with the WeChat group the caller opened a share card in, that the caller is not
   * in yet: the page suggests joining them (with approval, like every join).
   * @throws AppError WECHAT_GROUP_UNKNOWN, WECHAT_CODE_INVALID, WECHAT_UNAVAILABLE.
   */
  async suggestForWechatGroup(auth: AuthState, input: WechatGroupContextInput): Promise<GroupView[]> {
    const opengid = await this.opengidOf(auth, input);
    const m = this.dataSource.manager;
    const groups = await m.find(GroupEntity, { where: { wechatOpengid: opengid }, select: ['id'], take: 20 });
    const mine = await m.find(GroupMemberEntity, {
      where: { userId: auth.userId, groupId: In(groups.map((g) => g.id).concat(0)), status: In([GroupMemberStatus.Active, GroupMemberStatus.Pending]) },
    });
    const skip = new Set(mine.map((r) => r.groupId));
    return this.views(m, auth, groups.map((g) => g.id).filter((id) => !skip.has(id)));
  }

  /** The caller's standing in a group, or NOT_FOUND when they may not see it at all. */
  async standing(m: EntityManager, auth: AuthState, groupId: number): Promise<{ group: GroupEntity; my: GroupMemberEntity | null; abilities: GroupAbilities }> {
    const group = await m.findOne(GroupEntity, { where: { id: groupId } });
    if (!group) throw notFound();
    const my = await findMembership(m, groupId, auth.userId);
    const abilities = groupAbilities(auth.grants, { unitPath: group.unitPath, membership: my && { role: my.role, status: my.status } });
    const known = my !== null || abilities.view || abilities.approve || abilities.readTips;
    if (!known) throw notFound();
    return { group, my, abilities };
  }

  private async view(auth: AuthState, id: number): Promise<GroupView> {
    const m = this.dataSource.manager;
    await this.standing(m, auth, id);
    const [v] = await this.views(m, auth, [id]);
    if (!v) throw notFound();
    return v;
  }

  private async views(m: EntityManager, auth: AuthState, ids: number[]): Promise<GroupView[]> {
    if (!ids.length) return [];
    const groups = await m.find(GroupEntity, { where: { id: In(ids) } });
    const byId = new Map(groups.map((g) => [g.id, g]));
    const [units, counts, officers, mine] = await Promise.all([
      loadUnits(m, groups.map((g) => g.unitId)),
      memberCounts(m, ids),
      officersOf(m, ids),
      m.find(GroupMemberEntity, { where: { userId: auth.userId, groupId: In(ids) } }),
    ]);
    const myBy = new Map(mine.map((r) => [r.groupId, r]));
    const out: GroupView[] = [];
    for (const id of ids) {
      const group = byId.get(id);
      if (!group) continue;
      const my = myBy.get(id) ?? null;
      out.push({
        group,
        unit: units.get(group.unitId) ?? { id: group.unitId, name: '', level: '', path: group.unitPath },
        officers: officers.get(id) ?? [],
        memberCount: counts.get(id)?.active ?? 0,
        pendingCount: counts.get(id)?.pending ?? 0,
        my,
        abilities: groupAbilities(auth.grants, { unitPath: group.unitPath, membership: my && { role: my.role, status: my.status } }),
      });
    }
    return out;
  }

  private async memberViews(m: EntityManager, rows: GroupMemberEntity[]): Promise<MemberView[]> {
    const users = await loadUsers(m, rows.map((r) => r.userId));
    const units = await loadUnits(m, rows.map((r) => r.unitId ?? 0));
    return rows.map((member) => ({
      member,
      nickname: users.get(member.userId)?.nickname ?? '未知用户',
      avatarUrl: users.get(member.userId)?.avatarUrl ?? null,
      unitName: member.unitId ? units.get(member.unitId)?.name ?? null : null,
    }));
  }

  private async assertNotLastOfficer(m: EntityManager, groupId: number, leavingUserId: number): Promise<void> {
    const others = await m.count(GroupMemberEntity, {
      where: { groupId, role: GroupMemberRole.Officer, status: GroupMemberStatus.Active, userId: Not(leavingUserId) },
    });
    if (others === 0) throw new AppError(ErrorCode.GroupLastOfficer);
  }

  /** The role the caller acts in on a group (for the audit row): police when they hold it over the unit. */
  private actorRole(auth: AuthState, group: GroupEntity): string {
    const police = auth.grants.some((g) => g.role === Role.CommunityPolice);
    const admin = unitPathsFor(auth.grants, Role.Admin).some((p) => unitContains(p, group.unitPath));
    return police ? Role.CommunityPolice : admin ? Role.Admin : Role.Resident;
  }

  private async freshInviteCode(m: EntityManager): Promise<string> {
    for (let i = 0; i < 10; i++) {
      const code = makeInviteCode((n) => randomBytes(n));
      if (!(await m.exists(GroupEntity, { where: { inviteCode: code } }))) return code;
    }
    throw new Error('could not find a free invite code');
  }

  private async limitJoinAttempts(userId: number): Promise<void> {
    await this.rateLimit.consume('group_join', String(userId), AlertLimits.joinAttemptsPer10Min, 600);
  }

  /** Decrypts the share card's group context; the login code must be the caller's own. */
  private async opengidOf(auth: AuthState, input: WechatGroupContextInput): Promise<string> {
    let res: { openid: string; data: Record<string, unknown> };
    try {
      res = await this.wechat.decryptSessionData(input.loginCode, input.encryptedData, input.iv);
    } catch (e) {
      if (e instanceof WechatError) throw new AppError(ErrorCode.WechatGroupUnknown);
      throw e;
    }
    const me = await this.dataSource.manager.query('SELECT openid FROM users WHERE id = ?', [auth.userId]);
    if (!me.length || me[0].openid !== res.openid) throw new AppError(ErrorCode.WechatGroupUnknown, { message: '请使用当前登录的微信账号打开' });
    const opengid = typeof res.data.opengid === 'string' ? res.data.opengid : '';
    if (!opengid || opengid.length > 64) throw new AppError(ErrorCode.WechatGroupUnknown);
    return opengid;
  }
}

