/**
 * Which settlement day a county's quarter follows, and recording new rules. Rules are never
 * changed in place: a new one has its own effective date, so a computed quarter can always be
 * explained by the rule it followed.
 */
import type { DataSource } from 'typeorm';
import { type Caller, isCountyFinance } from '../../../../common/auth/caller';
import {
  assertSettlementRule,
  DEFAULT_SETTLEMENT_RULE,
  isIsoDate,
  parseQuarter,
  previousQuarter,
  quarterEnd,
  settlementWindow,
  SubsidyInputError,
  type Quarter,
  type SettlementRule,
  type SettlementWindow,
} from './domain/settlement-window';
import { SettlementRuleRecord } from './settlement-rule.entity';
import { forbidden } from '../../../../common/errors/hub-error';
import { mostSpecificInForce } from '../../../../common/domain/regional-rule';

export interface SettlementRuleInput {
  regionCode: string;
  effectiveFrom: string;
  settlementDay: number;
  source: string;
}

const REGION_CODE = /^(\d{2}|\d{4}|\d{6})$/;

export class SettlementRuleService {
  constructor(private readonly dataSource: DataSource) {}

  /** The rule in force for the county at the quarter's end (the most specific region wins). */
  async ruleAt(countyCode: string, quarter: Quarter): Promise<SettlementRule> {
    // A region's rule holds until it records a later one: open-ended versions, the later winning.
    const versions: { regionCode: string; effectiveFrom: string; effectiveTo: null; settlementDay: number }[] = await this.dataSource.query(
      `SELECT region_code AS "regionCode", to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", NULL AS "effectiveTo", settlement_day AS "settlementDay"
       FROM funds.subsidy_settlement_rules WHERE region_code IN (left($1, 2), left($1, 4), $1)`,
      [countyCode],
    );
    const rule = mostSpecificInForce(versions, countyCode, quarterEnd(quarter));
    return rule ? { settlementDay: rule.settlementDay } : DEFAULT_SETTLEMENT_RULE;
  }

  /** The county's window for the quarter: from the day after the previous quarter's settlement to this one's. */
  async windowFor(countyCode: string, quarterText: string): Promise<SettlementWindow> {
    const quarter = parseQuarter(quarterText);
    return settlementWindow(quarter, await this.ruleAt(countyCode, quarter), await this.ruleAt(countyCode, previousQuarter(quarter)));
  }

  /** Admins, and a finance bureau for its own counties, record rules. */
  async record(caller: Caller, input: SettlementRuleInput): Promise<SettlementRuleRecord> {
    if (!REGION_CODE.test(input.regionCode))
      throw new SubsidyInputError('regionCode', `regionCode "${input.regionCode}" is not a province (2 digits), prefecture (4) or county (6) code`);
    if (!isCountyFinance(caller, input.regionCode)) {
      throw forbidden(`only admins, or the finance bureau of county ${input.regionCode}, record its settlement rule`);
    }
    if (!isIsoDate(input.effectiveFrom)) throw new SubsidyInputError('effectiveFrom', `effectiveFrom "${input.effectiveFrom}" is not a real YYYY-MM-DD date`);
    assertSettlementRule({ settlementDay: input.settlementDay });
    if (input.source.trim() === '' || input.source.length > 200)
      throw new SubsidyInputError('source', 'source must name the notice the rule comes from (1 to 200 characters)');
    const inserted = await this.dataSource.query(
      `INSERT INTO funds.subsidy_settlement_rules (region_code, effective_from, settlement_day, source, recorded_by) VALUES ($1, $2, $3, $4, $5)
       ON CONFLICT (region_code, effective_from) DO NOTHING RETURNING id`,
      [input.regionCode, input.effectiveFrom, input.settlementDay, input.source.trim(), caller.subject],
    );
    if (inserted.length === 0) {
      throw new SubsidyInputError(
        'effectiveFrom',
        `region ${input.regionCode} already has a rule from ${input.effectiveFrom}; rules are not changed, record one with a later date`,
      );
    }
    return this.dataSource.getRepository(SettlementRuleRecord).findOneByOrFail({ id: inserted[0].id });
  }

  /** The rules that can apply to a county (its province, prefecture and its own), oldest first. */
  async rulesFor(countyCode: string): Promise<SettlementRuleRecord[]> {
    return this.dataSource
      .getRepository(SettlementRuleRecord)
      .createQueryBuilder('r')
      .where('r.regionCode IN (:...codes)', { codes: [countyCode.slice(0, 2), countyCode.slice(0, 4), countyCode] })
      .orderBy('r.effectiveFrom', 'ASC')
      .addOrderBy('length(r.regionCode)', 'ASC')
      .getMany();
  }
}
