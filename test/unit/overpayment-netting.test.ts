import Decimal from 'decimal.js';
import { netOverpayments, type NettableLine } from '../../subgraphs/funds/src/subsidy/domain/overpayment-netting';

const line = (id: string, householdId: string, subsidy: string): NettableLine => ({ id, householdId, subsidy: new Decimal(subsidy) });
const netted = (result: ReturnType<typeof netOverpayments>) => Object.fromEntries([...result.netted].map(([id, amount]) => [id, amount.toFixed(2)]));
const households = (result: ReturnType<typeof netOverpayments>) =>
  result.households.map((h) => [h.householdId, h.payable.toFixed(2), h.overpaid.toFixed(2), h.netted.toFixed(2), h.pays.toFixed(2), h.receivable.toFixed(2)]);

describe('overpayments are netted only against the same household, never below zero', () => {
  it("nets a household's overpayment against its own payable lines: the other households are paid in full", () => {
    const result = netOverpayments([line('1', 'A', '440.83'), line('2', 'B', '176.33'), line('3', 'A', '-50.83')]);
    expect(netted(result)).toEqual({ '1': '50.83', '3': '50.83' });
    expect(households(result)).toEqual([
      ['A', '440.83', '50.83', '50.83', '390.00', '0.00'],
      ['B', '176.33', '0.00', '0.00', '176.33', '0.00'],
    ]);
  });

  it('stops at zero for the household: what is left is a receivable, and another household is not touched', () => {
    // A's 340.83 overpayment against 100.00 payable: A is paid nothing, 240.83 is owed back; B keeps its 176.33.
    const result = netOverpayments([line('1', 'A', '100.00'), line('2', 'B', '176.33'), line('3', 'A', '-340.83')]);
    expect(netted(result)).toEqual({ '1': '100.00', '3': '100.00' });
    expect(households(result)).toEqual([
      ['A', '100.00', '340.83', '100.00', '0.00', '240.83'],
      ['B', '176.33', '0.00', '0.00', '176.33', '0.00'],
    ]);
    // A household with only an overpayment: all of it is receivable, nothing is netted.
    const alone = netOverpayments([line('7', 'C', '-12.34'), line('8', 'D', '5.00')]);
    expect(netted(alone)).toEqual({});
    expect(households(alone)[0]).toEqual(['C', '0.00', '12.34', '0.00', '0.00', '12.34']);
  });

  it('withholds from payable lines and recovers overpayments in line order (numeric ids), each as far as it goes, to the fen', () => {
    const result = netOverpayments([
      line('10', 'A', '30.00'),
      line('9', 'A', '20.01'),
      line('100', 'A', '0.00'),
      line('11', 'A', '-25.00'),
      line('12', 'A', '-40.00'),
    ]);
    // 50.01 payable against 65.00 overpaid: line 9 (before 10) gives 20.01, line 10 gives 30.00; line 11 is recovered in full, 12 for 25.01.
    expect(netted(result)).toEqual({ '9': '20.01', '10': '30.00', '11': '25.00', '12': '25.01' });
    expect(households(result)).toEqual([['A', '50.01', '65.00', '50.01', '0.00', '14.99']]);
    // Per household what is withheld equals what is recovered.
    const withheld = ['9', '10'].reduce((sum, id) => sum.plus(result.netted.get(id)!), new Decimal(0));
    const recovered = ['11', '12'].reduce((sum, id) => sum.plus(result.netted.get(id)!), new Decimal(0));
    expect(withheld.equals(recovered)).toBe(true);
  });

  it('nets nothing without an overpayment, and refuses an amount that is not to the fen', () => {
    expect(netted(netOverpayments([line('1', 'A', '10.00'), line('2', 'A', '0.00')]))).toEqual({});
    expect(() => netOverpayments([line('1', 'A', '0.001')])).toThrow(RangeError);
  });
});
