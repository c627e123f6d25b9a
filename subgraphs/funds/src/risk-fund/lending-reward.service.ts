/**
 * The yearly reward for collection (004 第十三条), stored: the bank declares what it pursued, the
 * reward job assesses it with the loans side's figures (passed in: funds never reads the loans
 * tables) under the rules in force on the year's last day, and the county's finance bureau
 * decides the amount, at most the ceiling, once.
 */
import type { DataSource } from 'typeorm';
import { type Caller, isCountyFinance, isCountyOfficial } from '../../../../common/auth/caller';
import { COUNTY_CODE, TRANSFER_REFERENCE } from '../../../../common/codes';
import { HubDecimal, isYuan } from '../../../../common/money';
import type { LendingYearFacts } from '../../../../contracts/risk-fund/loan-facts';
import { assessLendingReward } from './domain/lending-reward';
import { RiskFundInputError } from './domain/risk-fund-error';
import { type RiskFundRuleVersion } from './domain/risk-fund-rules';
import { LendingRewardRecord } from './lending-reward.entity';
import { RiskFundService } from './risk-fund.service';
import { forbidden, HubError } from '../../../../common/errors/hub-error';

/** A declaration or decision the reward's state does not allow. */
export class LendingRewardStateError extends HubError {
  constructor(message: string) {
    super('LENDING_REWARD_WRONG_STATE', message);
  }
}

const invalid = (field: string, message: string) => new RiskFundInputError('RISK_FUND_INVALID_INPUT', field, message);

