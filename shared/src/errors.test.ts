import { ErrorCode, ErrorMessageZh, ErrorStatus, isErrorCode } from './errors';

describe('error codes', () => {
  const codes = Object.values(ErrorCode);
  it('have a status and a Chinese message each', () => {
    for (const c of codes) {
      expect(ErrorStatus[c]).toBeGreaterThanOrEqual(400);
      expect(ErrorMessageZh[c]).toMatch(/[\u4e00-\u9fa5]/);
    }
    expect(Object.keys(ErrorStatus).sort()).toEqual([...codes].sort());
    expect(Object.keys(ErrorMessageZh).sort()).toEqual([...codes].sort());
  });
  it('recognises codes', () => {
    expect(isErrorCode('NOT_FOUND')).toBe(true);
    expect(isErrorCode('toString')).toBe(false);
    expect(isErrorCode(42)).toBe(false);
  });
});
