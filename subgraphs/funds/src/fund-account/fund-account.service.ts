import type { DataSource } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import { COUNTY_CODE } from '../../../../common/codes';
import { badInput, forbidden } from '../../../../common/graphql/errors';
import { riskFundAccountCode, RiskFundService } from '../risk-fund/risk-fund.service';
import { FundAccountRecord } from './fund-account.entity';
import type { FundAccount } from './fund-account.type';

export class FundAccountService {
  constructor(private readonly dataSource: DataSource) {}

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
    const balances = await new RiskFundService(this.dataSource).balances(rows);
    return rows.map((row) => ({
      id: row.id,
      countyCode: row.countyCode,
      bankCode: row.bankCode,
      kind: row.kind,
      openedOn: row.openedOn,
      balance: balances.get(riskFundAccountCode(row.countyCode, row.bankCode))!,
    }));
  }
}
