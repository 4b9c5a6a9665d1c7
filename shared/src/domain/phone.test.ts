import { isMainlandMobile, maskPhone } from './phone';

describe('maskPhone', () => {
  it('masks the middle four digits of a mainland mobile', () => {
    expect(maskPhone('13812341234')).toBe('138****1234');
  });
  it('keeps only the last four characters of anything else', () => {
    expect(maskPhone('02581234567')).toBe('*******4567');
    expect(maskPhone('123')).toBe('***');
  });
  it('passes null and empty through as null', () => {
    expect(maskPhone(null)).toBeNull();
    expect(maskPhone('')).toBeNull();
  });
});

describe('isMainlandMobile', () => {
  it.each([
    ['13812341234', true],
    ['19912341234', true],
    ['12812341234', false],
    ['1381234123', false],
    ['138123412345', false],
    ['1381234123a', false],
  ])('%s -> %s', (phone, ok) => expect(isMainlandMobile(phone)).toBe(ok));
});
