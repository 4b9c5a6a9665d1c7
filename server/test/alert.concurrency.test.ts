import { createAlertSchema } from '@linli/shared';
import type { AuthState } from '../src/common/auth/auth.context';
import { AlertService } from '../src/modules/alert/alert.service';
import type { GroupEntity } from '../src/modules/alert/group.entity';
import { buildUnitTree, buildUser, countRows, grantRole, startAppWithWechatFake } from './factories';
import { TEST_DB, type TestApp } from './helpers/app';
import { bulkUsers } from './modules/notification/notification.helpers';
import { alertInput, bulkMembers, buildGroup } from './alert.helpers';

const OFFICERS = 4;
const ALERTS_EACH = 5;

/**
 * Officers posting at once to groups that share members: every alert is published by its one
 * transaction (the fan-out has no retry), with one feed row, one inbox row and one delivery per member.
 * Before the notification module stopped writing deliveries with INSERT ... SELECT, concurrent fan-outs
 * were rolled back by MariaDB with 1467 (docs/DECISIONS.md, police alerts).
 */
describe('alerts posted at once', () => {
  let t: TestApp;
  let closeAll: () => Promise<void>;
  const officers: Array<{ auth: AuthState; group: GroupEntity }> = [];
  let everyone: number[];

  beforeAll(async () => {
    ({ t, closeAll } = await startAppWithWechatFake());
    const tree = await buildUnitTree(t);
    everyone = await bulkUsers(t, 40, `conc${Date.now()}`);
    for (let i = 0; i < OFFICERS; i++) {
      const police = await buildUser(t, { nickname: `民警${i}` });
      await grantRole(t, police, 'community_police', tree.community);
      const group = await buildGroup(t, tree.community, police, `津浦平安${i}群`);
      // 30 of the 40 users per group, shifted by 10: every user is in three of the four groups.
      await bulkMembers(t, group, Array.from({ length: 30 }, (_, j) => everyone[(i * 10 + j) % everyone.length]));
      const auth = { userId: police.id, sessionId: 0, expiresAt: new Date(Date.now() + 3600_000), grants: [{ role: 'community_police', unitId: tree.community.id, unitPath: tree.community.path }] } as AuthState;
      officers.push({ auth, group });
    }
  }, 60_000);
  afterAll(() => closeAll());

  it(`${OFFICERS * ALERTS_EACH} alerts at once all publish, each member reached once per alert`, async () => {
    const sut = await t.get(AlertService);
    const posts = officers.flatMap(({ auth, group }) =>
      Array.from({ length: ALERTS_EACH }, (_, k) => sut.create(auth, createAlertSchema.parse(alertInput([group.id], { clientKey: `conc-${group.id}-${k}` })))),
    );
    const results = await Promise.allSettled(posts);
    const failures = results.flatMap((r) => (r.status === 'rejected' ? [String((r.reason as Error).message).slice(0, 80)] : []));
    if (failures.length) console.log(`[alert] ${failures.length} of ${posts.length} concurrent posts failed on ${TEST_DB}:`, [...new Set(failures)]);
    expect(failures).toEqual([]);

    const ids = results.map((r) => (r.status === 'fulfilled' ? r.value.view.alert.id : 0));
    expect(new Set(ids).size).toBe(OFFICERS * ALERTS_EACH);
    for (const r of results) if (r.status === 'fulfilled') expect(r.value.view.alert.recipientCount).toBe(30);
    const total = OFFICERS * ALERTS_EACH * 30;
    expect(await countRows(t, 'alert_recipients')).toBe(total);
    expect(await countRows(t, 'notifications', "template_key = 'police_alert'")).toBe(total);
    expect(await countRows(t, 'notification_deliveries', "template_key = 'police_alert'")).toBe(total);
    // Nobody twice: one inbox row per (alert, member), one delivery per inbox row.
    const twice = await t.dataSource.query(
      `SELECT n.ref, n.user_id FROM notifications n JOIN notification_deliveries d ON d.notification_id = n.id
       WHERE n.template_key = 'police_alert' GROUP BY n.ref, n.user_id HAVING COUNT(*) > 1`,
    );
    expect(twice).toEqual([]);
  }, 60_000);
});
