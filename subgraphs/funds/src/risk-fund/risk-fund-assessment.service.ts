/**
 * The daily assessment of each bank's lending against the county's fund: leverage (loans ≤ the
 * multiple × fund, and the top-up that restores it, with its deadline) and the NPL rate against
 * the compensation trigger and the pause-lending threshold, under the rules in force that day.
 * The loans side's figures come in through the job (funds never reads the loans tables).
 */
import type { DataSource } from 'typeorm';
import type { PortfolioPosition } from '../../../../contracts/risk-fund/loan-facts';
import { type Caller, isCountyOfficial } from '../../../../common/auth/caller';
import { HubDecimal } from '../../../../common/money';
import { assessLeverage, assessNpl } from './domain/leverage';
import { RiskFundAssessmentRecord } from './risk-fund-assessment.entity';
import { riskFundAccountCode, RiskFundService } from './risk-fund.service';
import { nplTargetKey, ReferenceFiguresService } from './reference/reference-figures.service';
import { quarterOfDate, quarterStart } from '../subsidy/domain/settlement-window';
import { forbidden } from '../../../../common/errors/hub-error';

export interface AssessmentAlert {
  countyCode: string;
  bankCode: string;
  kind: 'LEVERAGE_BREACH' | 'TOP_UP_OVERDUE' | 'NPL_TRIGGER' | 'PAUSE_LENDING';
  record: RiskFundAssessmentRecord;
}

