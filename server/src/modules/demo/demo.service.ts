import { Config, Inject, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import type { DemoAccountResponse } from '@linli/shared';
import type { LinliConfig } from '../../config/config.default';
import { UnitSeeder } from '../unit/unit.seeder';
import { AccountSeeder } from '../user/account.seeder';
import { RotaSeeder } from '../rota/rota.seeder';
import { PointsSeeder } from '../points/points.seeder';
import { AlertSeeder } from '../alert/alert.seeder';
import { TicketSeeder } from '../ticket/ticket.seeder';
import { CategorySeeder } from '../category/category.seeder';

/**
 * Demo data for `npm start` and the browser journeys: Nanjing Pukou's real divisions with generated
 * grid polygons, then one demo account per role. Idempotent: running it on a seeded database changes
 * nothing.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class DemoService {
  @Config('linli')
  config: LinliConfig;

  @Inject()
  units: UnitSeeder;

  @Inject()
  accounts: AccountSeeder;

  @Inject()
  rotaShops: RotaSeeder;

  @Inject()
  points: PointsSeeder;

  @Inject()
  alertDemo: AlertSeeder;

  @Inject()
  ticketDemo: TicketSeeder;

  @Inject()
  categories: CategorySeeder;

  /** Seeds units, then accounts (accounts are bound to seeded units). */
  async seed(): Promise<{ units: number; accounts: number } & Record<string, number>> {
    const categories = await this.categories.seed(); // the built-in catalogue, when the catalogue is empty
    const units = await this.units.seed();
    const accounts = await this.accounts.seed();
    const rotaShops = await this.rotaShops.seed(); // after accounts: the demo shop owner owns shop 1
    const points = await this.points.seed(); // after accounts: rewards of the demo street, the demo resident's points
    await this.alertDemo.seed(); // after accounts: 刘警官's neighbourhood group, its members and a sample alert
    const tickets = await this.ticketDemo.seed(); // after accounts and the catalogue: tickets of the demo street in several states
    return { categories, units, accounts, rotaShops, pointsRewards: points.rewards, pointsAwards: points.awards, tickets };
  }

  /** The demo accounts as the login page lists them. */
  async describeAccounts(): Promise<DemoAccountResponse[]> {
    return this.accounts.list();
  }
}
