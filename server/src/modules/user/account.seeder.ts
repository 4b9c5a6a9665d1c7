import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { DemoAccountResponse, DepartmentCode, Role, RoleLabelZh, RoleRequestStatus, UnitLevel } from '@linli/shared';
import type { LinliConfig } from '../../config/config.default';
import { UnitEntity } from '../unit/unit.entity';
import { RoleGrantEntity } from './role-grant.entity';
import { RoleRequestEntity } from './role-request.entity';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { UserEntity } from './user.entity';

/** Pukou units the demo accounts are bound to (grid: the first grid of the community, found at seed time). */
export const DEMO_UNIT_CODES = {
  district: '320111', // 浦口区
  street: '320111001', // 泰山街道
  community: '320111001005', // 津浦社区居委会
} as const;

interface DemoAccountDef {
  key: string;
  role: Role;
  nickname: string;
  /** Level of the Pukou unit the role is granted in; null for the resident (bound to no unit). */
  unitLevel: UnitLevel | null;
  description: string;
  /** Department of a department_handler grant. */
  department?: DepartmentCode;
}

/** One account per role, in the order the demo login page lists them. */
export const DEMO_ACCOUNTS: readonly DemoAccountDef[] = [
  { key: 'resident', role: 'resident', nickname: '王阿姨', unitLevel: null, description: '津浦社区居民：随手拍上报身边问题，查看社区通知，申请成为商户或楼栋长' },
  { key: 'shop_owner', role: 'shop_owner', nickname: '李老板', unitLevel: 'grid', description: '网格内小超市店主：接收门前三包提醒，参与商户联防' },
  { key: 'building_head', role: 'building_head', nickname: '赵楼长', unitLevel: 'grid', description: '楼栋长：转达本楼居民诉求，协助网格员走访' },
  { key: 'grid_worker', role: 'grid_worker', nickname: '张网格员', unitLevel: 'grid', description: '网格员：巡查本网格，处置和上报居民反映的问题' },
  { key: 'street_dispatcher', role: 'street_dispatcher', nickname: '陈调度', unitLevel: 'street', description: '泰山街道指挥中心调度员：把街道内的事件派给网格员和职能部门' },
  { key: 'district_dispatcher', role: 'district_dispatcher', nickname: '周主任', unitLevel: 'district', description: '浦口区指挥中心：督办跨街道、疑难事件' },
  { key: 'department_handler', role: 'department_handler', nickname: '城管孙师傅', unitLevel: 'district', department: 'chengguan', description: '区城管局处置人员：处理派到本部门的事件并反馈结果' },
  { key: 'community_police', role: 'community_police', nickname: '刘警官', unitLevel: 'community', description: '津浦社区民警：发布警情提示，处理治安类事件' },
  { key: 'admin', role: 'admin', nickname: '吴管理员', unitLevel: 'district', description: '浦口区管理员：审核身份申请，维护辖区和网格数据' },
];

/** The sample request that keeps the admin's review queue from being empty in the demo. */
const SAMPLE_REQUEST = { applicantKey: 'resident', role: 'shop_owner' as Role, unitLevel: 'community' as UnitLevel, reason: '我在津浦社区开了一家便民小超市，想及时收到商户相关通知' };

type DemoUnits = Partial<Record<UnitLevel, UnitEntity>>;

