/**
 * The risk-compensation fund's stored side: its rule versions (the pure module reads them) and
 * the money in each county's special account at each bank, kept on the funds ledger. Deposits,
 * top-ups and the account's interest are posted as ledger entries, idempotent by the caller's
 * reference; the balance is derived from the postings, never stored.
 */
import type { DataSource } from 'typeorm';
import { type Caller, isCountyFinance } from '../../../../common/auth/caller';
import { BANK_CODE, COUNTY_CODE, TRANSFER_REFERENCE } from '../../../../common/codes';
import { isIsoDate } from '../../../../common/domain/calendar-date';
import { forbidden, HubError } from '../../../../common/errors/hub-error';
import { HubDecimal, isPositiveYuan } from '../../../../common/money';
import { LedgerError, LedgerService } from '../ledger/ledger.service';
import { expectedDepositInterest } from './domain/deposit-interest';
import { basisRateFor, PBOC, type BasisRate, type DepositTerm } from './domain/deposit-rates';
import { ReferenceFiguresService } from './reference/reference-figures.service';
import { RiskFundInputError } from './domain/risk-fund-error';
import { assertRiskFundRuleVersions, riskFundRulesInForce } from './domain/risk-fund-rule-versions';
import { type RiskFundRuleVersion } from './domain/risk-fund-rules';
import { parseRiskFundRules, serializeRiskFundRules } from './domain/risk-fund-rules-json';
import { SHIPPED_RISK_FUND_RULE_VERSIONS } from './domain/shipped-risk-fund-rules';
import type { RiskFundRuleVersionRecord } from './risk-fund-rule-version.entity';
import { onceUntilFailure } from '../../../../common/once-until-failure';

export type FundMovementKind = 'DEPOSIT' | 'TOP_UP' | 'INTEREST';

export interface FundMovementInput {
  countyCode: string;
  bankCode: string;
  kind: FundMovementKind;
  /** Yuan with at most two decimals, above 0. */
  amount: string;
  effectiveDate: string;
  /** The bank's or treasury's reference of the transfer: posting the same one twice changes nothing. */
  reference: string;
  /**
   * For INTEREST: the period it was earned over (both days included) and the deposit's term
   * (DEMAND unless the fund is held on term): the credited amount is then checked against the
   * rules, at the rate posted for their basis (domain/deposit-rates.ts).
   */
  interestCheck?: InterestPeriod | null;
}

export interface InterestPeriod {
  periodStart: string;
  periodEnd: string;
  term?: DepositTerm | null;
}

export interface InterestCheckResult {
  /** The posting the rules' basis stood at: 'PBOC' or the bank, its term and date, its rate. */
  basisIssuer: string;
  basisTerm: DepositTerm;
  basisEffectiveFrom: string;
  basisRate: string;
  /** basis × (1 + the rules' markup). */
  rate: string;
  expected: string;
  /** Credited − expected. */
  difference: string;
}

export interface RuleVersionInput {
  regionCode: string;
  effectiveFrom: string;
  name: string;
  source: string;
  /** The rules document (decimals as strings), as `parseRiskFundRules` reads it. */
  rulesJson: string;
}

export const riskFundAccountCode = (countyCode: string, bankCode: string) => `risk-fund:${countyCode}:${bankCode}`;
const sourceAccountCode = (countyCode: string) => `risk-fund-source:${countyCode}`;

