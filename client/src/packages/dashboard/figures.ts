/**
 * What the dashboard shows of a figures row, and how (pure helpers, testable without a page): the
 * cards with their definitions (the same wording as docs/FIGURES.md), number formats and period presets.
 */
import type { FiguresRow, ResolvedLevel } from '@linli/shared';

export interface FigureCard {
  id: string;
  label: string;
  /** The value as shown. */
  value: (r: FiguresRow) => string;
  /** Count behind a rate ("1602 / 1618"), shown small under the value. */
  detail?: (r: FiguresRow) => string;
  /** Shown when the card is tapped. */
  definition: string;
  /** Rate between 0 and 1 for the bar under the value. */
  bar?: (r: FiguresRow) => number | null;
}

/** 0.9903 -> "99.03%" (docs/FIGURES.md); null -> "—". */
export function formatRate(rate: number | null): string {
  return rate === null ? '—' : `${(rate * 100).toFixed(2)}%`;
}

/** Minutes as a readable span: 42.5 -> "42.5 分钟", 150 -> "2.5 小时", 4320 -> "3.0 天"; null -> "—". */
export function formatMinutes(minutes: number | null): string {
  if (minutes === null) return '—';
  if (minutes < 120) return `${minutes.toFixed(1)} 分钟`;
  if (minutes < 48 * 60) return `${(minutes / 60).toFixed(1)} 小时`;
  return `${(minutes / 1440).toFixed(1)} 天`;
}

const rateCard = (id: string, label: string, rate: (r: FiguresRow) => number | null, num: (r: FiguresRow) => number, den: (r: FiguresRow) => number, definition: string): FigureCard => ({
  id,
  label,
  value: (r) => formatRate(rate(r)),
  detail: (r) => `${num(r)} / ${den(r)}`,
  bar: rate,
  definition,
});

const COHORT = '统计期内立案、且此后未被“不予受理”的工单';

export const FIGURE_CARDS: FigureCard[] = [
  {
    id: 'filed',
    label: '立案数',
    value: (r) => String(r.filed),
    detail: (r) => `上报 ${r.reported} · 不予受理 ${r.refused}`,
    definition: `${COHORT}件数，是以下各项比率的分母。上报数是统计期内新建的上报（不论结果），不予受理数是其中被不予受理的件数。`,
  },
  rateCard('handlingRate', '处置率', (r) => r.handlingRate, (r) => r.handled, (r) => r.filed, `立案工单中已处置（已处置待核查、已核查、已结案、已评价）的比例：处置数 ÷ 立案数。`),
  rateCard('closureRate', '办结率', (r) => r.closureRate, (r) => r.closed, (r) => r.filed, '立案工单中已结案（含已评价）的比例：结案数 ÷ 立案数。'),
  rateCard(
    'onTimeClosureRate',
    '按期办结率',
    (r) => r.onTimeClosureRate,
    (r) => r.closedOnTime,
    (r) => r.filed,
    '立案工单中已结案、且最近一次处置完成时间不晚于当时有效的处置时限（含批准的延期）的比例：按期结案数 ÷ 立案数。',
  ),
  rateCard('reworkRate', '返工率', (r) => r.reworkRate, (r) => r.reworked, (r) => r.filed, '立案工单中至少返工过一次（核查不通过，或上报人在结案后 72 小时内表示未解决）的比例。'),
  rateCard('extensionRate', '延期率', (r) => r.extensionRate, (r) => r.extended, (r) => r.filed, '立案工单中至少有一次延期申请获批的比例。'),
  rateCard('satisfactionRate', '满意率', (r) => r.satisfactionRate, (r) => r.satisfied, (r) => r.rated, '立案工单中已评价的，评分 4 分及以上的比例：满意数 ÷ 评价数（以结案后的第一个评价为准）。'),
  {
    id: 'avgMinutesToFile',
    label: '平均立案用时',
    value: (r) => formatMinutes(r.avgMinutesToFile),
    definition: '立案工单从上报到立案的平均时长（自然时间，不扣除节假日）。',
  },
  {
    id: 'avgMinutesToDispatch',
    label: '平均派遣用时',
    value: (r) => formatMinutes(r.avgMinutesToDispatch),
    definition: '有派遣的立案工单，从立案到第一次派遣的平均时长（自然时间）。',
  },
  {
    id: 'avgMinutesToClose',
    label: '平均结案用时',
    value: (r) => formatMinutes(r.avgMinutesToClose),
    definition: '已结案的立案工单，从上报到结案的平均时长（自然时间）。',
  },
];

export const RESOLVED_DEFINITION =
  '已结案工单按解决层级的占比：网格（网格员当场处置，未经派遣）、街道（街道指挥中心派给网格员或街道级部门力量解决）、职能部门（派给区级职能部门解决）、区级（上报区指挥中心后解决）。';

export const RESOLVED_ORDER: ResolvedLevel[] = ['grid', 'street', 'department', 'district'];

/** `yyyy-mm-dd` of the Beijing day `offsetDays` from today. */
export function beijingToday(offsetDays = 0, now = Date.now()): string {
  return new Date(now + 8 * 3_600_000 + offsetDays * 86_400_000).toISOString().slice(0, 10);
}

export type PresetKey = 'last30' | 'thisMonth' | 'lastMonth' | 'thisQuarter' | 'thisYear' | 'last365' | 'custom';

export const PRESETS: Array<{ key: PresetKey; label: string }> = [
  { key: 'last30', label: '近 30 天' },
  { key: 'thisMonth', label: '本月' },
  { key: 'lastMonth', label: '上月' },
  { key: 'thisQuarter', label: '本季度' },
  { key: 'thisYear', label: '今年' },
  { key: 'last365', label: '近一年' },
  { key: 'custom', label: '自定义' },
];

/** The from / to days of a preset (Beijing days, both inclusive). */
export function presetPeriod(key: Exclude<PresetKey, 'custom'>, now = Date.now()): { from: string; to: string } {
  const today = beijingToday(0, now);
  const [y, m] = today.split('-').map(Number);
  const pad = (n: number) => String(n).padStart(2, '0');
  switch (key) {
    case 'last30':
      return { from: beijingToday(-29, now), to: today };
    case 'thisMonth':
      return { from: `${y}-${pad(m)}-01`, to: today };
    case 'lastMonth': {
      const py = m === 1 ? y - 1 : y;
      const pm = m === 1 ? 12 : m - 1;
      const last = new Date(Date.UTC(py, pm, 0)).getUTCDate();
      return { from: `${py}-${pad(pm)}-01`, to: `${py}-${pad(pm)}-${pad(last)}` };
    }
    case 'thisQuarter':
      return { from: `${y}-${pad(Math.floor((m - 1) / 3) * 3 + 1)}-01`, to: today };
    case 'thisYear':
      return { from: `${y}-01-01`, to: today };
    case 'last365':
      return { from: beijingToday(-364, now), to: today };
  }
}

/** Days in a period, both ends included. */
export function periodDays(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}