export class RiskFundAssessmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly riskFunds: RiskFundService,
    private readonly figures: ReferenceFiguresService,
  ) {}

  /** Assesses every position on the day and stores it (again on a rerun: the day's row is replaced); returns what needs telling. */
  async assess(
    positions: Pick<PortfolioPosition, 'countyCode' | 'bankCode' | 'loanBalance' | 'nplBalance'>[],
    assessedOn: string,
  ): Promise<{ assessed: number; withoutRules: string[]; alerts: AssessmentAlert[] }> {
    const rulesByCounty = await this.riskFunds.rulesInForceFor([...new Set(positions.map((p) => p.countyCode))], assessedOn);
    const withRules = positions.filter((p) => rulesByCounty.get(p.countyCode));
    const funds = await this.riskFunds.balances(withRules);
    // The pause rule measures against each bank's own target for the year (004 第十三条), as the bank recorded it.
    const year = Number(assessedOn.slice(0, 4));
    const targets = await this.figures.nplTargets([...new Set(withRules.map((p) => p.bankCode))].map((bankCode) => ({ bankCode, year })));
    // A fund drawn down by a claim paid this quarter is topped up on the after-compensation timetable (004 第七条).
    const compensated: { county_code: string; bank_code: string }[] = await this.dataSource.query(
      `SELECT DISTINCT c.county_code, c.bank_code FROM funds.risk_fund_claims c JOIN funds.risk_fund_claim_events e ON e.claim_id = c.id AND e.step = 'PAID'
       WHERE (e.at AT TIME ZONE 'Asia/Shanghai')::date BETWEEN $1::date AND $2::date`,
      [quarterStart(quarterOfDate(assessedOn)), assessedOn],
    );
    const afterCompensation = new Set(compensated.map((r) => `${r.county_code} ${r.bank_code}`));
    // A breach that was there at the previous assessment goes on: its deadline counts from its first day.
    // (One index seek per bank in the county through the primary key, whatever the history's length.)
    const previous: { county_code: string; bank_code: string; since: string | null }[] = await this.dataSource.query(
      `SELECT w.county_code, w.bank_code, last.since FROM unnest($2::text[], $3::text[]) AS w(county_code, bank_code)
       CROSS JOIN LATERAL (
         SELECT CASE WHEN a.breach THEN to_char(coalesce(a.breach_since, a.assessed_on), 'YYYY-MM-DD') END AS since FROM funds.risk_fund_assessments a
         WHERE a.county_code = w.county_code AND a.bank_code = w.bank_code AND a.assessed_on < $1::date ORDER BY a.assessed_on DESC LIMIT 1) last`,
      [assessedOn, withRules.map((p) => p.countyCode), withRules.map((p) => p.bankCode)],
    );
    const breachSince = new Map(previous.map((r) => [`${r.county_code} ${r.bank_code}`, r.since]));
    const overdue = new Set<RiskFundAssessmentRecord>();
    const records = withRules.map((p): RiskFundAssessmentRecord => {
      const version = rulesByCounty.get(p.countyCode)!;
      const loanBalance = new HubDecimal(p.loanBalance);
      const nplBalance = new HubDecimal(p.nplBalance);
      const fundBalance = new HubDecimal(funds.get(riskFundAccountCode(p.countyCode, p.bankCode))!);
      const cause = afterCompensation.has(`${p.countyCode} ${p.bankCode}`) ? 'COMPENSATION' : 'LENDING_GROWTH';
      const leverage = assessLeverage(
        { loanBalance, fundBalance, assessedOn, shortfallSince: breachSince.get(`${p.countyCode} ${p.bankCode}`) ?? null, cause },
        version.rules,
      );
      const npl = assessNpl({ nplBalance, loanBalance, nplTarget: targets.get(nplTargetKey(p.bankCode, year))?.target ?? null }, version.rules);
      const record: RiskFundAssessmentRecord = {
        countyCode: p.countyCode,
        bankCode: p.bankCode,
        assessedOn,
        rulesVersionId: version.id,
        loanBalance,
        nplBalance,
        fundBalance,
        lendingLimit: leverage.limit,
        breach: leverage.breach,
        topUpDue: leverage.topUpDue,
        topUpDeadline: leverage.topUpDeadline,
        breachSince: leverage.breach ? (breachSince.get(`${p.countyCode} ${p.bankCode}`) ?? assessedOn) : null,
        nplRate: npl.nplRate.toDecimalPlaces(6),
        triggerReached: npl.triggerReached,
        nplTarget: npl.nplTarget,
        pauseLending: npl.pauseLending,
      };
      if (leverage.topUpOverdue) overdue.add(record);
      return record;
    });
    if (records.length) {
      await this.dataSource.getRepository(RiskFundAssessmentRecord).upsert(records, ['countyCode', 'bankCode', 'assessedOn']);
    }
    const alerts: AssessmentAlert[] = [];
    for (const record of records) {
      const base = { countyCode: record.countyCode, bankCode: record.bankCode, record };
      if (record.breach) alerts.push({ ...base, kind: overdue.has(record) ? 'TOP_UP_OVERDUE' : 'LEVERAGE_BREACH' });
      if (record.triggerReached) alerts.push({ ...base, kind: 'NPL_TRIGGER' });
      if (record.pauseLending) alerts.push({ ...base, kind: 'PAUSE_LENDING' });
    }
    return { assessed: records.length, withoutRules: [...rulesByCounty].filter(([, v]) => !v).map(([county]) => county), alerts };
  }

  /** Each bank's latest assessment in the county: its finance bureau, its bureau and admins; a bank its own. */
  async latest(caller: Caller, countyCode: string): Promise<RiskFundAssessmentRecord[]> {
    const countyReader = isCountyOfficial(caller, countyCode);
    if (!countyReader && caller.role !== 'bank')
      throw forbidden(`the risk-fund positions of county ${countyCode} are shown to its finance bureau, its bureau, admins and each bank for its own`);
    const rows = await this.dataSource
      .getRepository(RiskFundAssessmentRecord)
      .createQueryBuilder('a')
      .distinctOn(['a.bankCode'])
      .where('a.countyCode = :countyCode', { countyCode })
      .andWhere(countyReader ? 'TRUE' : 'a.bankCode = :bank', { bank: caller.bank })
      .orderBy('a.bankCode')
      .addOrderBy('a.assessedOn', 'DESC')
      .getMany();
    return rows;
  }

  /**
   * Each bank's latest assessment in each county, for the county's sums (summarizeRiskFunds):
   * regulators (every county, as the monthly statistics), the counties' officials and admins.
   * One statement for any number of counties.
   */
  async latestForSummary(caller: Caller, countyCodes: readonly string[]): Promise<RiskFundAssessmentRecord[]> {
    const refused = caller.role === 'regulator' ? [] : countyCodes.filter((county) => !isCountyOfficial(caller, county));
    if (refused.length > 0) throw forbidden(`the risk-fund summary of county ${refused[0]} is shown to regulators, its finance bureau, its bureau and admins`);
    if (countyCodes.length === 0) return [];
    return this.dataSource
      .getRepository(RiskFundAssessmentRecord)
      .createQueryBuilder('a')
      .distinctOn(['a.countyCode', 'a.bankCode'])
      .where('a.countyCode IN (:...countyCodes)', { countyCodes: [...countyCodes] })
      .orderBy('a.countyCode')
      .addOrderBy('a.bankCode')
      .addOrderBy('a.assessedOn', 'DESC')
      .getMany();
  }
}
