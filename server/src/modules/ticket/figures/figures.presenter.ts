import { DEPARTMENTS, FIGURES_CSV_COLUMNS, FiguresResponse, TicketSourceLabelZh } from '@linli/shared';
import { beijingTime, csvCell } from '../../moderation/moderation.presenter';

/** Excel opens UTF-8 CSV correctly only with a byte-order mark. */
const BOM = '\uFEFF';

/**
 * The figures as CSV (UTF-8 with BOM, CRLF): a few lines naming the period and scope, the header, one
 * line per group and the total last. Rates are fractions (0.9903), as in the API.
 */
export function figuresCsv(f: FiguresResponse): string {
  const scope = [f.scope.street?.name, f.scope.community?.name].filter(Boolean).join(' ') || '全部辖区';
  const lines: string[] = [
    ['统计区间', `${f.from} 至 ${f.to}`].map(csvCell).join(','),
    ['范围', scope].map(csvCell).join(','),
  ];
  if (f.scope.categoryCode) lines.push(['类别', f.scope.categoryCode].map(csvCell).join(','));
  if (f.scope.department) lines.push(['部门', DEPARTMENTS.find((d) => d.code === f.scope.department)?.name ?? f.scope.department].map(csvCell).join(','));
  if (f.scope.source) lines.push(['来源', TicketSourceLabelZh[f.scope.source] ?? f.scope.source].map(csvCell).join(','));
  lines.push(['生成时间（北京时间）', beijingTime(new Date(f.generatedAt))].map(csvCell).join(','));
  lines.push('');
  lines.push(FIGURES_CSV_COLUMNS.map((c) => csvCell(c.header)).join(','));
  for (const row of [...f.groups, f.total]) {
    lines.push(FIGURES_CSV_COLUMNS.map((c) => csvCell(cellText(c.cell(row)))).join(','));
  }
  return BOM + lines.join('\r\n') + '\r\n';
}

function cellText(v: string | number | null): string {
  return v === null ? '' : String(v);
}

/** File name of the export: `figures-20260101-20261231.csv`. */
export function figuresFileName(f: Pick<FiguresResponse, 'from' | 'to'>): string {
  return `figures-${f.from.replace(/-/g, '')}-${f.to.replace(/-/g, '')}.csv`;
}
