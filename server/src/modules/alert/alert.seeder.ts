import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, In, IsNull } from 'typeorm';
import { randomBytes } from 'crypto';
import { createAlertSchema, defaultAlertExpiry, GroupMemberKind, GroupMemberStatus, makeInviteCode, Role, stationPathOf, type GroupMemberKind as Kind, type RoleGrant } from '@linli/shared';
import type { LinliConfig } from '../../config/config.default';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { UnitEntity } from '../unit/unit.entity';
import { DEMO_UNIT_CODES } from '../user/account.seeder';
import { RoleGrantEntity } from '../user/role-grant.entity';
import { UserEntity } from '../user/user.entity';
import { AlertTargetEntity } from './alert.entity';
import { AlertService } from './alert.service';
import { GroupEntity, GroupMemberEntity } from './group.entity';

/** The demo group of the demo community police officer (刘警官). */
export const DEMO_GROUP_NAME = '津浦社区平安群';

/** Demo members: account key -> how they joined. */
const DEMO_MEMBERS: ReadonlyArray<{ key: string; kind: Kind }> = [
  { key: 'shop_owner', kind: GroupMemberKind.Shop },
  { key: 'resident', kind: GroupMemberKind.Resident },
  { key: 'building_head', kind: GroupMemberKind.BuildingHead },
];

/**
 * Demo data of the alerts feature (demo mode only): 刘警官's group for 津浦社区 with the demo shop owner,
 * resident and building head as members, and one sample alert posted through AlertService (so it has
 * feed rows, inbox messages and an audit row like a real one). Idempotent: the group is found by name and
 * unit, memberships are added for the current demo accounts (a deleted demo account is re-created with a
 * new id), and the sample alert is posted only while the group has none.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class AlertSeeder {
  @Config('linli')
  config: LinliConfig;

  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  alerts: AlertService;

  @Logger()
  logger: ILogger;

  /** @returns whether anything was created (false on an already seeded database or outside demo mode). */
  async seed(): Promise<boolean> {
    if (!this.config.demoMode) return false;
    const m = this.dataSource.manager;
    const community = await m.findOne(UnitEntity, { where: { code: DEMO_UNIT_CODES.community } });
    const users = await m.find(UserEntity, { where: { demoKey: In(['community_police', ...DEMO_MEMBERS.map((d) => d.key)]), deletedAt: IsNull() } });
    const byKey = new Map(users.map((u) => [u.demoKey!, u]));
    const officer = byKey.get('community_police');
    if (!community || !officer) {
      this.logger.warn('[alert] demo group not seeded: the demo units or the demo officer are missing');
      return false;
    }
    let created = false;
    const groupId = await this.tx.run(async (tm) => {
      let group = await tm.findOne(GroupEntity, { where: { name: DEMO_GROUP_NAME, unitId: community.id } });
      if (!group) {
        created = true;
        group = await tm.save(
          tm.create(GroupEntity, {
            name: DEMO_GROUP_NAME,
            description: '津浦社区商户、物业和居民的治安联防群，由社区民警刘警官发布警情提示。',
            unitId: community.id,
            unitPath: community.path,
            stationPath: stationPathOf(community.path)!,
            inviteCode: makeInviteCode((n) => randomBytes(n)),
            wechatOpengid: null,
            createdBy: officer.id,
          }),
        );
      }
      const members: Array<{ user: UserEntity; kind: Kind; role: 'officer' | 'member' }> = [{ user: officer, kind: GroupMemberKind.Police, role: 'officer' }];
      for (const d of DEMO_MEMBERS) {
        const user = byKey.get(d.key);
        if (user) members.push({ user, kind: d.kind, role: 'member' });
      }
      for (const { user, kind, role } of members) {
        if (await tm.exists(GroupMemberEntity, { where: { groupId: group.id, userId: user.id } })) continue;
        created = true;
        // The member's place: their own grant's unit when it lies in the community (the shop's grid).
        const grant = await tm
          .createQueryBuilder(RoleGrantEntity, 'g')
          .innerJoin(UnitEntity, 'u', 'u.id = g.unit_id')
          .select(['u.id AS id', 'u.path AS path'])
          .where('g.user_id = :id AND u.path LIKE :p', { id: user.id, p: `${community.path}%` })
          .getRawOne<{ id: number; path: string }>();
        await tm.insert(GroupMemberEntity, {
          groupId: group.id,
          userId: user.id,
          role,
          kind,
          status: GroupMemberStatus.Active,
          unitId: grant ? Number(grant.id) : community.id,
          unitPath: grant?.path ?? community.path,
          via: role === 'officer' ? 'created' : 'invite_code',
          note: null,
          reason: null,
          reviewedBy: officer.id,
          reviewedAt: new Date(),
        });
      }
      return group.id;
    });

    if (!(await m.exists(AlertTargetEntity, { where: { groupId } }))) {
      const grants: RoleGrant[] = (
        await m
          .createQueryBuilder(RoleGrantEntity, 'g')
          .innerJoin(UnitEntity, 'u', 'u.id = g.unit_id')
          .select(['g.role AS role', 'u.id AS unitId', 'u.path AS unitPath'])
          .where('g.user_id = :id', { id: officer.id })
          .getRawMany<{ role: Role; unitId: number; unitPath: string }>()
      ).map((g) => ({ role: g.role, unitId: Number(g.unitId), unitPath: g.unitPath }));
      const input = createAlertSchema.parse({
        groupIds: [groupId],
        type: 'suspect',
        severity: 'important',
        title: '注意辨别百元假币',
        body: '近日有一名中年男子（约 40 岁，身高 170 厘米左右，穿灰色夹克）在辖区多家小超市用百元假币购买香烟后找零离开。请各位商户收款时注意辨别百元纸币，发现可疑情况请拖住对方并立即联系社区民警。',
        expiresAt: defaultAlertExpiry(new Date()).toISOString(),
        place: { name: '津浦社区沿街商铺' },
      });
      await this.alerts.create({ userId: officer.id, grants }, input);
      created = true;
    }
    return created;
  }
}