/**
 * Seeds one demo account per role (demo mode only), each granted its role in a fitting Pukou unit,
 * plus one pending role request. Idempotent and self-healing: accounts are found by `demoKey`, missing
 * grants are added once the units exist. Without the Pukou units (UnitSeeder not run) accounts are
 * created without grants and a warning is logged.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class AccountSeeder {
  @Config('linli')
  config: LinliConfig;

  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Logger()
  logger: ILogger;

  /**
   * Creates the missing demo accounts, grants and sample request. Does nothing outside demo mode.
   * @returns how many accounts were created (0 on an already seeded database).
   */
  async seed(): Promise<number> {
    if (!this.config.demoMode) return 0;
    return this.tx.run(async (m) => {
      const units = await this.demoUnits(m);
      let created = 0;
      for (const def of DEMO_ACCOUNTS) created += (await this.ensure(m, def, units)) ? 1 : 0;
      return created;
    });
  }

  /**
   * Seeds the demo account `key` afresh inside the caller's transaction (used after a demo account was
   * deleted, so the demo keeps working).
   */
  async recreate(m: EntityManager, key: string): Promise<void> {
    const def = DEMO_ACCOUNTS.find((d) => d.key === key);
    if (def) await this.ensure(m, def, await this.demoUnits(m));
  }

  /** The seeded demo accounts, in DEMO_ACCOUNTS order, as the login page lists them. */
  async list(): Promise<DemoAccountResponse[]> {
    const m = this.dataSource.manager;
    const users = await m.find(UserEntity, { where: { demoKey: In(DEMO_ACCOUNTS.map((d) => d.key)), deletedAt: IsNull() } });
    const byKey = new Map(users.map((u) => [u.demoKey!, u]));
    const grants = users.length ? await m.find(RoleGrantEntity, { where: { userId: In(users.map((u) => u.id)) } }) : [];
    const unitIds = [...new Set(grants.map((g) => g.unitId))];
    const units = unitIds.length ? await m.find(UnitEntity, { where: { id: In(unitIds) }, select: ['id', 'name'] }) : [];
    const unitName = new Map(units.map((u) => [u.id, u.name]));
    return DEMO_ACCOUNTS.filter((d) => byKey.has(d.key)).map((d) => {
      const user = byKey.get(d.key)!;
      const grant = grants.find((g) => g.userId === user.id && g.role === d.role);
      return {
        key: d.key,
        role: d.role,
        roleLabel: RoleLabelZh[d.role],
        nickname: user.nickname,
        unitName: grant ? unitName.get(grant.unitId) ?? null : null,
        description: d.description,
      };
    });
  }

  /** The user id of the live demo account `key`, or null. */
  async findUserId(key: string): Promise<number | null> {
    if (!DEMO_ACCOUNTS.some((d) => d.key === key)) return null;
    const user = await this.dataSource.manager.findOne(UserEntity, { where: { demoKey: key, deletedAt: IsNull() }, select: ['id'] });
    return user?.id ?? null;
  }

  /** Makes sure account `def` exists with its grant (and the sample request); true if the user was created. */
  private async ensure(m: EntityManager, def: DemoAccountDef, units: DemoUnits): Promise<boolean> {
    let user = await m.findOne(UserEntity, { where: { demoKey: def.key } });
    const created = !user;
    if (!user) {
      user = await m.save(
        m.create(UserEntity, { demoKey: def.key, openid: null, unionid: null, nickname: def.nickname, avatarUrl: null, phoneEnc: null, phoneHash: null, deletedAt: null }),
      );
    }
    const unit = def.unitLevel ? units[def.unitLevel] : undefined;
    if (unit && !(await m.exists(RoleGrantEntity, { where: { userId: user.id, role: def.role, unitId: unit.id } }))) {
      await m.insert(RoleGrantEntity, { userId: user.id, role: def.role, unitId: unit.id, grantedBy: null, departmentCode: def.department ?? null });
    } else if (unit && def.department) {
      // Grants seeded before departments existed get theirs.
      await m.update(RoleGrantEntity, { userId: user.id, role: def.role, unitId: unit.id, departmentCode: IsNull() }, { departmentCode: def.department });
    }
    const sampleUnit = units[SAMPLE_REQUEST.unitLevel];
    if (def.key === SAMPLE_REQUEST.applicantKey && sampleUnit) {
      const where = { userId: user.id, role: SAMPLE_REQUEST.role, unitId: sampleUnit.id };
      if (!(await m.exists(RoleRequestEntity, { where }))) {
        await m.save(m.create(RoleRequestEntity, { ...where, reason: SAMPLE_REQUEST.reason, status: RoleRequestStatus.Pending, reviewNote: null, reviewedBy: null, reviewedAt: null }));
      }
    }
    return created;
  }

  /** The Pukou units by level; warns (once per seed) about any that are missing. */
  private async demoUnits(m: EntityManager): Promise<DemoUnits> {
    const rows = await m.find(UnitEntity, { where: { code: In(Object.values(DEMO_UNIT_CODES)) } });
    const byCode = new Map(rows.map((u) => [u.code, u]));
    const units: DemoUnits = {
      district: byCode.get(DEMO_UNIT_CODES.district),
      street: byCode.get(DEMO_UNIT_CODES.street),
      community: byCode.get(DEMO_UNIT_CODES.community),
    };
    if (units.community) {
      const grid = await m.findOne(UnitEntity, { where: { parentId: units.community.id, level: 'grid' }, order: { code: 'ASC' } });
      if (grid) units.grid = grid;
    }
    const missing = (['district', 'street', 'community', 'grid'] as const).filter((l) => !units[l]);
    if (missing.length) {
      this.logger.warn('[linli] demo accounts: Pukou units missing (%s); their roles are not granted. Run the unit seeder first.', missing.join(', '));
    }
    return units;
  }
}
