import Decimal from 'decimal.js';
import { receivableStanding, recoverReceivables } from '../../subgraphs/funds/src/subsidy/domain/receivable-recovery';

const d = (text: string) => new Decimal(text);
const line = (id: string, householdId: string, pays: string) => ({ id, householdId, pays: d(pays) });
const owed = (id: string, householdId: string, open: string, since: string) => ({ id, householdId, open: d(open), since });
const text = (map: Map<string, Decimal>) => Object.fromEntries([...map].map(([k, v]) => [k, v.toFixed(2)]));

describe('receivables are recovered from the same household only, oldest first, never below zero', () => {
  it('withholds an open receivable from its own household’s lines in line order; another household is paid in full', () => {
    const result = recoverReceivables([line('7', 'A', '100.00'), line('3', 'A', '50.00'), line('5', 'B', '176.33')], [owed('r1', 'A', '120.00', '2026-07-01')]);
    expect(text(result.withheld)).toEqual({ '3': '50.00', '7': '70.00' });
    expect(text(result.recovered)).toEqual({ r1: '120.00' });
  });

  it('stops at what the household is paid: the rest stays open', () => {
    const result = recoverReceivables([line('1', 'A', '100.00')], [owed('r1', 'A', '340.83', '2026-07-01')]);
    expect(text(result.withheld)).toEqual({ '1': '100.00' });
    expect(text(result.recovered)).toEqual({ r1: '100.00' });
  });

  it('recovers the oldest receivable first', () => {
    const result = recoverReceivables([line('1', 'A', '60.00')], [owed('new', 'A', '50.00', '2026-10-01'), owed('old', 'A', '40.00', '2026-07-01')]);
    expect(text(result.recovered)).toEqual({ old: '40.00', new: '20.00' });
    expect(text(result.withheld)).toEqual({ '1': '60.00' });
  });

  it('recovers nothing from a household with nothing payable, and takes nothing from lines that pay 0', () => {
    const result = recoverReceivables([line('1', 'A', '0.00'), line('2', 'B', '80.00')], [owed('r1', 'A', '30.00', '2026-07-01')]);
    expect(result.withheld.size).toBe(0);
    expect(result.recovered.size).toBe(0);
  });

  it('refuses amounts not to the fen', () => {
    expect(() => recoverReceivables([line('1', 'A', '1.005')], [])).toThrow(RangeError);
    expect(() => recoverReceivables([], [owed('r', 'A', '-1.00', 'x')])).toThrow(RangeError);
  });
});

describe('a receivable’s standing comes from the history that stands', () => {
  it('is open until netting and repayments cover it, then settled', () => {
    expect(receivableStanding(d('340.83'), [{ kind: 'NETTED', amount: d('100.00'), stands: true }], true)).toEqual({ status: 'OPEN', open: d('240.83') });
    const settled = receivableStanding(
      d('340.83'),
      [
        { kind: 'NETTED', amount: d('100.00'), stands: true },
        { kind: 'REPAID', amount: d('240.83'), stands: true },
      ],
      true,
    );
    expect(settled.status).toBe('SETTLED');
    expect(settled.open.toFixed(2)).toBe('0.00');
  });

  it('does not count a superseded run’s netting', () => {
    const standing = receivableStanding(d('50.00'), [{ kind: 'NETTED', amount: d('50.00'), stands: false }], true);
    expect(standing.status).toBe('OPEN');
    expect(standing.open.toFixed(2)).toBe('50.00');
  });

  it('is written off by decision, and void when the run that found it was superseded', () => {
    expect(receivableStanding(d('50.00'), [{ kind: 'WRITTEN_OFF', amount: d('50.00'), stands: true }], true).status).toBe('WRITTEN_OFF');
    expect(receivableStanding(d('50.00'), [], false)).toEqual({ status: 'VOID', open: d('0') });
  });
});
