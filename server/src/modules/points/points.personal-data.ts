import { Destroy, Init, Provide, Scope, ScopeEnum } from '@midwayjs/core';
import { In, type EntityManager } from 'typeorm';
import { RedemptionStatusLabelZh, type MyPointsData, type RedemptionStatus } from '@linli/shared';
import { personalData } from '../user/personal-data';
import { PointsAccountEntity, PointsEntryEntity, PointsRedemptionEntity, PointsRewardEntity } from './points.entity';
import { presentEntry } from './points.presenter';

const iso = (d: Date | null | undefined) => (d ? new Date(d).toISOString() : null);

const CODE_STATE_LABEL: Record<MyPointsData['redemptions'][number]['codeState'], string> = { valid: '可使用', used: '已使用', void: '已失效' };

/** Whether a redemption's code can still be used at `now`. */
export function codeState(status: RedemptionStatus, expiresAt: Date, now: Date): MyPointsData['redemptions'][number]['codeState'] {
  if (status === 'fulfilled') return 'used';
  return status === 'issued' && new Date(expiresAt).getTime() > now.getTime() ? 'valid' : 'void';
}

/**
 * The `points` section of "export my data": balance, the leaderboard setting, every ledger entry (who
 * wrote a manual adjustment is left out) and the redemptions (reward, state, times; not the code itself).
 * Registered on the user module's `personalData` hook; started from configuration.ts.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class PointsPersonalData {
  private off: (() => void) | null = null;

  @Init()
  init(): void {
    this.off = personalData.register('points', (m, userId) => this.export(m, userId));
  }

  @Destroy()
  stop(): void {
    this.off?.();
    this.off = null;
  }

  async export(m: EntityManager, userId: number, now = new Date()): Promise<MyPointsData> {
    const account = await m.findOne(PointsAccountEntity, { where: { userId } });
    const entries = await m.find(PointsEntryEntity, { where: { userId }, order: { id: 'ASC' } });
    const redemptions = await m.find(PointsRedemptionEntity, { where: { userId }, order: { id: 'ASC' } });
    const rewardIds = [...new Set(redemptions.map((r) => r.rewardId))];
    const rewards = rewardIds.length
      ? await m.find(PointsRewardEntity, { where: { id: In(rewardIds) }, select: ['id', 'title', 'providerName'] })
      : [];
    const rewardOf = new Map(rewards.map((r) => [r.id, r]));
    return {
      balance: account?.balance ?? 0,
      leaderboardOptOut: Boolean(account?.leaderboardOptOut),
      entries: entries.map((e) => {
        const p = presentEntry(e, false);
        return { id: p.id, amount: p.amount, rule: p.rule, ruleLabel: p.ruleLabel, reason: p.reason, balanceAfter: p.balanceAfter, createdAt: p.createdAt };
      }),
      redemptions: redemptions.map((r) => {
        const state = codeState(r.status, r.expiresAt, now);
        return {
          id: r.id,
          rewardTitle: rewardOf.get(r.rewardId)?.title ?? '',
          providerName: rewardOf.get(r.rewardId)?.providerName ?? '',
          cost: r.cost,
          status: r.status,
          statusLabel: RedemptionStatusLabelZh[r.status] ?? r.status,
          codeState: state,
          codeStateLabel: CODE_STATE_LABEL[state],
          expiresAt: iso(r.expiresAt)!,
          fulfilledAt: iso(r.fulfilledAt),
          closedAt: iso(r.closedAt),
          createdAt: iso(r.createdAt)!,
        };
      }),
    };
  }
}
