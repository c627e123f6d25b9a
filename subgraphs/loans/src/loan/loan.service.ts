import type { DataSource } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import { badInput, forbidden, HubError } from '../../../../common/errors/hub-error';
import { BANK_CODE, COUNTY_CODE, TOWNSHIP_CODE, UUID_PATTERN } from '../../../../common/codes';
import { LoanRecord } from './loan.entity';
import type { LoanFilter } from './loan.input';
import { toLoanView } from './loan.mapper';
import { loanScope } from './loan-scope';
import type { InterestPayment, Loan, LoanStatusEvent } from './loan.type';
import { LoanInterestPaymentRecord } from './loan-interest-payment.entity';
import { LoanStatusEventRecord } from './loan-status-event.entity';

const FILTER_PATTERNS = { bankCode: BANK_CODE, countyCode: COUNTY_CODE, townshipCode: TOWNSHIP_CODE, householdId: UUID_PATTERN } as const;

export class LoanService {
  constructor(private readonly dataSource: DataSource) {}

  async list(caller: Caller, filter: LoanFilter, size: number, afterId: string | null): Promise<Loan[]> {
    const scope = loanScope(caller);
    if (!scope) throw forbidden('regulators see aggregates only, not loan rows');
    // Asked outright for another bank's loans, a bank is told so rather than shown an empty page.
    if (caller.role === 'bank' && filter.bankCode != null && filter.bankCode !== caller.bank) {
      throw new HubError('FORBIDDEN', `a bank sees its own loans only: bankCode ${filter.bankCode} is not yours (${caller.bank})`, {
        field: 'bankCode',
        zh: `银行只能查看本行贷款：${filter.bankCode} 不是本行（${caller.bank}）`,
      });
    }
    const query = this.dataSource.getRepository(LoanRecord).createQueryBuilder('l').where(scope.sql, scope.params);
    for (const field of ['bankCode', 'countyCode', 'townshipCode', 'householdId'] as const) {
      const value = filter[field];
      if (value == null) continue;
      if (!FILTER_PATTERNS[field].test(value)) throw badInput(`${field} "${value}" is not valid`, field);
      query.andWhere(`l.${field} = :${field}`, { [field]: value });
    }
    if (filter.status != null) query.andWhere('l.status = :status', { status: filter.status });
    if (filter.flag != null) {
      if (!/^[A-Z_]{2,40}$/.test(filter.flag)) throw badInput(`flag "${filter.flag}" is not a rule code`, 'flag');
      query.andWhere('l.flagCodes @> ARRAY[:flag]::text[]', { flag: filter.flag });
    }
    if (filter.flagged != null) query.andWhere(filter.flagged ? 'cardinality(l.flagCodes) > 0' : 'cardinality(l.flagCodes) = 0');
    if (afterId) query.andWhere('l.id > :afterId', { afterId });
    return (
      await query
        .orderBy('l.id', 'ASC')
        .limit(size + 1)
        .getMany()
    ).map(toLoanView);
  }

  async findByIds(caller: Caller, ids: readonly string[]): Promise<Loan[]> {
    const scope = loanScope(caller);
    const valid = ids.filter((id) => UUID_PATTERN.test(id));
    if (!scope || valid.length === 0) return [];
    const rows = await this.dataSource
      .getRepository(LoanRecord)
      .createQueryBuilder('l')
      .where(scope.sql, scope.params)
      .andWhere('l.id = ANY(:ids)', { ids: valid })
      .getMany();
    return rows.map(toLoanView);
  }

  /** Status histories of many loans in one statement (ids come from rows the caller could already see). */
  async statusEvents(loanIds: readonly string[]): Promise<LoanStatusEvent[]> {
    const rows = await this.dataSource
      .getRepository(LoanStatusEventRecord)
      .createQueryBuilder('e')
      .where('e.loanId = ANY(:ids)', { ids: [...loanIds] })
      .orderBy('e.recordVersion', 'ASC')
      .getMany();
    return rows.map((e) => ({
      loanId: e.loanId,
      recordVersion: e.recordVersion,
      fromStatus: e.fromStatus,
      toStatus: e.toStatus,
      statusDate: e.statusDate,
      source: e.source,
      recordedAt: e.recordedAt,
    }));
  }

  async interestPayments(loanIds: readonly string[]): Promise<InterestPayment[]> {
    const rows = await this.dataSource
      .getRepository(LoanInterestPaymentRecord)
      .createQueryBuilder('p')
      .where('p.loanId = ANY(:ids)', { ids: [...loanIds] })
      .orderBy('p.settlementDate', 'ASC')
      .getMany();
    return rows.map((p) => ({
      loanId: p.loanId,
      settlementDate: p.settlementDate,
      periodStart: p.periodStart,
      interestPaid: p.interestPaid,
      overdueInterestPaid: p.overdueInterestPaid,
    }));
  }

  /** Loans of many households in one statement, limited to the caller's scope. */
  async findByHouseholds(caller: Caller, householdIds: readonly string[]): Promise<Loan[]> {
    const scope = loanScope(caller);
    const valid = householdIds.filter((id) => UUID_PATTERN.test(id));
    if (!scope || valid.length === 0) return [];
    const rows = await this.dataSource
      .getRepository(LoanRecord)
      .createQueryBuilder('l')
      .where(scope.sql, scope.params)
      .andWhere('l.householdId = ANY(:ids)', { ids: valid })
      .orderBy('l.contractDate', 'ASC')
      .addOrderBy('l.id', 'ASC')
      .getMany();
    return rows.map(toLoanView);
  }
}
