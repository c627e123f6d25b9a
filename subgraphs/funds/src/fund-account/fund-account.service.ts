import type { DataSource } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import { COUNTY_CODE } from '../../../../common/codes';
import { badInput, forbidden } from '../../../../common/errors/hub-error';
import { riskFundAccountCode, RiskFundService } from '../risk-fund/risk-fund.service';
import { FundAccountRecord } from './fund-account.entity';
import { HubDecimal } from '../../../../common/money';
import type { FundAccount, FundAccountMovement } from './fund-account.type';

export class FundAccountService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly riskFunds: RiskFundService,
  ) {}

  /** Fund accounts of the caller's counties (or, for a bank, those it holds). */
  async list(caller: Caller, countyCode: string | null): Promise<FundAccount[]> {
    const query = this.dataSource.getRepository(FundAccountRecord).createQueryBuilder('f');
    switch (caller.role) {
      case 'admin':
        break;
      case 'bureau':
      case 'finance':
        query.where('f.county_code = ANY(:counties)', { counties: caller.counties });
        break;
      case 'bank':
        query.where('f.bank_code = :bank', { bank: caller.bank });
        break;
      case 'regulator':
        throw forbidden('regulators see aggregates only');
    }
    if (countyCode != null) {
      if (!COUNTY_CODE.test(countyCode)) throw badInput(`countyCode "${countyCode}" is not a county code`, 'countyCode');
      query.andWhere('f.countyCode = :countyCode', { countyCode });
    }
    const rows = await query.orderBy('f.countyCode').addOrderBy('f.bankCode').addOrderBy('f.kind').getMany();
    // One statement for every account's balance, whatever the list's length.
    const balances = await this.riskFunds.balances(rows);
    return rows.map((row) => ({
      id: row.id,
      accountCode: riskFundAccountCode(row.countyCode, row.bankCode),
      countyCode: row.countyCode,
      bankCode: row.bankCode,
      kind: row.kind,
      openedOn: row.openedOn,
      balance: balances.get(riskFundAccountCode(row.countyCode, row.bankCode))!,
    }));
  }

  /**
   * The accounts' statements in one statement whatever their number: each account's latest `first`
   * entries effective in the window (both days included, either open), newest first, each with
   * the balance after it over the account's whole history.
   */
  async movements(accountCodes: readonly string[], window: { from: string | null; to: string | null; first: number }): Promise<FundAccountMovement[]> {
    const rows: Record<string, string>[] = await this.dataSource.query(
      `WITH moves AS (
         SELECT a.code, e.id AS entry_id, to_char(e.effective_date, 'YYYY-MM-DD') AS effective_date, e.reason_code, e.description, p.amount,
                sum(p.amount) OVER (PARTITION BY a.code ORDER BY e.effective_date, e.created_at, e.id) AS balance_after, e.effective_date AS day, e.created_at, e.id
         FROM funds.ledger_accounts a JOIN funds.postings p ON p.account_id = a.id JOIN funds.journal_entries e ON e.id = p.entry_id
         WHERE a.code = ANY($1::text[])),
       shown AS (
         SELECT *, row_number() OVER (PARTITION BY code ORDER BY day DESC, created_at DESC, id DESC) AS n FROM moves
         WHERE ($2::date IS NULL OR day >= $2::date) AND ($3::date IS NULL OR day <= $3::date))
       SELECT code, entry_id, effective_date, reason_code, description, amount::text, balance_after::text FROM shown WHERE n <= $4 ORDER BY code, n`,
      [[...accountCodes], window.from, window.to, window.first],
    );
    return rows.map((r) => ({
      accountCode: r.code,
      entryId: r.entry_id,
      effectiveDate: r.effective_date,
      reasonCode: r.reason_code,
      description: r.description,
      amount: new HubDecimal(r.amount),
      balanceAfter: new HubDecimal(r.balance_after),
    }));
  }
}
