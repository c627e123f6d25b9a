/**
 * Reading claims: a county's list, shown to the banks that filed them (each its own), the county's
 * bureau and finance bureau and admins (claims are confidential, 004 第二十一条); and the lines,
 * recoveries and events of a batch of claims, one statement each (the resolver's DataLoaders).
 */
import type { DataSource } from 'typeorm';
import { type Caller, isCountyOfficial } from '../../../../common/auth/caller';
import { forbidden } from '../../../../common/errors/hub-error';
import { RiskFundClaimEventRecord, RiskFundClaimLineRecord, RiskFundClaimRecord, RiskFundRecoveryRecord } from './risk-fund-claim.entity';

export class RiskFundClaimQueryService {
  constructor(private readonly dataSource: DataSource) {}

  async list(caller: Caller, countyCode: string): Promise<RiskFundClaimRecord[]> {
    return this.scoped(caller, countyCode).orderBy('c.createdAt', 'DESC').getMany();
  }

  /**
   * The same claims in pages, newest first (then by id), optionally one status: keyset from the
   * place of the claim the cursor names (its id), `size + 1` rows (the extra says more follow).
   */
  async page(caller: Caller, countyCode: string, status: string | null, size: number, afterId: string | null): Promise<RiskFundClaimRecord[]> {
    const query = this.scoped(caller, countyCode);
    if (status != null) query.andWhere('c.status = :status', { status });
    if (afterId)
      query.andWhere(
        `EXISTS (SELECT 1 FROM funds.risk_fund_claims a WHERE a.id = :afterId AND (c.createdAt < a.created_at OR (c.createdAt = a.created_at AND c.id < a.id)))`,
        { afterId },
      );
    return query
      .orderBy('c.createdAt', 'DESC')
      .addOrderBy('c.id', 'DESC')
      .limit(size + 1)
      .getMany();
  }

  private scoped(caller: Caller, countyCode: string) {
    const query = this.dataSource.getRepository(RiskFundClaimRecord).createQueryBuilder('c').where('c.countyCode = :countyCode', { countyCode });
    if (caller.role === 'bank') query.andWhere('c.bankCode = :bank', { bank: caller.bank });
    else if (!isCountyOfficial(caller, countyCode)) {
      throw forbidden(
        `the risk-fund claims of county ${countyCode} are confidential: shown to the banks that filed them, its bureau, its finance bureau and admins`,
      );
    }
    return query;
  }

  async lines(claimIds: readonly string[]): Promise<RiskFundClaimLineRecord[]> {
    return this.dataSource
      .getRepository(RiskFundClaimLineRecord)
      .createQueryBuilder('l')
      .where('l.claimId IN (:...ids)', { ids: [...claimIds] })
      .orderBy('l.id')
      .getMany();
  }

  async recoveries(claimIds: readonly string[]): Promise<RiskFundRecoveryRecord[]> {
    return this.dataSource
      .getRepository(RiskFundRecoveryRecord)
      .createQueryBuilder('r')
      .where('r.claimId IN (:...ids)', { ids: [...claimIds] })
      .orderBy('r.reportedAt')
      .getMany();
  }

  async events(claimIds: readonly string[]): Promise<RiskFundClaimEventRecord[]> {
    return this.dataSource
      .getRepository(RiskFundClaimEventRecord)
      .createQueryBuilder('e')
      .where('e.claimId IN (:...ids)', { ids: [...claimIds] })
      .orderBy('e.id')
      .getMany();
  }
}
