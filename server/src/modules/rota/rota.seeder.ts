import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, EntityManager, In, IsNull } from 'typeorm';
import { ALL_WEEK_MASK, LngLat, ParticipantKind, ParticipantRole, ParticipantStatus, pointInPolygon } from '@linli/shared';
import type { LinliConfig } from '../../config/config.default';
import { TransactionRunner } from '../../common/db/transaction.runner';
import { UnitEntity } from '../unit/unit.entity';
import { seedGrids } from '../unit/unit.seeder';
import { DEMO_UNIT_CODES } from '../user/account.seeder';
import { PhoneCrypto } from '../user/phone.crypto';
import { UserEntity } from '../user/user.entity';
import { ParticipantEntity, ParticipantUserEntity } from './rota.entity';

/** How many shops line the demo street (the Xishan article's ~120 shops). */
export const DEMO_SHOP_COUNT = 120;

/** The demo street: it runs west to east through 津浦社区, odd numbers on the north side. */
export const DEMO_STREET = '津浦路';

const TRADES = ['便民超市', '水果店', '五金店', '大药房', '牛肉面馆', '理发店', '电动车行', '早餐店', '文具店', '茶叶店', '烟酒店', '干洗店', '手机维修', '花店', '包子铺', '眼镜店', '母婴店', '粮油店', '快递驿站', '面包房'];
const SURNAMES = ['张', '王', '陈', '刘', '杨', '赵', '黄', '周', '吴', '徐', '孙', '马', '朱', '胡', '郭', '何', '林', '罗', '高', '梁'];

/** Seed key of demo shop `n` (1-based). */
export const shopSeedKey = (n: number) => `demo-shop-${String(n).padStart(3, '0')}`;

/**
 * Demo data of the watch rotas: ~120 approved shops along 津浦路 in the demo community (津浦社区), each
 * with its own owner account; the demo shop owner (李老板) owns shop 1, the demo resident (王阿姨) helps
 * at shop 2 as staff; one more shop waits for review. No rota: creating one over these shops is the
 * officer's journey. Idempotent (shops found by seed key) and demo mode only.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class RotaSeeder {
  @Config('linli')
  config: LinliConfig;

  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  phones: PhoneCrypto;

  @Logger()
  logger: ILogger;

  /** Creates the missing demo shops; returns how many were created. */
  async seed(): Promise<number> {
    if (!this.config.demoMode) return 0;
    return this.tx.run(async (m) => {
      const grids = await m.find(UnitEntity, { where: { code: In([1, 2, 3, 4].map((k) => `${DEMO_UNIT_CODES.community}00${k}`)) } });
      if (grids.length < 4) {
        this.logger.warn('[linli] rota demo shops: the demo community grids are missing; run the unit seeder first');
        return 0;
      }
      const demoOwner = await m.findOne(UserEntity, { where: { demoKey: 'shop_owner', deletedAt: IsNull() } });
      const demoResident = await m.findOne(UserEntity, { where: { demoKey: 'resident', deletedAt: IsNull() } });
      const existing = await m.find(ParticipantEntity, { where: { seedKey: In([...Array(DEMO_SHOP_COUNT + 1)].map((_, i) => shopSeedKey(i + 1))) } });
      const have = new Map(existing.map((p) => [p.seedKey!, p]));
      let created = 0;
      for (const shop of demoShops(grids)) {
        let p = have.get(shop.seedKey);
        if (!p) {
          const ownerId = shop.n === 1 && demoOwner ? demoOwner.id : await this.ownerFor(m, shop);
          p = await m.save(
            m.create(ParticipantEntity, {
              kind: ParticipantKind.Shop,
              name: shop.name,
              address: shop.address,
              lng: shop.point[0],
              lat: shop.point[1],
              unitId: shop.grid.id,
              unitPath: shop.grid.path,
              openingDays: shop.n % 7 === 0 ? 0b0111111 : ALL_WEEK_MASK,
              phoneEnc: this.phones.encrypt(shop.phone),
              phonePublic: shop.n % 3 === 0,
              ownerId,
              status: shop.pending ? ParticipantStatus.Pending : ParticipantStatus.Approved,
              reviewNote: null,
              reviewedBy: null,
              reviewedAt: shop.pending ? null : new Date(),
              seedKey: shop.seedKey,
            }),
          );
          await m.insert(ParticipantUserEntity, { participantId: p.id, userId: ownerId, role: ParticipantRole.Owner });
          created++;
        }
        // Self-healing links of the demo accounts (a deleted demo account is seeded again under a new id).
        if (shop.n === 1 && demoOwner) await this.link(m, p, demoOwner.id, ParticipantRole.Owner);
        if (shop.n === 2 && demoResident) await this.link(m, p, demoResident.id, ParticipantRole.Staff);
      }
      return created;
    });
  }

  private async link(m: EntityManager, p: ParticipantEntity, userId: number, role: ParticipantRole): Promise<void> {
    if (await m.exists(ParticipantUserEntity, { where: { participantId: p.id, userId } })) return;
    await m.insert(ParticipantUserEntity, { participantId: p.id, userId, role });
    if (role === ParticipantRole.Owner) await m.update(ParticipantEntity, { id: p.id }, { ownerId: userId });
  }

  /** A plain account for a seeded shop's owner (no WeChat link: it cannot sign in). */
  private async ownerFor(m: EntityManager, shop: DemoShop): Promise<number> {
    const user = await m.save(m.create(UserEntity, { demoKey: null, openid: null, unionid: null, nickname: shop.ownerName, avatarUrl: null, phoneEnc: null, phoneHash: null, deletedAt: null }));
    return user.id;
  }
}