export class LendingRewardService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly riskFunds: RiskFundService,
  ) {}

  /**
   * The bank declares, for a past year, how many of its overdue loans in the county it pursued and
   * where its collection register is; declaring again replaces it (and the assessment) until the
   * reward is decided. Refused where the rules in force at the year's end set no reward.
   */
  async declare(
    caller: Caller,
    input: { countyCode: string; year: number; pursuedLoans: number; reference: string },
    today: string,
  ): Promise<LendingRewardRecord> {
    if (caller.role !== 'bank' || !caller.bank) throw forbidden('only a lending bank declares its collection, for its own loans');
    if (!COUNTY_CODE.test(input.countyCode)) throw invalid('countyCode', `"${input.countyCode}" is not a county code`);
    if (!Number.isInteger(input.year) || input.year < 2000 || `${input.year}-12-31` >= today) {
      throw invalid('year', `year ${input.year} is not a past year: the reward is judged on a whole year once it is over`);
    }
    if (!Number.isInteger(input.pursuedLoans) || input.pursuedLoans < 0)
      throw invalid('pursuedLoans', `pursuedLoans must be a whole number of loans, 0 or more (got ${input.pursuedLoans})`);
    const reference = input.reference.trim();
    if (!reference || reference.length > 200) throw invalid('reference', 'reference must name the collection register (1 to 200 characters)');
    const version = await this.riskFunds.rulesInForce(input.countyCode, `${input.year}-12-31`);
    if (!version?.rules.lendingReward) {
      throw invalid(
        'countyCode',
        `the risk-fund rules of ${input.countyCode} in force on ${input.year}-12-31 set no lending reward${version ? ` (${version.source})` : ''}`,
      );
    }
    const [row] = await this.dataSource.query(
      `INSERT INTO funds.lending_rewards (county_code, bank_code, year, status, pursued_loans, collection_reference, declared_by, declared_at, declaration)
       VALUES ($1, $2, $3, 'DECLARED', $4, $5, $6, now(), 1)
       ON CONFLICT (county_code, bank_code, year) DO UPDATE SET status = 'DECLARED', declaration = lending_rewards.declaration + 1, pursued_loans = EXCLUDED.pursued_loans,
         collection_reference = EXCLUDED.collection_reference, declared_by = EXCLUDED.declared_by, declared_at = now(),
         rules_version_id = NULL, new_lending = NULL, principal_due = NULL, repaid_by_maturity = NULL, overdue_loans = NULL, recovery_rate = NULL,
         collection_coverage = NULL, eligible = NULL, max_reward = NULL, unmet = '{}', assessed_at = NULL
       WHERE lending_rewards.status <> 'DECIDED'
       RETURNING year`,
      [input.countyCode, caller.bank, input.year, input.pursuedLoans, reference, caller.subject],
    );
    if (!row) throw new LendingRewardStateError(`${caller.bank}'s ${input.year} reward in ${input.countyCode} is decided: it cannot be declared again`);
    return this.dataSource.getRepository(LendingRewardRecord).findOneByOrFail({ countyCode: input.countyCode, bankCode: caller.bank, year: input.year });
  }

  /** The rules in force on the year's last day in each county: what a year's rewards are judged by (one statement). */
  rulesFor(countyCodes: readonly string[], year: number): Promise<Map<string, RiskFundRuleVersion | null>> {
    return this.riskFunds.rulesInForceFor(countyCodes, `${year}-12-31`);
  }

  /** Declarations the reward job has yet to assess. */
  async declared(): Promise<LendingRewardRecord[]> {
    return this.dataSource.getRepository(LendingRewardRecord).find({ where: { status: 'DECLARED' }, order: { declaredAt: 'ASC' }, take: 200 });
  }

  /**
   * The job's step: a declaration assessed with the loans side's figures for its year. A
   * declaration replaced meanwhile (a later number) is left for the next round.
   */
  async assess(reward: LendingRewardRecord, facts: LendingYearFacts, version: RiskFundRuleVersion | null): Promise<void> {
    const base = {
      newLending: new HubDecimal(facts.newLending),
      principalDue: new HubDecimal(facts.principalDue),
      repaidByMaturity: new HubDecimal(facts.repaidByMaturity),
      overdueLoans: facts.overdueLoans,
    };
    let result: { collectionCoverage: string | null; recoveryRate: string | null; eligible: boolean; maxReward: string; unmet: string[] };
    if (!version) {
      result = {
        collectionCoverage: null,
        recoveryRate: null,
        eligible: false,
        maxReward: '0.00',
        unmet: [`no risk-fund rules in force on ${reward.year}-12-31`],
      };
    } else if (reward.pursuedLoans > facts.overdueLoans) {
      // The bank cannot have pursued more loans than were overdue: its declaration is wrong, not the loans'.
      result = {
        collectionCoverage: null,
        recoveryRate: null,
        eligible: false,
        maxReward: '0.00',
        unmet: [
          `${reward.bankCode} declared ${reward.pursuedLoans} loans pursued, but the loans it reported show ${facts.overdueLoans} overdue in ${reward.year}: declare again`,
        ],
      };
    } else {
      const assessed = assessLendingReward({ ...base, pursuedLoans: reward.pursuedLoans }, version.rules);
      result = {
        collectionCoverage: assessed.collectionCoverage.toDecimalPlaces(6).toFixed(),
        recoveryRate: assessed.recoveryRate?.toDecimalPlaces(6).toFixed() ?? null,
        eligible: assessed.eligible,
        maxReward: assessed.maxReward.toFixed(2),
        unmet: assessed.unmet,
      };
    }
    await this.dataSource.query(
      `UPDATE funds.lending_rewards SET status = 'ASSESSED', rules_version_id = $5, new_lending = $6, principal_due = $7, repaid_by_maturity = $8, overdue_loans = $9,
         recovery_rate = $10, collection_coverage = $11, eligible = $12, max_reward = $13, unmet = $14, assessed_at = now()
       WHERE county_code = $1 AND bank_code = $2 AND year = $3 AND status = 'DECLARED' AND declaration = $4`,
      [
        reward.countyCode,
        reward.bankCode,
        reward.year,
        reward.declaration,
        version?.id ?? null,
        facts.newLending,
        facts.principalDue,
        facts.repaidByMaturity,
        facts.overdueLoans,
        result.recoveryRate,
        result.collectionCoverage,
        result.eligible,
        result.maxReward,
        result.unmet,
      ],
    );
  }

  /**
   * The county's finance bureau decides an assessed reward: an amount from 0 to the ceiling (0
   * where the conditions are not met) and the payment voucher's reference. Once.
   */
  async decide(caller: Caller, input: { countyCode: string; bankCode: string; year: number; amount: string; reference: string }): Promise<LendingRewardRecord> {
    if (!isCountyFinance(caller, input.countyCode)) throw forbidden(`only the finance bureau of county ${input.countyCode} decides its lending rewards`);
    if (!isYuan(input.amount)) throw invalid('amount', `amount "${input.amount}" must be yuan, 0 or more, with at most two decimals`);
    if (!TRANSFER_REFERENCE.test(input.reference)) throw invalid('reference', 'reference must be 4 to 64 letters, digits or . _ : - / (the payment voucher)');
    return this.dataSource.transaction(async (manager) => {
      const reward = await manager.getRepository(LendingRewardRecord).findOne({
        where: { countyCode: input.countyCode, bankCode: input.bankCode, year: input.year },
        lock: { mode: 'pessimistic_write' },
      });
      if (!reward) throw new LendingRewardStateError(`${input.bankCode} has declared no ${input.year} collection in ${input.countyCode}`);
      if (reward.status === 'DECIDED')
        throw new LendingRewardStateError(`${input.bankCode}'s ${input.year} reward in ${input.countyCode} is decided already (${reward.awarded!.toFixed(2)})`);
      if (reward.status !== 'ASSESSED')
        throw new LendingRewardStateError(
          `${input.bankCode}'s ${input.year} reward in ${input.countyCode} is not assessed yet: the reward job assesses it within a minute`,
        );
      const amount = new HubDecimal(input.amount);
      if (amount.gt(reward.maxReward!)) {
        const why = reward.eligible
          ? `its ceiling is ${reward.maxReward!.toFixed(2)} (1 % of new lending)`
          : `the conditions are not met: ${reward.unmet.join('; ')}`;
        throw invalid('amount', `${amount.toFixed(2)} is above what may be awarded: ${why}`);
      }
      await manager.query(
        `UPDATE funds.lending_rewards SET status = 'DECIDED', awarded = $4, award_reference = $5, decided_by = $6, decided_at = now() WHERE county_code = $1 AND bank_code = $2 AND year = $3`,
        [input.countyCode, input.bankCode, input.year, amount.toFixed(2), input.reference, caller.subject],
      );
      return manager.getRepository(LendingRewardRecord).findOneByOrFail({ countyCode: input.countyCode, bankCode: input.bankCode, year: input.year });
    });
  }

  /** A county's rewards, newest year first: its officials and admins all, a bank its own. */
  async list(caller: Caller, countyCode: string): Promise<LendingRewardRecord[]> {
    const query = this.dataSource.getRepository(LendingRewardRecord).createQueryBuilder('r').where('r.countyCode = :countyCode', { countyCode });
    if (caller.role === 'bank') query.andWhere('r.bankCode = :bank', { bank: caller.bank });
    else if (!isCountyOfficial(caller, countyCode))
      throw forbidden(`the lending rewards of county ${countyCode} are shown to its bureau, its finance bureau, admins and each bank for its own`);
    return query.orderBy('r.year', 'DESC').addOrderBy('r.bankCode').getMany();
  }
}
