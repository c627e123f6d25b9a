import { HubDecimal } from '../../common/money';
import { availableBudget, checkBudget } from '../../subgraphs/funds/src/subsidy-budget/domain/budget-check';

const d = (text: string) => new HubDecimal(text);

describe('subsidy budget check', () => {
  it('counts an approved batch not posted yet as reserved, on top of the ledger balance', () => {
    expect(availableBudget({ balance: d('1000.00'), unposted: d('0'), returning: d('0') }).toFixed(2)).toBe('1000.00');
    expect(availableBudget({ balance: d('1000.00'), unposted: d('440.83'), returning: d('0') }).toFixed(2)).toBe('559.17');
  });

  it("counts a closed batch's failed lines as back before their ledger entry is posted", () => {
    expect(availableBudget({ balance: d('559.17'), unposted: d('0'), returning: d('176.33') }).toFixed(2)).toBe('735.50');
    // Approved and closed before either entry was posted (a crash): reserved in full, its failures back.
    expect(availableBudget({ balance: d('1000.00'), unposted: d('617.16'), returning: d('176.33') }).toFixed(2)).toBe('559.17');
  });

  it('covers a batch up to the fen, and names the shortfall beyond it', () => {
    expect(checkBudget({ balance: d('617.16'), unposted: d('0'), returning: d('0') }, d('617.16'))).toEqual({ available: d('617.16'), shortfall: null });
    const short = checkBudget({ balance: d('617.16'), unposted: d('0'), returning: d('0') }, d('617.17'));
    expect([short.available.toFixed(2), short.shortfall?.toFixed(2)]).toEqual(['617.16', '0.01']);
  });

  it('an overdrawn budget (approvals from before budgets were recorded) needs the overdraft made good too', () => {
    const check = checkBudget({ balance: d('-100.00'), unposted: d('0'), returning: d('0') }, d('50.00'));
    expect([check.available.toFixed(2), check.shortfall?.toFixed(2)]).toEqual(['-100.00', '150.00']);
  });
});
