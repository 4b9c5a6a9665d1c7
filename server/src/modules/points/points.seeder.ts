import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { IsNull, type EntityManager } from 'typeorm';
import type { LinliConfig } from '../../config/config.default';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { UnitEntity } from '../unit/unit.entity';
import { DEMO_UNIT_CODES } from '../user/account.seeder';
import { RoleGrantEntity } from '../user/role-grant.entity';
import { UserEntity } from '../user/user.entity';
import { PointsRewardEntity } from './points.entity';
import { PointsService } from './points.service';
import { createStock } from './points.stock';

const DAY = 86_400_000;

interface DemoReward {
  key: string;
  provider: 'community_centre' | 'shop';
  /** Where: the demo community, street, or the shop owner's grid. */
  at: 'community' | 'street' | 'shop';
  status: 'approved' | 'pending';
  title: string;
  description: string;
  cost: number;
  stock: number;
  perUserLimit: number;
  pickupPlace: string;
  providerName: string;
}

/** Rewards of the demo street: the community centre's, the street's, and the demo shop's (one waiting for review). */
const DEMO_REWARDS: readonly DemoReward[] = [
  { key: 'bag', provider: 'community_centre', at: 'community', status: 'approved', title: '环保购物袋', description: '津浦社区定制帆布袋，可重复使用', cost: 30, stock: 50, perUserLimit: 2, pickupPlace: '津浦社区党群服务中心一楼服务台', providerName: '津浦社区党群服务中心' },
  { key: 'repair', provider: 'community_centre', at: 'street', status: 'approved', title: '家电义务维修一次', description: '泰山街道志愿者服务队上门检修小家电', cost: 50, stock: 20, perUserLimit: 1, pickupPlace: '泰山街道便民服务中心', providerName: '泰山街道便民服务中心' },
  { key: 'haircut', provider: 'shop', at: 'shop', status: 'approved', title: '理发优惠券（抵 10 元）', description: '本店理发消费时抵用，限本人使用', cost: 40, stock: 10, perUserLimit: 1, pickupPlace: '李记便民超市收银台', providerName: '李记便民超市' },
  { key: 'breakfast', provider: 'shop', at: 'shop', status: 'pending', title: '早餐一份', description: '包子两个加豆浆一杯', cost: 20, stock: 30, perUserLimit: 2, pickupPlace: '李记便民超市', providerName: '李记便民超市' },
];

/**
 * Points the demo resident starts with: verified contributions, each awarded once (idempotency keys). No
 * report_filed among them, so a report filed during the demo (and the points journey) still earns under
 * the day's cap.
 */
const DEMO_AWARDS = [
  { key: 'demo:resident:tip:1', rule: 'tip_useful', note: '演示：提供的线索有用' },
  { key: 'demo:resident:tip:2', rule: 'tip_useful', note: '演示：提供的线索有用' },
  { key: 'demo:resident:fix:1', rule: 'report_confirmed_fix', note: '演示：确认路灯已修好' },
] as const;

/**
 * Demo data of the points feature (demo mode only): a few rewards in the demo street and some points
 * for the demo resident. Idempotent: rewards are found by title and unit, awards by their keys.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class PointsSeeder {
  @Config('linli')
  config: LinliConfig;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  ledger: PointsService;

  @Logger()
  logger: ILogger;

  /** @returns how many rewards and awards were created (0 and 0 on a seeded database). */
  async seed(): Promise<{ rewards: number; awards: number }> {
    if (!this.config.demoMode) return { rewards: 0, awards: 0 };
    return this.tx.run(async (m) => {
      const street = await m.findOneBy(UnitEntity, { code: DEMO_UNIT_CODES.street });
      const community = await m.findOneBy(UnitEntity, { code: DEMO_UNIT_CODES.community });
      const admin = await this.demoUser(m, 'admin');
      const shop = await this.demoUser(m, 'shop_owner');
      const resident = await this.demoUser(m, 'resident');
      if (!street || !community || !admin || !shop || !resident) {
        this.logger.warn('[linli] points demo data skipped: demo units or accounts missing');
        return { rewards: 0, awards: 0 };
      }
      const shopGrant = await m
        .createQueryBuilder(RoleGrantEntity, 'g')
        .innerJoin(UnitEntity, 'u', 'u.id = g.unit_id')
        .select('u.path', 'path')
        .where("g.user_id = :id AND g.role = 'shop_owner'", { id: shop.id })
        .getRawOne<{ path: string }>();
      const shopPath = shopGrant?.path ?? community.path;
      let rewards = 0;
      const now = Date.now();
      for (const r of DEMO_REWARDS) {
        const unitPath = r.at === 'street' ? street.path : r.at === 'community' ? community.path : shopPath;
        if (await m.exists(PointsRewardEntity, { where: { title: r.title, unitPath } })) continue;
        const inserted = await m.insert(PointsRewardEntity, {
          provider: r.provider,
          unitPath,
          offeredBy: r.provider === 'shop' ? shop.id : admin.id,
          providerName: r.providerName,
          title: r.title,
          description: r.description,
          cost: r.cost,
          stockTotal: r.stock,
          perUserLimit: r.perUserLimit,
          validFrom: new Date(now - DAY),
          validUntil: new Date(now + 365 * DAY),
          pickupPlace: r.pickupPlace,
          status: r.status,
          reviewedBy: r.status === 'approved' ? admin.id : null,
          reviewNote: null,
          version: 1,
        });
        await createStock(m, Number(inserted.identifiers[0].id), r.stock);
        rewards++;
      }
      let awards = 0;
      for (const a of DEMO_AWARDS) {
        const res = await this.ledger.award(m, {
          userId: resident.id,
          rule: a.rule,
          unitPath: community.path,
          ref: { type: 'demo', id: a.key.slice(-40) },
          idempotencyKey: `${a.key}:${resident.id}`,
          note: a.note,
        });
        if (res) awards++;
      }
      return { rewards, awards };
    });
  }

  private demoUser(m: EntityManager, key: string): Promise<UserEntity | null> {
    return m.findOne(UserEntity, { where: { demoKey: key, deletedAt: IsNull() } });
  }
}
