import { Config, ILogger, Inject, Logger, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { InjectDataSource } from '@midwayjs/typeorm';
import { DataSource, IsNull, type EntityManager } from 'typeorm';
import { pointInPolygon, type CategoryAnswers, type TicketActionInput, type TicketSource } from '@linli/shared';
import { TransactionRunner } from '../../common/db/transaction.runner';
import type { LinliConfig } from '../../config/config.default';
import { CategoryEntity } from '../category/category.entity';
import { UnitEntity } from '../unit/unit.entity';
import { DEMO_UNIT_CODES } from '../user/account.seeder';
import { toRoleGrants } from '../user/user.presenter';
import { loadGrantViews } from '../user/user.repository';
import { UserEntity } from '../user/user.entity';
import { TicketEntity } from './ticket.entities';
import { TicketLifecycleService } from './ticket-lifecycle.service';
import type { TicketActor } from './ticket.policy';
import { TicketReportService } from './ticket-report.service';

const HOUR = 3_600_000;

/** An action body without its version (distributes over the union of actions). */
type DemoAction = TicketActionInput extends infer A ? (A extends TicketActionInput ? Omit<A, 'version'> : never) : never;

/** One demo ticket: who reports it, where it ends up, and the actions that take it there (in order). */
interface DemoTicket {
  key: string;
  reporter: string;
  source: TicketSource;
  categoryCode: string;
  description: string;
  address: string;
  /** Offset of the point from the grid's centre (degrees), so the markers do not overlap. */
  offset: [number, number];
  /** How long ago it was reported. */
  hoursAgo: number;
  onBehalfOf?: string;
  /** Answers to the category's required questions. */
  answers?: CategoryAnswers;
  steps: Array<{ as: string; afterHours: number; input: DemoAction }>;
}

/**
 * Demo tickets in 泰山街道 / 津浦社区 (the demo street), so the dispatcher's queue, the grid worker's and the
 * department's lists and the resident's "my tickets" are not empty: reported, filed, dispatched to 城管,
 * handled and waiting for the resident's check, closed and rated, a hotline entry, a patrol find fixed on
 * the spot. Written through the ticket services (events, numbers, deadlines as in real use).
 */
const DEMO_TICKETS: DemoTicket[] = [
  {
    key: 'demo-ticket-stall',
    reporter: 'resident',
    source: 'resident',
    categoryCode: 'JM-0201',
    description: '小区南门口每天早上有早点摊占用人行道经营，行人只能走机动车道，很不安全',
    address: '津浦社区南门',
    offset: [0, 0],
    hoursAgo: 3,
    steps: [],
  },
  {
    key: 'demo-ticket-garbage',
    reporter: 'resident',
    source: 'resident',
    categoryCode: 'SR-0101',
    description: '3 栋旁边的垃圾桶满了没人清运，垃圾堆到了路边，有异味',
    address: '津浦社区 3 栋东侧',
    offset: [0.0004, 0.0002],
    hoursAgo: 26,
    steps: [
      { as: 'street_dispatcher', afterHours: 1, input: { action: 'file', note: '情况属实，立案' } },
      { as: 'street_dispatcher', afterHours: 1.5, input: { action: 'dispatch', target: { kind: 'departments', departments: ['chengguan'] } } },
    ],
  },
  {
    key: 'demo-ticket-light',
    reporter: 'building_head',
    source: 'resident',
    categoryCode: 'SS-0401',
    onBehalfOf: '5 栋李奶奶',
    answers: { fault: 'dark' },
    description: '5 栋楼前的路灯坏了好几天，晚上老人出门看不清台阶',
    address: '津浦社区 5 栋楼前',
    offset: [-0.0003, 0.0003],
    hoursAgo: 50,
    steps: [
      { as: 'street_dispatcher', afterHours: 2, input: { action: 'file' } },
      { as: 'street_dispatcher', afterHours: 3, input: { action: 'dispatch', target: { kind: 'grid' } } },
      { as: 'grid_worker', afterHours: 4, input: { action: 'accept' } },
    ],
  },
  {
    key: 'demo-ticket-parking',
    reporter: 'resident',
    source: 'resident',
    categoryCode: 'JT-0601',
    answers: { blocking: 'fire_lane' },
    description: '消防通道上长期停着一辆白色面包车，挡住了消防车进出',
    address: '津浦社区消防通道',
    offset: [0.0002, -0.0004],
    hoursAgo: 30,
    steps: [
      { as: 'street_dispatcher', afterHours: 1, input: { action: 'file' } },
      { as: 'street_dispatcher', afterHours: 2, input: { action: 'dispatch', target: { kind: 'grid' } } },
      { as: 'grid_worker', afterHours: 3, input: { action: 'accept' } },
      { as: 'grid_worker', afterHours: 5, input: { action: 'handle', result: '已联系车主将车辆挪走，并在通道口张贴禁停提示', photoIds: [] } },
    ],
  },
  {
    key: 'demo-ticket-manhole',
    reporter: 'resident',
    source: 'resident',
    categoryCode: 'SS-0402',
    answers: { cover_state: 'loose' },
    description: '菜场门口的窨井盖松动，踩上去会翘起来',
    address: '津浦菜场门口',
    offset: [-0.0005, -0.0001],
    hoursAgo: 120,
    steps: [
      { as: 'street_dispatcher', afterHours: 1, input: { action: 'file' } },
      { as: 'street_dispatcher', afterHours: 2, input: { action: 'dispatch', target: { kind: 'grid' } } },
      { as: 'grid_worker', afterHours: 3, input: { action: 'accept' } },
      { as: 'grid_worker', afterHours: 20, input: { action: 'handle', result: '已更换新的井盖并加固', photoIds: [] } },
      { as: 'resident', afterHours: 24, input: { action: 'verify_pass', note: '已经修好了' } },
      { as: 'street_dispatcher', afterHours: 25, input: { action: 'close' } },
      { as: 'resident', afterHours: 26, input: { action: 'rate', rating: 5, comment: '处理很及时，谢谢' } },
    ],
  },
  {
    key: 'demo-ticket-hotline',
    reporter: 'street_dispatcher',
    source: 'hotline',
    categoryCode: 'HB-0701',
    description: '12345 来电：沿街烧烤店油烟直排，楼上住户无法开窗',
    address: '津浦路沿街商铺',
    offset: [0.0006, 0.0001],
    hoursAgo: 5,
    steps: [{ as: 'street_dispatcher', afterHours: 0.1, input: { action: 'file' } }],
  },
  {
    key: 'demo-ticket-patrol',
    reporter: 'grid_worker',
    source: 'grid_patrol',
    categoryCode: 'JM-0202',
    description: '巡查发现便利店门口堆放纸箱占用人行道',
    address: '津浦路便利店门口',
    offset: [0.0001, 0.0005],
    hoursAgo: 8,
    steps: [{ as: 'grid_worker', afterHours: 0.2, input: { action: 'self_handle', result: '已督促店主当场清理，门前恢复通畅', photoIds: [] } }],
  },
];

@Provide()
@Scope(ScopeEnum.Singleton)
export class TicketSeeder {
  @Config('linli')
  config: LinliConfig;

  @InjectDataSource()
  dataSource: DataSource;

  @Inject()
  tx: TransactionRunner;

  @Inject()
  reports: TicketReportService;

  @Inject()
  lifecycle: TicketLifecycleService;

  @Logger()
  logger: ILogger;

  /**
   * Writes the demo tickets that are missing (found by their idempotency key). Does nothing outside demo
   * mode. Needs the demo units, accounts and the category catalogue; skips with a warning without them.
   * @returns how many tickets were created.
   */
  async seed(now = new Date()): Promise<number> {
    if (!this.config.demoMode) return 0;
    const m = this.dataSource.manager;
    const grid = await this.demoGrid(m);
    const users = await this.demoUsers(m);
    if (!grid || !users) {
      this.logger.warn('[linli] demo tickets skipped: demo units or accounts missing');
      return 0;
    }
    let created = 0;
    for (const def of DEMO_TICKETS) {
      const reporter = users.get(def.reporter)!;
      if (await m.exists(TicketEntity, { where: { submittedBy: reporter.userId, idempotencyKey: def.key } })) continue;
      if (!(await m.exists(CategoryEntity, { where: { code: def.categoryCode, active: true } }))) {
        this.logger.warn('[linli] demo ticket %s skipped: category %s missing', def.key, def.categoryCode);
        continue;
      }
      const point = pointNear(grid, def.offset);
      const start = new Date(now.getTime() - def.hoursAgo * HOUR);
      try {
        await this.tx.run(async (mm) => {
          const resident = def.source === 'resident';
          let ticket = await this.reports.createFromSource(
            mm,
            {
              source: def.source,
              categoryCode: def.categoryCode,
              description: def.description,
              location: { lat: point.lat, lng: point.lng, address: def.address },
              reporterId: resident ? reporter.userId : null,
              submittedBy: reporter.userId,
              idempotencyKey: def.key,
              answers: def.answers,
              actor: { actorId: reporter.userId, actorRole: resident ? 'reporter' : def.reporter },
              anonymous: !resident,
            },
            start,
          );
          if (def.onBehalfOf) await mm.update(TicketEntity, { id: ticket.id }, { onBehalfOf: { name: def.onBehalfOf, consent: true } });
          for (const step of def.steps) {
            const actor = users.get(step.as)!;
            const at = new Date(start.getTime() + step.afterHours * HOUR);
            ticket = await this.lifecycle.applyInTransaction(mm, actor, ticket.id, { ...step.input, version: ticket.version } as TicketActionInput, at);
          }
        });
      } catch (e) {
        // Demo data must never stop the server from starting: log and go on with the others.
        this.logger.warn('[linli] demo ticket %s skipped: %s', def.key, (e as Error).message);
        continue;
      }
      created++;
    }
    return created;
  }

  /** The demo accounts by key, with their grants. */
  private async demoUsers(m: EntityManager): Promise<Map<string, TicketActor> | null> {
    const keys = ['resident', 'building_head', 'grid_worker', 'street_dispatcher'];
    const out = new Map<string, TicketActor>();
    for (const key of keys) {
      const user = await m.findOne(UserEntity, { where: { demoKey: key, deletedAt: IsNull() }, select: ['id'] });
      if (!user) return null;
      out.set(key, { userId: user.id, grants: toRoleGrants(await loadGrantViews(m, user.id)) });
    }
    return out;
  }

  /** The first grid of the demo community (津浦社区), where the demo grid worker works. */
  private async demoGrid(m: EntityManager): Promise<UnitEntity | null> {
    const community = await m.findOne(UnitEntity, { where: { code: DEMO_UNIT_CODES.community } });
    if (!community) return null;
    const grid = await m.findOne(UnitEntity, { where: { parentId: community.id, level: 'grid' }, order: { code: 'ASC' } });
    return grid?.polygon ? grid : null;
  }
}

/** A point inside the grid near its centre (moved by `offset` when that stays inside). */
function pointNear(grid: UnitEntity, offset: [number, number]): { lat: number; lng: number } {
  const ring = grid.polygon![0];
  const lng = ring.reduce((s, p) => s + p[0], 0) / ring.length;
  const lat = ring.reduce((s, p) => s + p[1], 0) / ring.length;
  for (const scale of [1, 0.5, 0.25, 0]) {
    const p: [number, number] = [lng + offset[0] * scale, lat + offset[1] * scale];
    if (pointInPolygon(p, grid.polygon!)) return { lng: p[0], lat: p[1] };
  }
  return { lng, lat };
}
