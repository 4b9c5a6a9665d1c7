import { checkDivisionRow, childLevel, parentLevel, parseDivisionCsv, splitCsvLine } from './division';

const row = (code: string, name: string, level: string, parentCode: string) => ({ code, name, level, parentCode });

describe('checkDivisionRow', () => {
  it('accepts the real Pukou rows', () => {
    expect(checkDivisionRow(row('320111', '浦口区', 'district', '3201'))).toBeNull();
    expect(checkDivisionRow(row('320111001', '泰山街道', 'street', '320111'))).toBeNull();
    expect(checkDivisionRow(row('320111001005', '津浦社区居委会', 'community', '320111001'))).toBeNull();
    expect(checkDivisionRow(row('320111001005001', '津浦社区第1网格', 'grid', '320111001005'))).toBeNull();
  });
  it('rejects an unknown level', () => {
    expect(checkDivisionRow(row('320111001', '泰山街道', 'town', '320111'))).toMatch(/层级/);
  });
  it('rejects a code of the wrong length for its level', () => {
    expect(checkDivisionRow(row('3201110010', '泰山街道', 'street', '320111'))).toMatch(/长度应为 9 位/);
  });
  it('rejects non-digit codes', () => {
    expect(checkDivisionRow(row('32011100A', '泰山街道', 'street', '320111'))).toMatch(/只含数字/);
  });
  it('rejects a child whose code does not start with its parent code', () => {
    expect(checkDivisionRow(row('320112001', '某街道', 'street', '320111'))).toMatch(/开头/);
  });
  it('rejects a parent code of the wrong level', () => {
    expect(checkDivisionRow(row('320111001005', '社区', 'community', '320111'))).toMatch(/开头|上一级/);
  });
  it('rejects empty and over-long names', () => {
    expect(checkDivisionRow(row('320111001', ' ', 'street', '320111'))).toMatch(/名称不能为空/);
    expect(checkDivisionRow(row('320111001', '长'.repeat(61), 'street', '320111'))).toMatch(/不能超过/);
  });
});

describe('levels', () => {
  it('walks the tree in both directions', () => {
    expect(childLevel('district')).toBe('street');
    expect(childLevel('grid')).toBeNull();
    expect(parentLevel('community')).toBe('street');
    expect(parentLevel('district')).toBeNull();
  });
});

describe('parseDivisionCsv', () => {
  it('reads rows with line numbers, a BOM, CRLF and blank lines', () => {
    const csv = '\uFEFFcode,name,level,parent_code\r\n320111,浦口区,district,3201\r\n\r\n320111001,"泰山街道",street,320111\r\n';
    const r = parseDivisionCsv(csv);
    expect(r.headerOk).toBe(true);
    expect(r.malformed).toEqual([]);
    expect(r.rows).toEqual([
      { line: 2, code: '320111', name: '浦口区', level: 'district', parentCode: '3201' },
      { line: 4, code: '320111001', name: '泰山街道', level: 'street', parentCode: '320111' },
    ]);
  });
  it('reports lines without four fields', () => {
    const r = parseDivisionCsv('code,name,level,parent_code\n320111,浦口区,district\n');
    expect(r.malformed).toEqual([{ line: 2, reason: '应有 4 列，实际 3 列' }]);
  });
  it('flags a wrong header', () => {
    expect(parseDivisionCsv('id,name,level,parent\n').headerOk).toBe(false);
  });
});

describe('splitCsvLine', () => {
  it('handles quotes, commas in quotes and doubled quotes', () => {
    expect(splitCsvLine('a,"b,c","d""e",')).toEqual(['a', 'b,c', 'd"e', '']);
  });
});
