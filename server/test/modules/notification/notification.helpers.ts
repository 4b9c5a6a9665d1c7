import type { NotificationTemplateKey } from '@linli/shared';
import type { TestApp } from '../../helpers/app';

/** Gives `userId` `credits` send credits for `key` (as if they accepted that many popups). */
export async function giveCredits(t: TestApp, userId: number, key: NotificationTemplateKey, credits: number): Promise<void> {
  await t.dataSource.query('DELETE FROM notification_subscriptions WHERE user_id = ? AND template_key = ?', [userId, key]);
  await t.dataSource.query(
    "INSERT INTO notification_subscriptions (user_id, template_key, credits, last_status, unmatched_count) VALUES (?, ?, ?, 'accept', 0)",
    [userId, key, credits],
  );
}

export async function creditsOf(t: TestApp, userId: number, key: NotificationTemplateKey): Promise<number | null> {
  const rows = await t.dataSource.query('SELECT credits FROM notification_subscriptions WHERE user_id = ? AND template_key = ?', [userId, key]);
  return rows.length ? Number(rows[0].credits) : null;
}

export interface DeliveryRowOut {
  id: number;
  user_id: number;
  status: string;
  attempts: number;
  last_errcode: string | null;
  msgid: string | null;
  lock_owner: string | null;
}

/** Delivery rows of `userIds` (all when omitted), by id. */
export async function deliveries(t: TestApp, userIds?: number[]): Promise<DeliveryRowOut[]> {
  const where = userIds?.length ? `WHERE user_id IN (${userIds.map(() => '?').join(', ')})` : '';
  const rows = await t.dataSource.query(`SELECT id, user_id, status, attempts, last_errcode, msgid, lock_owner FROM notification_deliveries ${where} ORDER BY id`, userIds ?? []);
  return rows.map((r: any) => ({ ...r, id: Number(r.id), user_id: Number(r.user_id), attempts: Number(r.attempts) }));
}

/** Inserts `n` WeChat users with one multi-row INSERT per 1000 and returns their ids. */
export async function bulkUsers(t: TestApp, n: number, prefix: string): Promise<number[]> {
  for (let i = 0; i < n; i += 1000) {
    const size = Math.min(1000, n - i);
    const values = Array.from({ length: size }, () => '(?, ?)').join(', ');
    const params = Array.from({ length: size }, (_, j) => [`openid-${prefix}-${i + j}`, `用户${i + j}`]).flat();
    await t.dataSource.query(`INSERT INTO users (openid, nickname) VALUES ${values}`, params);
  }
  const rows = await t.dataSource.query('SELECT id FROM users WHERE openid LIKE ? ORDER BY id', [`openid-${prefix}-%`]);
  return rows.map((r: any) => Number(r.id));
}

/** Vars for role_request_reviewed. */
export const reviewedVars = (over: Record<string, string | Date> = {}) => ({
  role: '商户',
  unit: '津浦社区居委会',
  result: '通过',
  note: '身份已生效',
  time: new Date('2026-11-23T08:00:00Z'),
  ...over,
});
