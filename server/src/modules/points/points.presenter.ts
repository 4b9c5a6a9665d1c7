import {
  formatRedemptionCode,
  PointsRuleLabelZh,
  RedemptionStatusLabelZh,
  redemptionQrText,
  RewardProviderLabelZh,
  RewardStatusLabelZh,
  type PointsEntryResponse,
  type RedemptionResponse,
  type RewardResponse,
} from '@linli/shared';
import { beijingTime, csvCell } from '../moderation/moderation.presenter';
import type { PointsEntryEntity, PointsRedemptionEntity, PointsRewardEntity } from './points.entity';

const iso = (d: Date | string) => new Date(d).toISOString();

/** A ledger entry with its Chinese reason; `reversed` says a later entry reversed it. */
export function presentEntry(e: PointsEntryEntity, reversed: boolean): PointsEntryResponse {
  const label = PointsRuleLabelZh[e.rule] ?? e.rule;
  return {
    id: e.id,
    amount: e.amount,
    rule: e.rule,
    ruleLabel: label,
    reason: e.note ? `${label}：${e.note}` : label,
    note: e.note,
    refType: e.refType,
    refId: e.refId,
    balanceAfter: e.balanceAfter,
    ruleDistrict: e.ruleDistrict,
    ruleVersion: e.ruleVersion,
    reversesEntryId: e.reversesEntryId,
    reversed,
    createdAt: iso(e.createdAt),
  };
}

export interface RewardView {
  reward: PointsRewardEntity;
  unitName: string | null;
  /** The caller's counting redemptions (resident views), null in staff lists. */
  myRedeemed: number | null;
}

/** Can a reward be redeemed at `now`, ignoring the caller's own limit? */
export function rewardOpen(r: PointsRewardEntity, now: Date): boolean {
  return r.status === 'approved' && new Date(r.validFrom) <= now && new Date(r.validUntil) > now && r.stockLeft > 0;
}

export function presentReward(v: RewardView, now = new Date()): RewardResponse {
  const r = v.reward;
  return {
    id: r.id,
    provider: r.provider,
    providerLabel: RewardProviderLabelZh[r.provider],
    providerName: r.providerName,
    unitPath: r.unitPath,
    unitName: v.unitName,
    title: r.title,
    description: r.description,
    cost: r.cost,
    stockTotal: r.stockTotal,
    stockLeft: r.stockLeft,
    perUserLimit: r.perUserLimit,
    validFrom: iso(r.validFrom),
    validUntil: iso(r.validUntil),
    pickupPlace: r.pickupPlace,
    status: r.status,
    statusLabel: RewardStatusLabelZh[r.status],
    reviewNote: r.reviewNote,
    version: r.version,
    myRedeemed: v.myRedeemed,
    redeemable: rewardOpen(r, now) && (v.myRedeemed === null || v.myRedeemed < r.perUserLimit),
    createdAt: iso(r.createdAt),
  };
}

export interface RedemptionView {
  redemption: PointsRedemptionEntity;
  reward: Pick<PointsRewardEntity, 'title' | 'providerName' | 'pickupPlace'>;
  userNickname: string | null;
}

export function presentRedemption(v: RedemptionView): RedemptionResponse {
  const r = v.redemption;
  return {
    id: r.id,
    rewardId: r.rewardId,
    rewardTitle: v.reward.title,
    providerName: v.reward.providerName,
    pickupPlace: v.reward.pickupPlace,
    cost: r.cost,
    code: r.code,
    codeDisplay: formatRedemptionCode(r.code),
    qrText: redemptionQrText(r.code),
    status: r.status,
    statusLabel: RedemptionStatusLabelZh[r.status],
    expiresAt: iso(r.expiresAt),
    fulfilledAt: r.fulfilledAt ? iso(r.fulfilledAt) : null,
    createdAt: iso(r.createdAt),
    userNickname: v.userNickname,
  };
}

const BOM = '\uFEFF';

/** One CSV cell; numbers stay numbers (a negative amount is not a formula), text is defused. */
const cell = (v: unknown) => (typeof v === 'number' ? String(v) : csvCell(v));

/**
 * A user's statement: every entry oldest first with the running balance (UTF-8 with BOM, CRLF, Beijing
 * times), ending with the balance row. Spreadsheet formulas in text are defused like the audit export.
 */
export function statementCsv(user: { id: number; nickname: string; balance: number }, entries: PointsEntryEntity[], reversedIds: Set<number>): string {
  const lines = [
    ['用户', user.nickname, '用户编号', user.id, '当前积分', user.balance].map(cell).join(','),
    ['流水号', '时间（北京时间）', '积分变动', '变动后余额', '原因', '说明', '来源类型', '来源编号', '规则版本', '冲正流水号', '已被冲正'].map(cell).join(','),
  ];
  for (const e of entries) {
    lines.push(
      [
        e.id,
        beijingTime(e.createdAt),
        e.amount,
        e.balanceAfter,
        PointsRuleLabelZh[e.rule] ?? e.rule,
        e.note ?? '',
        e.refType,
        e.refId,
        e.ruleVersion === null ? '' : `${e.ruleDistrict ?? ''}v${e.ruleVersion}`,
        e.reversesEntryId ?? '',
        reversedIds.has(e.id) ? '是' : '',
      ]
        .map(cell)
        .join(','),
    );
  }
  return BOM + lines.join('\r\n') + '\r\n';
}
