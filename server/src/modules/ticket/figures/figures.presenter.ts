import { FIGURES_CSV_COLUMNS, FiguresResponse } from '@linli/shared';
import { csvCell } from '../../moderation/moderation.presenter';

/** Excel opens UTF-8 CSV correctly only with a byte-order mark. */
const BOM = '\uFEFF';

/**
 * The figures as CSV (UTF-8 with BOM, CRLF; docs/FIGURES.md): the header, the total row, then one row
 * per group. Rates are fractions (0.9903) and times minutes, as in the API; the period is in the file name.
 */
export function figuresCsv(f: FiguresResponse): string {
  const lines: string[] = [FIGURES_CSV_COLUMNS.map((c) => csvCell(c.header)).join(',')];
  for (const row of [f.total, ...f.groups]) {
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
