import type { EndpointSpec } from './contract';
import type {
  AdminPointsUserResponse,
  LeaderboardResponse,
  PointsEntryResponse,
  PointsSummaryResponse,
  RedemptionResponse,
  RewardResponse,
  RuleSetResponse,
} from '../types/points';
import type { Page } from '../types/api';
import {
  adjustmentSchema,
  adminPointsUsersQuerySchema,
  adminRewardsQuerySchema,
  leaderboardQuerySchema,
  pointsHistoryQuerySchema,
  redeemSchema,
  redemptionCodeSchema,
  rewardInputSchema,
  rewardsQuerySchema,
  reviewRewardSchema,
  ruleSetQuerySchema,
  saveRuleSetSchema,
  updatePointsSettingsSchema,
  withdrawRewardSchema,
} from '../schemas/points.schema';

/** Endpoints of the points ledger, earning rules, rewards, redemption (issue 5). */
export const POINTS_API = {
  pointsSummary: { method: 'GET', path: '/points/me', summary: 'My balance (one row read) and this month', tag: 'points', access: 'user', response: 'PointsSummaryResponse' },
  updatePointsSettings: { method: 'PATCH', path: '/points/me', summary: 'Leaderboard opt-out (hides my name)', tag: 'points', access: 'user', body: updatePointsSettingsSchema, response: 'PointsSummaryResponse' },
  pointsHistory: { method: 'GET', path: '/points/entries', summary: 'My ledger entries, newest first (keyset pages)', tag: 'points', access: 'user', query: pointsHistoryQuerySchema, response: 'Page<PointsEntryResponse>' },
  pointsLeaderboard: { method: 'GET', path: '/points/leaderboard', summary: 'Monthly leaderboard of a community or street', tag: 'points', access: 'user', query: leaderboardQuerySchema, response: 'LeaderboardResponse' },
  rewards: { method: 'GET', path: '/points/rewards', summary: 'The catalogue: approved rewards in their period', tag: 'points', access: 'user', query: rewardsQuerySchema, response: 'RewardResponse[]' },
  reward: { method: 'GET', path: '/points/rewards/:id', summary: 'One reward of the catalogue', tag: 'points', access: 'user', response: 'RewardResponse' },
  redeemReward: { method: 'POST', path: '/points/rewards/:id/redeem', summary: 'Redeem a reward (idempotent per clientKey): points deducted, code issued', tag: 'points', access: 'user', body: redeemSchema, response: 'RedemptionResponse' },
  myRedemptions: { method: 'GET', path: '/points/redemptions', summary: 'My redemption codes, newest first', tag: 'points', access: 'user', response: 'RedemptionResponse[]' },
  myRedemption: { method: 'GET', path: '/points/redemptions/:id', summary: 'One of my redemption codes', tag: 'points', access: 'user', response: 'RedemptionResponse' },
  cancelRedemption: { method: 'POST', path: '/points/redemptions/:id/cancel', summary: 'Cancel an unused code: points refunded by reversal, stock returned', tag: 'points', access: 'user', response: 'RedemptionResponse' },
  providerRewards: { method: 'GET', path: '/points/provider/rewards', summary: 'Rewards I provide (shop owner) or whose codes I may fulfil', tag: 'points', access: 'user', response: 'RewardResponse[]' },
  offerReward: { method: 'POST', path: '/points/provider/rewards', summary: 'A shop owner offers a reward (waits for an admin)', tag: 'points', access: 'user', body: rewardInputSchema, response: 'RewardResponse' },
  lookupRedemption: { method: 'POST', path: '/points/provider/lookup', summary: 'Look a scanned or typed code up before fulfilling it', tag: 'points', access: 'user', body: redemptionCodeSchema, response: 'RedemptionResponse' },
  fulfilRedemption: { method: 'POST', path: '/points/provider/fulfil', summary: 'Mark a code fulfilled (the reward was handed over)', tag: 'points', access: 'user', body: redemptionCodeSchema, response: 'RedemptionResponse' },
  adminRuleSet: { method: 'GET', path: '/admin/points/rules', summary: "A district's earning rules in force, with versions", tag: 'points-admin', access: 'admin', query: ruleSetQuerySchema, response: 'RuleSetResponse' },
  saveRuleSet: { method: 'PUT', path: '/admin/points/rules', summary: "Save a new version of a district's earning rules (audited)", tag: 'points-admin', access: 'admin', body: saveRuleSetSchema, response: 'RuleSetResponse' },
  adminRewards: { method: 'GET', path: '/admin/points/rewards', summary: 'Rewards inside my units, pending first', tag: 'points-admin', access: 'admin', query: adminRewardsQuerySchema, response: 'RewardResponse[]' },
  createReward: { method: 'POST', path: '/admin/points/rewards', summary: 'Create a community-centre reward (approved at once, audited)', tag: 'points-admin', access: 'admin', body: rewardInputSchema, response: 'RewardResponse' },
  reviewReward: { method: 'POST', path: '/admin/points/rewards/:id/review', summary: "Approve or reject a shop's offer (audited)", tag: 'points-admin', access: 'admin', body: reviewRewardSchema, response: 'RewardResponse' },
  withdrawReward: { method: 'POST', path: '/admin/points/rewards/:id/withdraw', summary: 'Take a reward off the catalogue (issued codes stay valid; audited)', tag: 'points-admin', access: 'admin', body: withdrawRewardSchema, response: 'RewardResponse' },
  adminPointsUsers: { method: 'GET', path: '/admin/points/users', summary: 'Find users with points activity inside my units', tag: 'points-admin', access: 'admin', query: adminPointsUsersQuerySchema, response: 'AdminPointsUserResponse[]' },
  adminPointsUser: { method: 'GET', path: '/admin/points/users/:id', summary: "A user's balance and latest entries", tag: 'points-admin', access: 'admin', response: 'AdminPointsUserResponse' },
  adminPointsStatement: { method: 'GET', path: '/admin/points/users/:id/statement', summary: "A user's statement as CSV (UTF-8 with BOM)", tag: 'points-admin', access: 'admin', response: 'text/csv' },
  adjustPoints: { method: 'POST', path: '/admin/points/adjustments', summary: 'Manual adjustment with a mandatory reason (audited)', tag: 'points-admin', access: 'admin', body: adjustmentSchema, response: 'PointsEntryResponse' },
} as const satisfies Record<string, EndpointSpec>;

/** Response type per points endpoint, for the client's typed request layer. */
export interface PointsResponseMap {
  pointsSummary: PointsSummaryResponse;
  updatePointsSettings: PointsSummaryResponse;
  pointsHistory: Page<PointsEntryResponse>;
  pointsLeaderboard: LeaderboardResponse;
  rewards: RewardResponse[];
  reward: RewardResponse;
  redeemReward: RedemptionResponse;
  myRedemptions: RedemptionResponse[];
  myRedemption: RedemptionResponse;
  cancelRedemption: RedemptionResponse;
  providerRewards: RewardResponse[];
  offerReward: RewardResponse;
  lookupRedemption: RedemptionResponse;
  fulfilRedemption: RedemptionResponse;
  adminRuleSet: RuleSetResponse;
  saveRuleSet: RuleSetResponse;
  adminRewards: RewardResponse[];
  createReward: RewardResponse;
  reviewReward: RewardResponse;
  withdrawReward: RewardResponse;
  adminPointsUsers: AdminPointsUserResponse[];
  adminPointsUser: AdminPointsUserResponse;
  adminPointsStatement: string;
  adjustPoints: PointsEntryResponse;
}
