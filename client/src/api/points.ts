import type {
  AdjustmentInput,
  AdminRewardsQuery,
  RewardInput,
  ReviewRewardInput,
  SaveRuleSetInput,
} from '@linli/shared';
import { API_BASE } from '../constants/env';
import { call } from './request';
import { downloadFile } from './download';

export const fetchPointsSummary = () => call('pointsSummary');

export const updatePointsSettings = (leaderboardOptOut: boolean) => call('updatePointsSettings', { body: { leaderboardOptOut } });

export const fetchPointsHistory = (cursor?: string | null, limit = 20) =>
  call('pointsHistory', { query: { limit, ...(cursor ? { cursor } : {}) } });

export const fetchLeaderboard = (unitId: number, month?: string) =>
  call('pointsLeaderboard', { query: { unitId, ...(month ? { month } : {}) } });

export const fetchRewards = (unitId?: number) => call('rewards', { query: unitId ? { unitId } : {} });

export const fetchReward = (id: number) => call('reward', { params: { id } });

export const redeemReward = (id: number, clientKey: string) => call('redeemReward', { params: { id }, body: { clientKey } });

export const fetchMyRedemptions = () => call('myRedemptions');

export const fetchMyRedemption = (id: number) => call('myRedemption', { params: { id } });

export const cancelRedemption = (id: number) => call('cancelRedemption', { params: { id } });

export const fetchProviderRewards = () => call('providerRewards');

export const offerReward = (input: RewardInput) => call('offerReward', { body: input });

export const lookupRedemption = (code: string) => call('lookupRedemption', { body: { code } });

export const fulfilRedemption = (code: string) => call('fulfilRedemption', { body: { code } });

export const fetchRuleSet = (districtId?: number) => call('adminRuleSet', { query: districtId ? { districtId } : {} });

export const saveRuleSet = (input: SaveRuleSetInput) => call('saveRuleSet', { body: input });

export const fetchAdminRewards = (query: Partial<AdminRewardsQuery> = {}) => call('adminRewards', { query });

export const createReward = (input: RewardInput) => call('createReward', { body: input });

export const reviewReward = (id: number, input: ReviewRewardInput) => call('reviewReward', { params: { id }, body: input });

export const withdrawReward = (id: number, reason: string) => call('withdrawReward', { params: { id }, body: { reason } });

export const findPointsUsers = (q: string) => call('adminPointsUsers', { query: { q } });

export const fetchPointsUser = (id: number) => call('adminPointsUser', { params: { id } });

export const adjustPoints = (input: AdjustmentInput) => call('adjustPoints', { body: input });

/** A fresh idempotency key for one user action (a retried request reuses it; a new tap makes a new one). */
export function newClientKey(): string {
  return `${Date.now().toString(36)}-${Math.random().toString(36).slice(2, 12)}`;
}

/**
 * H5 only: downloads a user's statement CSV with the bearer token. The mini-program shows the entries
 * only (WeChat cannot save arbitrary files there).
 */
export async function downloadStatementCsv(userId: number): Promise<void> {
  return downloadFile(`${API_BASE}/admin/points/users/${userId}/statement`, 'points-statement.csv', { withToken: true });
}