export class RiskFundService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly ledger: LedgerService,
    private readonly figures: ReferenceFiguresService,
  ) {}

  /**
   * Writes the shipped 2017 versions that are not there yet (idempotent). Once per service, and the
   * funds app builds one (app.seed() calls it at start); a failure is not remembered (onceUntilFailure).
   */
  readonly ensureShipped = onceUntilFailure(async () => {
    for (const version of SHIPPED_RISK_FUND_RULE_VERSIONS) {
      await this.dataSource.query(
        `INSERT INTO funds.risk_fund_rule_versions (id, region_code, effective_from, effective_to, name, source, rules, recorded_by)
           VALUES ($1, $2, $3, $4, $5, $6, $7, 'hub (shipped)') ON CONFLICT DO NOTHING`,
        [
          version.id,
          version.regionCode,
          version.effectiveFrom,
          version.effectiveTo,
          version.name,
          version.source,
          JSON.stringify(serializeRiskFundRules(version.rules)),
        ],
      );
    }
  });

  /** Every version that can apply to the county (national, province, prefecture, its own), oldest first. */
  async versionsFor(countyCode: string): Promise<RiskFundRuleVersion[]> {
    return this.versionsForCounties([countyCode]);
  }

  /** Every version that can apply to any of the counties, oldest first, in one statement. */
  private async versionsForCounties(countyCodes: readonly string[]): Promise<RiskFundRuleVersion[]> {
    const bad = countyCodes.find((code) => !COUNTY_CODE.test(code));
    if (bad !== undefined) throw new RiskFundInputError('RISK_FUND_INVALID_INPUT', 'countyCode', `"${bad}" is not a county code`);
    await this.ensureShipped();
    const regions = [...new Set(countyCodes.flatMap((code) => ['', code.slice(0, 2), code.slice(0, 4), code]))];
    const rows: RiskFundRuleVersionRecord[] = await this.dataSource.query(
      `SELECT id, region_code AS "regionCode", to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", to_char(effective_to, 'YYYY-MM-DD') AS "effectiveTo",
              name, source, rules
       FROM funds.risk_fund_rule_versions WHERE region_code = ANY($1::text[]) ORDER BY effective_from, length(region_code)`,
      [regions],
    );
    return rows.map((row) => ({ ...row, rules: parseRiskFundRules(row.rules) }));
  }

  /** The version in force on the date for each county (null where none is), in one statement: the daily assessment's. */
  async rulesInForceFor(countyCodes: readonly string[], date: string): Promise<Map<string, RiskFundRuleVersion | null>> {
    if (countyCodes.length === 0) return new Map();
    const versions = await this.versionsForCounties(countyCodes);
    return new Map(
      countyCodes.map((code) => [
        code,
        riskFundRulesInForce(
          versions.filter((v) => code.startsWith(v.regionCode)),
          code,
          date,
        ),
      ]),
    );
  }

  /** One version by id: a verified claim keeps following the version that priced it. */
  async version(id: string): Promise<RiskFundRuleVersion> {
    const [row]: RiskFundRuleVersionRecord[] = await this.dataSource.query(
      `SELECT id, region_code AS "regionCode", to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", to_char(effective_to, 'YYYY-MM-DD') AS "effectiveTo",
              name, source, rules
       FROM funds.risk_fund_rule_versions WHERE id = $1`,
      [id],
    );
    if (!row) throw new RiskFundInputError('RISK_FUND_INVALID_VERSIONS', 'rulesVersionId', `no risk-fund rule version ${id}`);
    return { ...row, rules: parseRiskFundRules(row.rules) };
  }

  /** The version in force for the county on the date, or null when none is recorded. */
  async rulesInForce(countyCode: string, date: string): Promise<RiskFundRuleVersion | null> {
    return riskFundRulesInForce(await this.versionsFor(countyCode), countyCode, date);
  }

  /**
   * Records a region's rules from a date on (admins only: they are the county's or province's
   * published measures). The region's version in force at that date ends the day before; a
   * version that would start inside another one, or rules that do not read, are refused.
   */
  async recordRules(caller: Caller, input: RuleVersionInput): Promise<RiskFundRuleVersion> {
    if (caller.role !== 'admin') throw forbidden('only admins record risk-fund rules (they follow the published measures of a county or province)');
    let json: unknown;
    try {
      json = JSON.parse(input.rulesJson);
    } catch {
      throw new RiskFundInputError('RISK_FUND_INVALID_RULES', 'rulesJson', 'rulesJson is not JSON');
    }
    const rules = parseRiskFundRules(json);
    if (!input.name.trim() || input.name.length > 200) throw new RiskFundInputError('RISK_FUND_INVALID_RULES', 'name', 'name must be 1 to 200 characters');
    if (!input.source.trim() || input.source.length > 300)
      throw new RiskFundInputError('RISK_FUND_INVALID_RULES', 'source', 'source must name the measures (1 to 300 characters)');
    await this.ensureShipped();
    return this.dataSource.transaction(async (manager) => {
      await manager.query('SELECT pg_advisory_xact_lock(hashtext($1))', [`huinong-risk-fund-rules-${input.regionCode}`]);
      const region: RiskFundRuleVersionRecord[] = await manager.query(
        `SELECT id, region_code AS "regionCode", to_char(effective_from, 'YYYY-MM-DD') AS "effectiveFrom", to_char(effective_to, 'YYYY-MM-DD') AS "effectiveTo", name, source, rules
         FROM funds.risk_fund_rule_versions WHERE region_code = $1 ORDER BY effective_from`,
        [input.regionCode],
      );
      const versions: RiskFundRuleVersion[] = region.map((row) => ({ ...row, rules: parseRiskFundRules(row.rules) }));
      const open = versions.find((v) => v.effectiveTo === null && v.effectiveFrom < input.effectiveFrom);
      if (open) open.effectiveTo = input.effectiveFrom;
      const added: RiskFundRuleVersion = {
        id: `${input.regionCode || 'national'}-${input.effectiveFrom}`,
        regionCode: input.regionCode,
        effectiveFrom: input.effectiveFrom,
        effectiveTo: null,
        name: input.name.trim(),
        source: input.source.trim(),
        rules,
      };
      // Checks the region code, the dates and that no two versions overlap, with the field at fault.
      assertRiskFundRuleVersions([...versions, added]);
      if (open) await manager.query(`UPDATE funds.risk_fund_rule_versions SET effective_to = $2 WHERE id = $1`, [open.id, open.effectiveTo]);
      await manager.query(
        `INSERT INTO funds.risk_fund_rule_versions (id, region_code, effective_from, effective_to, name, source, rules, recorded_by) VALUES ($1, $2, $3, NULL, $4, $5, $6, $7)`,
        [added.id, added.regionCode, added.effectiveFrom, added.name, added.source, JSON.stringify(serializeRiskFundRules(rules)), caller.subject],
      );
      return added;
    });
  }

  /**
   * Money into the county's fund at the bank: the county's deposit, a top-up, or the special
   * account's interest (added to the fund, 001 §四(一), 004 第十条). Opens the fund account on
   * first use. The finance bureau of the county, or an admin.
   */
  async recordMovement(caller: Caller, input: FundMovementInput): Promise<{ entryId: string; balance: string; interestCheck: InterestCheckResult | null }> {
    if (!isCountyFinance(caller, input.countyCode)) {
      throw forbidden(`only the finance bureau of county ${input.countyCode} records its risk-fund movements`);
    }
    const invalid = (field: string, message: string) => new RiskFundInputError('RISK_FUND_INVALID_INPUT', field, message);
    if (!COUNTY_CODE.test(input.countyCode)) throw invalid('countyCode', `"${input.countyCode}" is not a county code`);
    if (!BANK_CODE.test(input.bankCode)) throw invalid('bankCode', `"${input.bankCode}" is not a bank code`);
    if (!isPositiveYuan(input.amount)) throw invalid('amount', `amount "${input.amount}" must be yuan above 0 with at most two decimals`);
    if (!TRANSFER_REFERENCE.test(input.reference)) throw invalid('reference', 'reference must be 4 to 64 letters, digits or . _ : - /');
    if (!isIsoDate(input.effectiveDate)) {
      throw invalid('effectiveDate', `effectiveDate "${input.effectiveDate}" is not a YYYY-MM-DD date`);
    }
    // Everything the check needs is found before anything is posted: a check that cannot be made
    // refuses the movement instead of posting it unchecked.
    const interestBasis = await this.interestBasis(input);
    const fund = riskFundAccountCode(input.countyCode, input.bankCode);
    await this.ledger.openAccount({ code: fund, kind: 'RISK_FUND', countyCode: input.countyCode, bankCode: input.bankCode });
    await this.ledger.openAccount({ code: sourceAccountCode(input.countyCode), kind: 'RISK_FUND_SOURCE', countyCode: input.countyCode });
    await this.dataSource.query(
      `INSERT INTO funds.fund_accounts (county_code, bank_code, kind, opened_on) VALUES ($1, $2, 'RISK_COMPENSATION', $3) ON CONFLICT DO NOTHING`,
      [input.countyCode, input.bankCode, input.effectiveDate],
    );
    const what = { DEPOSIT: 'deposit', TOP_UP: 'top-up', INTEREST: 'special account interest' }[input.kind];
    const entry = await this.ledger
      .post(
        {
          idempotencyKey: this.movementKey(input),
          reasonCode: input.kind === 'INTEREST' ? 'FUND_INTEREST' : 'FUND_DEPOSIT',
          description: `risk fund ${input.countyCode} at ${input.bankCode}: ${what} ${input.reference}`,
          effectiveDate: input.effectiveDate,
          postings: [
            { accountCode: fund, amount: input.amount },
            { accountCode: sourceAccountCode(input.countyCode), amount: `-${input.amount}` },
          ],
        },
        caller.subject,
      )
      .catch((error: unknown) => {
        // The ledger's key is made of the reference: reused for another movement, it is the reference the client must change.
        if (error instanceof LedgerError && error.code === 'IDEMPOTENCY_KEY_REUSED') {
          throw new HubError('IDEMPOTENCY_KEY_REUSED', `reference ${input.reference} was recorded already for another movement of this fund`, {
            field: 'reference',
            zh: `业务编号 ${input.reference} 已用于本基金的另一笔资金变动`,
          });
        }
        throw error;
      });
    const [balance] = await this.ledger.balances([fund]);
    const check = interestBasis && input.interestCheck ? await this.checkInterest(input, input.interestCheck, interestBasis) : null;
    return { entryId: entry.id, balance: balance.balance.toFixed(2), interestCheck: check };
  }

  /** Refuses a malformed interest check, and finds the rules it follows and the posted rate their basis stands at. */
  private async interestBasis(input: FundMovementInput): Promise<{ version: RiskFundRuleVersion; basis: BasisRate } | null> {
    const period = input.interestCheck;
    if (!period) return null;
    const invalid = (field: string, message: string) => new RiskFundInputError('RISK_FUND_INVALID_INPUT', field, message);
    if (input.kind !== 'INTEREST') throw invalid('interestCheck', 'only an INTEREST movement is checked against the rules');
    if (!isIsoDate(period.periodStart) || !isIsoDate(period.periodEnd) || period.periodStart > period.periodEnd) {
      throw invalid('interestCheck.periodStart', 'the interest period must be two YYYY-MM-DD dates, start not after end');
    }
    const version = await this.rulesInForce(input.countyCode, period.periodEnd);
    if (!version) throw invalid('countyCode', `no risk-fund rules in force for ${input.countyCode} on ${period.periodEnd}`);
    const postings = await this.figures.depositRates([PBOC, input.bankCode]);
    try {
      const basis = basisRateFor(version.rules.depositInterest, postings, {
        bankCode: input.bankCode,
        term: period.term ?? 'DEMAND',
        periodStart: period.periodStart,
        periodEnd: period.periodEnd,
      });
      return { version, basis };
    } catch (error) {
      if (error instanceof RiskFundInputError) throw new RiskFundInputError(error.code, `interestCheck.${error.field}`, error.message);
      throw error;
    }
  }

  /** The interest the rules in force at the period's end give on the fund's daily balances over the period, against the credited amount. */
  private async checkInterest(
    input: FundMovementInput,
    period: InterestPeriod,
    { version, basis }: { version: RiskFundRuleVersion; basis: BasisRate },
  ): Promise<InterestCheckResult> {
    // Each day's closing balance from the postings effective on or before it (the interest itself, posted after the period, is not in it).
    const rows: { balance: string }[] = await this.dataSource.query(
      `SELECT coalesce((SELECT sum(p.amount) FROM funds.postings p JOIN funds.journal_entries e ON e.id = p.entry_id JOIN funds.ledger_accounts a ON a.id = p.account_id
                        WHERE a.code = $1 AND e.effective_date <= d::date AND e.idempotency_key <> $4), 0)::text AS balance
       FROM generate_series($2::date, $3::date, interval '1 day') AS d ORDER BY d`,
      [riskFundAccountCode(input.countyCode, input.bankCode), period.periodStart, period.periodEnd, this.movementKey(input)],
    );
    const expected = expectedDepositInterest(
      rows.map((r) => new HubDecimal(r.balance)),
      version.rules.depositInterest,
      basis.posted.rate,
    );
    return {
      basisIssuer: basis.posted.issuer,
      basisTerm: basis.posted.term,
      basisEffectiveFrom: basis.posted.effectiveFrom,
      basisRate: basis.posted.rate.toFixed(),
      rate: expected.rate.toString(),
      expected: expected.interest.toFixed(2),
      difference: new HubDecimal(input.amount).minus(expected.interest).toFixed(2),
    };
  }

  /**
   * One key per transfer into the fund, whatever it is called: the same transfer entered once as a
   * deposit and again as a top-up is a reused key (refused), not a second entry. At most 98
   * characters (the ledger takes 100).
   */
  private movementKey(input: FundMovementInput): string {
    return `risk-fund-${input.countyCode}-${input.bankCode}-${input.reference}`;
  }

  /** Balances of many funds in one statement ('0.00' for a fund with no account yet). */
  async balances(funds: { countyCode: string; bankCode: string }[]): Promise<Map<string, string>> {
    const codes = funds.map((f) => riskFundAccountCode(f.countyCode, f.bankCode));
    const open = await this.ledger.balancesOfOpenAccounts(codes);
    return new Map(codes.map((code) => [code, open.get(code)?.balance.toFixed(2) ?? '0.00']));
  }
}
