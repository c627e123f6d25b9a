import { isInForce, mostSpecificInForce } from '../../common/domain/regional-rule';

const v = (id: string, regionCode: string, effectiveFrom: string, effectiveTo: string | null = null) => ({ id, regionCode, effectiveFrom, effectiveTo });

describe('the most specific regional rule in force', () => {
  it('is in force from its first day, and no longer on its end day', () => {
    expect([
      isInForce(v('a', '53', '2025-01-01', '2026-01-01'), '2024-12-31'),
      isInForce(v('a', '53', '2025-01-01', '2026-01-01'), '2025-01-01'),
      isInForce(v('a', '53', '2025-01-01', '2026-01-01'), '2026-01-01'),
    ]).toEqual([false, true, false]);
  });

  it("takes the county's own over its prefecture's, province's and the national one, whatever the order", () => {
    const versions = [
      v('nation', '', '2020-01-01'),
      v('county', '532301', '2024-01-01'),
      v('province', '53', '2021-01-01'),
      v('prefecture', '5323', '2022-01-01'),
    ];
    expect(mostSpecificInForce(versions, '532301', '2025-06-30')?.id).toBe('county');
    expect(mostSpecificInForce(versions, '532322', '2025-06-30')?.id).toBe('prefecture');
    expect(mostSpecificInForce(versions, '530102', '2025-06-30')?.id).toBe('province');
    expect(mostSpecificInForce(versions, '500237', '2025-06-30')?.id).toBe('nation');
    // Before the county's own began, its prefecture's applies.
    expect(mostSpecificInForce(versions, '532301', '2023-12-31')?.id).toBe('prefecture');
    expect(mostSpecificInForce([v('county', '532301', '2024-01-01')], '532322', '2025-01-01')).toBeNull();
  });

  it('of one region’s versions in force the same day, takes the later effectiveFrom; of equal dates, the later listed', () => {
    expect(mostSpecificInForce([v('newer', '5323', '2024-07-01'), v('older', '5323', '2020-01-01')], '532301', '2025-01-01')?.id).toBe('newer');
    expect(mostSpecificInForce([v('older', '5323', '2020-01-01'), v('newer', '5323', '2024-07-01')], '532301', '2025-01-01')?.id).toBe('newer');
    expect(mostSpecificInForce([v('first', '5323', '2024-07-01'), v('second', '5323', '2024-07-01')], '532301', '2025-01-01')?.id).toBe('second');
  });
});
