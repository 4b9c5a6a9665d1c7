import { beijingDayKey, formatTicketNumber, isTicketNumber, parseTicketNumber } from './ticket-number';

describe('ticket numbers', () => {
  it('use the Beijing day of filing', () => {
    // 2026-11-23 23:59 Beijing is still the 23rd; 16:00 UTC is already the 24th in Beijing.
    expect(beijingDayKey(new Date('2026-11-23T15:59:59.999Z'))).toBe('20261123');
    expect(beijingDayKey(new Date('2026-11-23T16:00:00.000Z'))).toBe('20261124');
    expect(formatTicketNumber('320111001', new Date('2026-11-23T02:00:00Z'), 7)).toBe('320111001-20261123-0007');
    expect(formatTicketNumber('320111001', new Date('2026-12-31T16:30:00Z'), 1)).toBe('320111001-20270101-0001');
  });
  it('grow past 9999 instead of wrapping', () => {
    expect(formatTicketNumber('320111001', new Date('2026-11-23T02:00:00Z'), 12345)).toBe('320111001-20261123-12345');
  });
  it('refuse bad inputs', () => {
    expect(() => formatTicketNumber('abc', new Date(), 1)).toThrow();
    expect(() => formatTicketNumber('320111001', new Date(), 0)).toThrow();
    expect(() => formatTicketNumber('320111001', new Date(), 1.5)).toThrow();
  });
  it('parse back', () => {
    expect(parseTicketNumber('320111001-20261123-0007')).toEqual({ streetCode: '320111001', day: '20261123', seq: 7 });
    expect(parseTicketNumber(' 320111001-20261123-12345 ')).toEqual({ streetCode: '320111001', day: '20261123', seq: 12345 });
    expect(parseTicketNumber('320111001-20260230-0001')).toBeNull();
    expect(parseTicketNumber('320111001-20261123-0000')).toBeNull();
    expect(parseTicketNumber('320111001-2026112-0001')).toBeNull();
    expect(parseTicketNumber('320111001-20261123-01')).toBeNull();
    expect(isTicketNumber('x')).toBe(false);
    expect(isTicketNumber('320111001-20261123-0001')).toBe(true);
  });
});
