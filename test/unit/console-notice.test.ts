import { chineseDate, noticePeriod, sumFen } from '../../console/src/notice';

describe("the public notice's period", () => {
  it('starts today in Asia/Shanghai, whatever the zone of the instant', () => {
    // 2026-12-02 17:30 UTC is already 2026-12-03 in Beijing.
    expect(noticePeriod(new Date('2026-12-02T17:30:00Z'), 7)).toEqual({ start: '2026-12-03', end: '2026-12-09' });
    expect(noticePeriod(new Date('2026-12-02T15:59:59Z'), 7)).toEqual({ start: '2026-12-02', end: '2026-12-08' });
  });

  it('counts the first day, crosses months and years, and refuses a length out of range', () => {
    expect(noticePeriod(new Date('2026-12-28T02:00:00Z'), 5)).toEqual({ start: '2026-12-28', end: '2027-01-01' });
    expect(noticePeriod(new Date('2028-02-27T02:00:00Z'), 3)).toEqual({ start: '2028-02-27', end: '2028-02-29' });
    expect(noticePeriod(new Date('2026-12-02T02:00:00Z'), 1)).toEqual({ start: '2026-12-02', end: '2026-12-02' });
    expect(() => noticePeriod(new Date(), 0)).toThrow('1 to 60 days');
    expect(() => noticePeriod(new Date(), 2.5)).toThrow();
  });

  it('writes a date as a notice does', () => {
    expect(chineseDate('2026-01-05')).toBe('2026年1月5日');
  });
});

describe("the subsidy notice's sums", () => {
  it('adds amounts to the fen exactly, and refuses anything else', () => {
    expect(sumFen(['0.1', '0.2'])).toBe('0.30');
    expect(sumFen(['440.83', '12', '1234.56'])).toBe('1687.39');
    expect(sumFen([])).toBe('0.00');
    expect(() => sumFen(['1.234'])).toThrow('not an amount to the fen');
    expect(() => sumFen(['-1.00'])).toThrow();
  });
});
