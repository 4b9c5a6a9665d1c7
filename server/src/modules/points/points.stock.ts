import type { EntityManager } from 'typeorm';
import { execute, kindOf } from '../notification/notification.db';

/**
 * A reward's stock as up to 16 shard rows (`points_reward_stock`). One hot row would cap redemptions of
 * a popular reward at one commit (one fsync) at a time, because its lock is held until the commit;
 * shards let concurrent redemptions take units from different rows and commit together. Every change is a
 * conditional UPDATE, so no shard goes below zero and no unit is counted twice.
 */
export const STOCK_SHARDS = 16;

/** Splits `stock` over min(16, stock) shards as evenly as possible. */
export function shardSizes(stock: number): number[] {
  const n = Math.max(1, Math.min(STOCK_SHARDS, stock));
  return Array.from({ length: n }, (_, i) => Math.floor(stock / n) + (i < stock % n ? 1 : 0));
}

export async function createStock(m: EntityManager, rewardId: number, stock: number): Promise<void> {
  const sizes = shardSizes(stock);
  await m.query(
    `INSERT INTO points_reward_stock (reward_id, shard, stock_left) VALUES ${sizes.map(() => '(?, ?, ?)').join(', ')}`,
    sizes.flatMap((left, shard) => [rewardId, shard, left]),
  );
}

/** Units left per reward (sum of its shards). */
export async function stockLeft(m: EntityManager, rewardIds: number[]): Promise<Map<number, number>> {
  if (!rewardIds.length) return new Map();
  const rows: { reward_id: number; n: number | string }[] = await m.query(
    `SELECT reward_id, SUM(stock_left) AS n FROM points_reward_stock WHERE reward_id IN (${rewardIds.map(() => '?').join(', ')}) GROUP BY reward_id`,
    rewardIds,
  );
  return new Map(rows.map((r) => [Number(r.reward_id), Number(r.n)]));
}

/**
 * Takes one unit of a reward's stock in the current transaction; returns the shard it came from, or null
 * when none is left. On MySQL it first locks a shard with stock that no other transaction holds
 * (`FOR UPDATE SKIP LOCKED`); only when every such shard is busy does it wait, in shard order (so two
 * waiting transactions cannot deadlock).
 */
export async function takeUnit(m: EntityManager, rewardId: number): Promise<number | null> {
  const mysql = kindOf(m) === 'mysql';
  const pick = async (lock: string) => {
    const rows: { shard: number }[] = await m.query(
      `SELECT shard FROM points_reward_stock WHERE reward_id = ? AND stock_left > 0 ORDER BY shard LIMIT 1${lock}`,
      [rewardId],
    );
    return rows.length ? Number(rows[0].shard) : null;
  };
  for (const lock of mysql ? [' FOR UPDATE SKIP LOCKED', ' FOR UPDATE'] : ['']) {
    const shard = await pick(lock);
    if (shard === null) continue;
    const took = await execute(m, 'UPDATE points_reward_stock SET stock_left = stock_left - 1 WHERE reward_id = ? AND shard = ? AND stock_left > 0', [
      rewardId,
      shard,
    ]);
    if (took === 1) return shard;
  }
  return null;
}

/**
 * Gives one unit back (cancellation, expiry), to shard 0: only the total matters, and refunds are rare
 * next to redemptions, so the unit need not go back to the shard it came from.
 */
export async function giveBack(m: EntityManager, rewardId: number): Promise<void> {
  const changed = await execute(m, 'UPDATE points_reward_stock SET stock_left = stock_left + 1 WHERE reward_id = ? AND shard = 0', [rewardId]);
  // Every reward has shard 0; a missing one means a bug, not a user error.
  if (changed !== 1) throw new Error(`stock shard 0 of reward ${rewardId} missing`);
}
