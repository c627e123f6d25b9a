import type { DataSource } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import { badInput, forbidden } from '../../../../common/errors/hub-error';
import { BANK_CODE, COUNTY_CODE, UUID_PATTERN } from '../../../../common/codes';
import type { PiiProtector } from '../../../../common/pii/protector';
import { BankDirectoryRecord } from '../bank-directory/bank-directory.entity';
import { OneCardAccountRecord } from './one-card-account.entity';
import type { OneCardAccountFilter } from './one-card-account.input';
import { toOneCardAccountView } from './one-card-account.mapper';
import { oneCardAccountScope } from './one-card-account-scope';
import type { OneCardAccount } from './one-card-account.type';

export class OneCardAccountService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pii: PiiProtector,
  ) {}

  async list(caller: Caller, filter: OneCardAccountFilter, size: number, afterId: string | null): Promise<OneCardAccount[]> {
    const scope = oneCardAccountScope(caller);
    if (!scope) throw forbidden('regulators see aggregates only, not accounts');
    const query = this.dataSource.getRepository(OneCardAccountRecord).createQueryBuilder('a').where(scope.sql, scope.params);
    if (filter.countyCode != null) {
      if (!COUNTY_CODE.test(filter.countyCode)) throw badInput(`countyCode "${filter.countyCode}" is not a county code`, 'countyCode');
      query.andWhere('a.countyCode = :countyCode', { countyCode: filter.countyCode });
    }
    if (filter.issuingBankCode != null) {
      if (!BANK_CODE.test(filter.issuingBankCode)) throw badInput(`issuingBankCode "${filter.issuingBankCode}" is not a bank code`, 'issuingBankCode');
      query.andWhere('a.issuingBankCode = :bank', { bank: filter.issuingBankCode });
    }
    if (filter.status != null) query.andWhere('a.status = :status', { status: filter.status });
    if (afterId) query.andWhere('a.id > :afterId', { afterId });
    return (
      await query
        .orderBy('a.id', 'ASC')
        .limit(size + 1)
        .getMany()
    ).map((row) => toOneCardAccountView(row, this.pii));
  }

  /**
   * Accounts of many households in one statement, limited to the caller's scope, each with its
   * issuing bank's name from the bank directory (what `issuingBank { name }` answers: no second
   * statement for it on the federated path households → 一卡通 account → issuing bank).
   */
  async findByHouseholds(caller: Caller, householdIds: readonly string[]): Promise<OneCardAccount[]> {
    const scope = oneCardAccountScope(caller);
    const valid = householdIds.filter((id) => UUID_PATTERN.test(id));
    if (!scope || valid.length === 0) return [];
    const rows = (await this.dataSource
      .getRepository(OneCardAccountRecord)
      .createQueryBuilder('a')
      .leftJoinAndMapOne('a.issuingBankEntry', BankDirectoryRecord, 'd', 'd.code = a.issuingBankCode')
      .where(scope.sql, scope.params)
      .andWhere('a.householdId = ANY(:ids)', { ids: valid })
      .getMany()) as (OneCardAccountRecord & { issuingBankEntry?: BankDirectoryRecord | null })[];
    return rows.map((row) => toOneCardAccountView(row, this.pii, row.issuingBankEntry?.name));
  }
}
