import type {
  PointsRule,
  PointsRuleSetConfig,
  RedemptionStatus,
  RewardProvider,
  RewardStatus,
} from '../constants/points';

/** My points: the balance is read from the account row, never summed from history. */
export interface PointsSummaryResponse {
  balance: number;
  leaderboardOptOut: boolean;
  /** My user number, which an admin asks for to adjust my points. */
  userId: number;
}

/** One ledger entry, with its reason in Chinese. */
export interface PointsEntryResponse {
  id: number;
  /** Signed: positive earned, negative spent or taken back. */
  amount: number;
  rule: PointsRule;
  ruleLabel: string;
  /** What the history shows: the rule's label, plus the note (item title, reason of an adjustment). */
  reason: string;
  note: string | null;
  refType: string;
  refId: string;
  balanceAfter: number;
  /** Rule version used (earning entries): district path and version (0 = defaults). */
  ruleDistrict: string | null;
  ruleVersion: number | null;
  /** This entry reverses entry N. */
  reversesEntryId: number | null;
  /** A later entry reversed this one. */
  reversed: boolean;
  createdAt: string;
}

/** A reward of the catalogue. */
export interface RewardResponse {
  id: number;
  provider: RewardProvider;
  providerLabel: string;
  providerName: string;
  unitPath: string;
  unitName: string | null;
  title: string;
  description: string;
  cost: number;
  stockTotal: number;
  stockLeft: number;
  perUserLimit: number;
  validFrom: string;
  validUntil: string;
  pickupPlace: string;
  status: RewardStatus;
  statusLabel: string;
  reviewNote: string | null;
  /** Send it back with a review: a changed item answers 409. */
  version: number;
  /** Redemptions of mine still counting toward the limit (issued or fulfilled); null for staff lists. */
  myRedeemed: number | null;
  /** Can the caller redeem it right now (approved, in its period, in stock, under the limit)? */
  redeemable: boolean;
  createdAt: string;
}

/** A redemption. `code` is only sent to its owner and to the provider who looked it up. */
export interface RedemptionResponse {
  id: number;
  rewardId: number;
  rewardTitle: string;
  providerName: string;
  pickupPlace: string;
  cost: number;
  code: string;
  /** `123 456 7890` */
  codeDisplay: string;
  /** Text of the QR code (`LINLI:<code>`). */
  qrText: string;
  status: RedemptionStatus;
  statusLabel: string;
  expiresAt: string;
  fulfilledAt: string | null;
  createdAt: string;
  /** For the provider: who redeemed it (nickname only). */
  userNickname: string | null;
}

export interface LeaderboardEntry {
  rank: number;
  /** Nickname, or 匿名邻居 for users who opted out. */
  name: string;
  points: number;
  isMe: boolean;
}

export interface LeaderboardResponse {
  unitId: number;
  unitName: string;
  unitLevel: string;
  /** YYYYMM */
  month: number;
  entries: LeaderboardEntry[];
  /** My place on this board, when I earned anything there this month. */
  me: { rank: number; points: number } | null;
}

export interface RuleSetVersionSummary {
  version: number;
  note: string | null;
  createdAt: string;
  createdBy: string | null;
}

/** A district's rules in force (version 0: the built-in defaults) and its saved versions. */
export interface RuleSetResponse {
  districtId: number;
  districtPath: string;
  districtName: string;
  version: number;
  config: PointsRuleSetConfig;
  note: string | null;
  history: RuleSetVersionSummary[];
}

/** The admin's view of one user's points. */
export interface AdminPointsUserResponse {
  userId: number;
  nickname: string;
  balance: number;
  entries: PointsEntryResponse[];
}
