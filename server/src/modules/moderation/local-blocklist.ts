/**
 * A deliberately small local blocklist for text WeChat cannot check (authors without an openid, i.e.
 * the H5 demo accounts). It stops the obvious cases only; everything else published this way gets a
 * moderation item marked 未经微信检测 so a person can look at it afterwards.
 */
const TERMS = ['法轮', '赌博', '博彩', '六合彩', '代开发票', '办证', '枪支', '冰毒', '约炮', '裸聊', '色情', '贷款广告'];

/** The first blocked term found in `text` (case and spacing ignored), or null. */
export function findBlockedTerm(text: string): string | null {
  const normalised = text.replace(/\s+/g, '').toLowerCase();
  return TERMS.find((t) => normalised.includes(t)) ?? null;
}
