/** The regulator pages' plain helpers: months in Asia/Shanghai, rates as percentages on the digits, the NPL tolerance line. */
import { above, addMonths, defaultRange, formatRate, monthOptions, timesHundred, toleranceLine } from '../../console/src/pages/regulator-common';

describe('regulator-common', () => {
  it('counts months across years, and offers the month just ended first, in China whatever the machine clock', () => {
    expect(addMonths('2026-01', -1)).toBe('2025-12');
    expect(addMonths('2025-12', 1)).toBe('2026-01');
    expect(addMonths('2026-03', -14)).toBe('2025-01');
    // 2026-01-31 17:00 UTC is already 1 February in Beijing: the month just ended is January.
    const instant = new Date('2026-01-31T17:00:00Z');
    expect(monthOptions(instant)[0]).toBe('2026-01');
    expect(monthOptions(instant)).toHaveLength(36);
    expect(defaultRange(instant)).toEqual({ from: '2025-02', to: '2026-01' });
  });

  it('shows rates as percentages to the hundredth, rounding half up on the digits', () => {
    expect(timesHundred('0.1')).toBe('10');
    expect(timesHundred('0.034567')).toBe('3.4567');
    expect(timesHundred('1.00')).toBe('100');
    expect(formatRate('0.10')).toBe('10.00%');
    expect(formatRate('0.034567')).toBe('3.46%');
    expect(formatRate('0.000050')).toBe('0.01%');
    expect(formatRate('0.6818')).toBe('68.18%');
    expect(formatRate(null)).toBe('—');
  });

  it('draws the tolerance line at the bank’s own target plus the tolerated points, and none without either', () => {
    expect(toleranceLine('0.015', '3.00')).toBe('0.045000');
    expect(toleranceLine('0.0125', '2.50')).toBe('0.037500');
    expect(toleranceLine(null, '3.00')).toBeNull();
    expect(toleranceLine('0.015', null)).toBeNull();
    // At the line is within it (以内 includes the bound); above it is not.
    expect(above('0.045', '0.045000')).toBe(false);
    expect(above('0.045001', '0.045000')).toBe(true);
    expect(above('0.5', null)).toBe(false);
  });
});
