import { UNIT_LEVELS, UnitLevel, UnitLimits } from '../constants/units';

/**
 * Rules for the jurisdiction tree, after the national administrative division codes (GB/T 2260 and
 * the statistical division codes): a county-level district has 6 digits, a street (township) 9, a
 * community (village) 12. Grids have no national code; Linli gives them the community code plus a
 * 3-digit sequence (15 digits).
 */
export const CODE_LENGTH: Record<UnitLevel, number> = {
  district: 6,
  street: 9,
  community: 12,
  grid: 15,
};

/** The level directly below `level`, or null for grids. */
export function childLevel(level: UnitLevel): UnitLevel | null {
  const i = UNIT_LEVELS.indexOf(level);
  return i >= 0 && i < UNIT_LEVELS.length - 1 ? UNIT_LEVELS[i + 1] : null;
}

/** The level directly above `level`, or null for districts. */
export function parentLevel(level: UnitLevel): UnitLevel | null {
  const i = UNIT_LEVELS.indexOf(level);
  return i > 0 ? UNIT_LEVELS[i - 1] : null;
}

export function isUnitLevel(value: string): value is UnitLevel {
  return (UNIT_LEVELS as readonly string[]).includes(value);
}

export interface DivisionRow {
  code: string;
  name: string;
  level: string;
  parentCode: string;
}

/**
 * Checks one division row on its own (not against the tree). Returns a Chinese reason, or null when
 * the row is well formed. The parent check against existing units is the importer's job.
 */
export function checkDivisionRow(row: DivisionRow): string | null {
  const code = row.code.trim();
  const name = row.name.trim();
  const level = row.level.trim();
  const parentCode = row.parentCode.trim();
  if (!isUnitLevel(level)) return `层级“${level}”无效，应为 district、street、community 或 grid`;
  if (!/^\d+$/.test(code)) return `编码“${code}”应只含数字`;
  if (code.length !== CODE_LENGTH[level]) {
    return `编码“${code}”长度应为 ${CODE_LENGTH[level]} 位（${level}）`;
  }
  if (!name) return '名称不能为空';
  if (name.length > UnitLimits.nameMaxLength) return `名称不能超过 ${UnitLimits.nameMaxLength} 个字`;
  if (!/^\d+$/.test(parentCode)) return `上级编码“${parentCode}”应只含数字`;
  if (level !== 'district') {
    if (!code.startsWith(parentCode)) return `编码“${code}”应以上级编码“${parentCode}”开头`;
    const expected = CODE_LENGTH[parentLevel(level) as UnitLevel];
    if (parentCode.length !== expected) return `上级编码“${parentCode}”不是上一级辖区的编码`;
  }
  return null;
}

/**
 * Parses the division CSV (`code,name,level,parent_code`, a header line, UTF-8, optional BOM,
 * optional double quotes). Returns rows with their 1-based line numbers, and lines that could not be
 * split into four fields.
 */
export function parseDivisionCsv(text: string): {
  rows: Array<DivisionRow & { line: number }>;
  malformed: Array<{ line: number; reason: string }>;
  headerOk: boolean;
} {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const rows: Array<DivisionRow & { line: number }> = [];
  const malformed: Array<{ line: number; reason: string }> = [];
  const header = splitCsvLine(lines[0] ?? '').map((h) => h.trim().toLowerCase());
  const headerOk = header.join(',') === 'code,name,level,parent_code';
  for (let i = 1; i < lines.length; i++) {
    const raw = lines[i];
    if (!raw.trim()) continue;
    const fields = splitCsvLine(raw);
    if (fields.length !== 4) {
      malformed.push({ line: i + 1, reason: `应有 4 列，实际 ${fields.length} 列` });
      continue;
    }
    const [code, name, level, parentCode] = fields.map((f) => f.trim());
    rows.push({ line: i + 1, code, name, level, parentCode });
  }
  return { rows, malformed, headerOk };
}

/** Splits one CSV line, honouring double quotes ("" inside quotes is a quote). */
export function splitCsvLine(line: string): string[] {
  const out: string[] = [];
  let cur = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const ch = line[i];
    if (quoted) {
      if (ch === '"' && line[i + 1] === '"') {
        cur += '"';
        i++;
      } else if (ch === '"') quoted = false;
      else cur += ch;
    } else if (ch === '"') quoted = true;
    else if (ch === ',') {
      out.push(cur);
      cur = '';
    } else cur += ch;
  }
  out.push(cur);
  return out;
}