interface DemoShop {
  n: number;
  seedKey: string;
  name: string;
  address: string;
  point: LngLat;
  grid: UnitEntity;
  phone: string;
  ownerName: string;
  pending: boolean;
}

/**
 * The demo street's shops, deterministic: odd numbers along the north side (grids 001/002), even along
 * the south side (003/004), west to east, each inside its grid's rectangle. Shop 121 is the pending one.
 */
export function demoShops(grids: UnitEntity[]): DemoShop[] {
  const byCode = new Map(grids.map((g) => [g.code, g]));
  const layout = new Map(seedGrids().map((g) => [g.code, g]));
  const code = (k: number) => `${DEMO_UNIT_CODES.community}00${k}`;
  const nw = layout.get(code(1))!.polygon[0];
  const se = layout.get(code(4))!.polygon[0];
  const xs = [...nw, ...se].map((p) => p[0]);
  const ys = [...nw, ...se].map((p) => p[1]);
  const [west, east, south, north] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const mid = layout.get(code(1))!.polygon[0].reduce((lo, p) => Math.min(lo, p[1]), Infinity);
  const perSide = Math.ceil(DEMO_SHOP_COUNT / 2);
  const out: DemoShop[] = [];
  for (let n = 1; n <= DEMO_SHOP_COUNT + 1; n++) {
    const northSide = n % 2 === 1;
    const pos = Math.floor((n - 1) / 2) % perSide;
    const x = west + ((east - west) * (0.05 + (0.9 * (pos + 0.5)) / perSide));
    const y = northSide ? mid + (north - mid) * 0.08 : mid - (mid - south) * 0.08;
    const point: LngLat = [Math.round(x * 1e6) / 1e6, Math.round(y * 1e6) / 1e6];
    const candidates = northSide ? [1, 2] : [3, 4];
    const k = candidates.find((c) => pointInPolygon(point, layout.get(code(c))!.polygon)) ?? candidates[0];
    const trade = TRADES[(n * 7) % TRADES.length];
    out.push({
      n,
      seedKey: shopSeedKey(n),
      name: n === 1 ? '李记便民超市' : `${DEMO_STREET}${n}号${trade}`,
      address: `${DEMO_STREET}${n}号`,
      point,
      grid: byCode.get(code(k))!,
      phone: `139${String(5100_0000 + n * 37).padStart(8, '0')}`,
      ownerName: `${SURNAMES[n % SURNAMES.length]}老板`,
      pending: n > DEMO_SHOP_COUNT,
    });
  }
  return out;
}
