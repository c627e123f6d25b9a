/**
 * The risk-compensation fund (风险补偿金), pure domain: rule sets as data (001 楚雄州 §四, 004 巫山县),
 * a defaulted loan's split between insurer, fund and bank, claims, recoveries returned to the
 * fund, leverage and top-ups, NPL trigger and pause, and working-day deadlines. Every figure is
 * worked out by hand in the comment beside it.
 */
import Decimal from 'decimal.js';
import { HubDecimal } from '../../common/money';
import {
  claimStepDeadline,
  compensateLoan,
  computeClaim,
  recoveryReturn,
  sumClaimLines,
  type CompensationLine,
  type DefaultedLoan,
} from '../../subgraphs/funds/src/risk-fund/domain/compensation';
import { assessLeverage, assessNpl, topUpDeadline } from '../../subgraphs/funds/src/risk-fund/domain/leverage';
import { expectedDepositInterest } from '../../subgraphs/funds/src/risk-fund/domain/deposit-interest';
import { basisRateFor, PBOC_BENCHMARK_DEPOSIT_RATES, type PostedDepositRate } from '../../subgraphs/funds/src/risk-fund/domain/deposit-rates';
import { judgeClaimLine } from '../../subgraphs/funds/src/risk-fund/domain/claim-line';
import { assessLendingReward, type LendingRewardInput } from '../../subgraphs/funds/src/risk-fund/domain/lending-reward';
import type { ClaimedLoanFacts } from '../../contracts/risk-fund/loan-facts';
import { RiskFundInputError, type RiskFundErrorCode } from '../../subgraphs/funds/src/risk-fund/domain/risk-fund-error';
import { riskFundRulesInForce } from '../../subgraphs/funds/src/risk-fund/domain/risk-fund-rule-versions';
import { depositInterestRate, type RiskFundRules, type RiskFundRuleVersion } from '../../subgraphs/funds/src/risk-fund/domain/risk-fund-rules';
import { parseRiskFundRules, serializeRiskFundRules, type RiskFundRulesJson } from '../../subgraphs/funds/src/risk-fund/domain/risk-fund-rules-json';
import {
  CHUXIONG_2017_RISK_FUND_RULES,
  SHIPPED_RISK_FUND_RULE_VERSIONS,
  WUSHAN_2017_RISK_FUND_RULES,
} from '../../subgraphs/funds/src/risk-fund/domain/shipped-risk-fund-rules';
import {
  addWorkingDays,
  buildWorkingDayCalendar,
  CHINA_HOLIDAYS_2025,
  CHINA_WORKING_DAYS_2025_2026,
  isWorkingDay,
  WEEKENDS_ONLY_CALENDAR,
} from '../../subgraphs/funds/src/risk-fund/domain/working-days';

const d = (text: string) => new Decimal(text);
const CHUXIONG = CHUXIONG_2017_RISK_FUND_RULES.rules;
const WUSHAN = WUSHAN_2017_RISK_FUND_RULES.rules;

function loan(overrides: Partial<DefaultedLoan> = {}): DefaultedLoan {
  return {
    loanId: 'loan-1',
    contractNo: 'HT-2024-0001',
    principal: d('50000'),
    subsidizedPrincipal: d('50000'),
    outstandingPrincipal: d('20000'),
    insurancePaid: d('0'),
    flags: [],
    ...overrides,
  };
}

function expectError(action: () => unknown, field: string, code: RiskFundErrorCode = 'RISK_FUND_INVALID_INPUT'): void {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(RiskFundInputError);
  expect(thrown).toMatchObject({ field, code });
  expect((thrown as Error).message).toContain(field);
}

/** The line's money fields as fen strings, for compact expectations. */
function fen(line: CompensationLine) {
  return {
    loss: line.loss.toFixed(2),
    insurance: line.insurance.toFixed(2),
    compensable: line.compensable.toFixed(2),
    notCompensable: line.notCompensable.toFixed(2),
    fundPays: line.fundPays.toFixed(2),
    bankShare: line.bankShare.toFixed(2),
    bankBears: line.bankBears.toFixed(2),
  };
}

/** insurance + fund + bank = loss, exactly. */
function expectBalanced(line: CompensationLine): void {
  expect(line.insurance.plus(line.fundPays).plus(line.bankBears).equals(line.loss)).toBe(true);
  expect(line.compensable.plus(line.notCompensable).plus(line.insurance).equals(line.loss)).toBe(true);
}

// ---------------------------------------------------------------------------------------------

describe('the shipped rule sets', () => {
  it('Chuxiong 2017 (001 §四): 1:10, 80/20, no insurance first, 3% trigger, benchmark deposit rate + 10%', () => {
    const json = serializeRiskFundRules(CHUXIONG);
    expect(json).toEqual({
      leverageMultiple: '10',
      fundShare: '0.8',
      bankShare: '0.2',
      insuranceFirst: false,
      nplTriggerRate: '0.03',
      nplTarget: null,
      pauseLendingMargin: null,
      extendedLoanNplMargin: null,
      compensablePrincipalCap: '50000',
      depositInterest: { basis: 'BENCHMARK_DEPOSIT_RATE', markup: '0.1', description: expect.stringContaining('上浮10%') },
      deadlines: { townshipReviewWorkingDays: null, confirmationWorkingDays: null, recoveryReturnWorkingDays: null },
      topUp: { onLendingGrowth: 'END_OF_FIRST_MONTH_OF_NEXT_QUARTER', afterCompensation: 'END_OF_FIRST_MONTH_OF_NEXT_QUARTER' },
      claimDocuments: { perClaim: [], perLoan: [] },
      lendingReward: null,
    });
    expect(CHUXIONG_2017_RISK_FUND_RULES).toMatchObject({ regionCode: '5323', effectiveFrom: '2017-09-29', effectiveTo: null });
  });

  it('Wushan 2017 (004): 1:10, insurance first then 70/30, pause at target + 2 pp, 5/3/5 working days', () => {
    expect(serializeRiskFundRules(WUSHAN)).toEqual({
      leverageMultiple: '10',
      fundShare: '0.7',
      bankShare: '0.3',
      insuranceFirst: true,
      nplTriggerRate: null,
      nplTarget: null,
      pauseLendingMargin: '0.02',
      extendedLoanNplMargin: '0.02',
      compensablePrincipalCap: '50000',
      depositInterest: { basis: 'DEMAND_DEPOSIT_RATE', markup: '0', description: expect.stringContaining('活期存款利率') },
      deadlines: { townshipReviewWorkingDays: 5, confirmationWorkingDays: 3, recoveryReturnWorkingDays: 5 },
      topUp: { onLendingGrowth: 'END_OF_NEXT_MONTH', afterCompensation: 'END_OF_FIRST_MONTH_OF_NEXT_QUARTER' },
      // 第十八条 (一)(二) per claim, (三)(四) per loan; 第十三条's reward.
      claimDocuments: { perClaim: ['APPLICATION_REPORT', 'APPLICATION_FORM'], perLoan: ['LOAN_RECEIPT', 'COLLECTION_NOTICE'] },
      lendingReward: { minCollectionCoverage: '1', minRecoveryRate: '0.95', maxShareOfNewLending: '0.01' },
    });
    expect(WUSHAN_2017_RISK_FUND_RULES).toMatchObject({ regionCode: '500237', effectiveFrom: '2017-10-13', effectiveTo: null });
  });

  it('round-trips through JSON unchanged', () => {
    for (const version of SHIPPED_RISK_FUND_RULE_VERSIONS) {
      const json = serializeRiskFundRules(version.rules);
      expect(serializeRiskFundRules(parseRiskFundRules(JSON.parse(JSON.stringify(json))))).toEqual(json);
    }
  });

  it('states the deposit rate as basis × (1 + markup)', () => {
    // Chuxiong: 1-year benchmark 1.50% × 1.10 = 1.65%. Wushan: the demand rate itself, 0.35% × 1 = 0.35%.
    expect(depositInterestRate(CHUXIONG.depositInterest, d('0.015')).toString()).toBe('0.0165');
    expect(depositInterestRate(WUSHAN.depositInterest, d('0.0035')).toString()).toBe('0.0035');
    expectError(() => depositInterestRate(CHUXIONG.depositInterest, d('1.5')), 'basisRate');
  });
});

describe('rule validation', () => {
  const valid = (): RiskFundRulesJson => serializeRiskFundRules(WUSHAN);
  const withField = (patch: Record<string, unknown>) => ({ ...valid(), ...patch });

  it.each([
    ['bankShare', { bankShare: '0.2' }], // 0.7 + 0.2 = 0.9 ≠ 1
    ['fundShare', { fundShare: '0' }],
    ['fundShare', { fundShare: 0.7 }], // a float, not a decimal string
    ['fundShare', { fundShare: '1.7', bankShare: '-0.7' }],
    ['leverageMultiple', { leverageMultiple: '0' }],
    ['leverageMultiple', { leverageMultiple: 'ten' }],
    ['nplTriggerRate', { nplTriggerRate: '3' }], // a percentage typed as a fraction
    ['pauseLendingMargin', { pauseLendingMargin: '2' }],
    ['nplTarget', { nplTarget: '0.015', pauseLendingMargin: null }], // a target with no pause rule
    ['compensablePrincipalCap', { compensablePrincipalCap: '50000.001' }],
    ['compensablePrincipalCap', { compensablePrincipalCap: '0' }],
    ['insuranceFirst', { insuranceFirst: 'yes' }],
    ['depositInterest.basis', { depositInterest: { basis: 'LPR', markup: '0', description: 'x' } }],
    ['depositInterest.markup', { depositInterest: { basis: 'DEMAND_DEPOSIT_RATE', markup: '10', description: 'x' } }],
    ['depositInterest.description', { depositInterest: { basis: 'DEMAND_DEPOSIT_RATE', markup: '0', description: ' ' } }],
    ['depositInterest.rate', { depositInterest: { basis: 'DEMAND_DEPOSIT_RATE', markup: '0', description: 'x', rate: '0.0035' } }],
    ['deadlines.recoveryReturnWorkingDays', { deadlines: { townshipReviewWorkingDays: 5, confirmationWorkingDays: 3, recoveryReturnWorkingDays: 2.5 } }],
    ['deadlines.confirmationWorkingDays', { deadlines: { townshipReviewWorkingDays: 5, confirmationWorkingDays: 0, recoveryReturnWorkingDays: 5 } }],
    ['deadlines.townshipReviewWorkingDays', { deadlines: { confirmationWorkingDays: 3, recoveryReturnWorkingDays: 5 } }],
    ['topUp.onLendingGrowth', { topUp: { onLendingGrowth: 'NEXT_MONTH', afterCompensation: 'END_OF_QUARTER' } }],
    ['extendedLoanNplMargin', { extendedLoanNplMargin: '2' }],
    ['claimDocuments.perLoan[0]', { claimDocuments: { perClaim: [], perLoan: ['RECEIPT'] } }],
    ['claimDocuments.perLoan[1]', { claimDocuments: { perClaim: [], perLoan: ['LOAN_RECEIPT', 'LOAN_RECEIPT'] } }],
    ['claimDocuments.perClaim[0]', { claimDocuments: { perClaim: ['EVIDENCE'], perLoan: [] } }], // never required
    ['claimDocuments.perLoan', { claimDocuments: { perClaim: ['APPLICATION_FORM'], perLoan: ['APPLICATION_FORM'] } }],
    ['claimDocuments.perLoan', { claimDocuments: { perClaim: [] } }],
    ['lendingReward.minRecoveryRate', { lendingReward: { minCollectionCoverage: '1', minRecoveryRate: '95', maxShareOfNewLending: '0.01' } }],
    ['lendingReward.maxShareOfNewLending', { lendingReward: { minCollectionCoverage: '1', minRecoveryRate: '0.95', maxShareOfNewLending: '0' } }],
    ['lendingReward.share', { lendingReward: { minCollectionCoverage: '1', minRecoveryRate: '0.95', maxShareOfNewLending: '0.01', share: '0.01' } }],
    ['leverageRatio', { leverageRatio: '10' }], // a misspelt field is refused, not ignored
  ])('refuses bad %s', (field, patch) => {
    expectError(() => parseRiskFundRules(withField(patch)), field, 'RISK_FUND_INVALID_RULES');
  });

  it('refuses a missing field and a non-object', () => {
    const { fundShare: _omitted, ...missing } = valid();
    expectError(() => parseRiskFundRules(missing), 'fundShare', 'RISK_FUND_INVALID_RULES');
    expectError(() => parseRiskFundRules([]), '(document)', 'RISK_FUND_INVALID_RULES');
  });

  it('refuses typed rules that bypassed the parser, before computing anything', () => {
    const broken: RiskFundRules = { ...CHUXIONG, fundShare: d('0.9') }; // 0.9 + 0.2 = 1.1
    expectError(() => compensateLoan(loan(), broken), 'bankShare', 'RISK_FUND_INVALID_RULES');
  });
});

describe('rule selection by county and date', () => {
  // A later Wushan version taking over on 2020-01-01, with the 2017 one ended the day before.
  const wushan2020: RiskFundRuleVersion = {
    ...WUSHAN_2017_RISK_FUND_RULES,
    id: 'wushan-2020-risk-fund',
    effectiveFrom: '2020-01-01',
    name: 'hypothetical successor',
    rules: parseRiskFundRules({ ...serializeRiskFundRules(WUSHAN), fundShare: '0.8', bankShare: '0.2' }),
  };
  const versions = [CHUXIONG_2017_RISK_FUND_RULES, { ...WUSHAN_2017_RISK_FUND_RULES, effectiveTo: '2020-01-01' }, wushan2020];

  it('picks the prefecture version for a county of 楚雄州 from its issue date', () => {
    // 532301 楚雄市 lies in 5323 楚雄州.
    expect(riskFundRulesInForce(SHIPPED_RISK_FUND_RULE_VERSIONS, '532301', '2017-09-28')).toBeNull();
    expect(riskFundRulesInForce(SHIPPED_RISK_FUND_RULE_VERSIONS, '532301', '2017-09-29')?.id).toBe('chuxiong-2017-risk-fund');
    expect(riskFundRulesInForce(SHIPPED_RISK_FUND_RULE_VERSIONS, '532301', '2025-06-30')?.id).toBe('chuxiong-2017-risk-fund');
  });

  it('switches versions on the effective date (from inclusive, to exclusive)', () => {
    expect(riskFundRulesInForce(versions, '500237', '2017-10-12')).toBeNull();
    expect(riskFundRulesInForce(versions, '500237', '2017-10-13')?.id).toBe('wushan-2017-risk-fund');
    expect(riskFundRulesInForce(versions, '500237', '2019-12-31')?.id).toBe('wushan-2017-risk-fund');
    expect(riskFundRulesInForce(versions, '500237', '2020-01-01')?.id).toBe('wushan-2020-risk-fund');
    // A county with no version of its own or of a region above it.
    expect(riskFundRulesInForce(versions, '500238', '2025-01-01')).toBeNull();
  });

  it('prefers the county over its prefecture', () => {
    const county: RiskFundRuleVersion = { ...CHUXIONG_2017_RISK_FUND_RULES, id: 'chuxiong-city', regionCode: '532301', effectiveFrom: '2019-01-01' };
    expect(riskFundRulesInForce([CHUXIONG_2017_RISK_FUND_RULES, county], '532301', '2019-01-01')?.id).toBe('chuxiong-city');
    expect(riskFundRulesInForce([CHUXIONG_2017_RISK_FUND_RULES, county], '532322', '2019-01-01')?.id).toBe('chuxiong-2017-risk-fund');
  });

  it('refuses overlapping versions of one region, and bad arguments', () => {
    // wushan-2017 still open-ended overlaps wushan-2020.
    expectError(
      () => riskFundRulesInForce([WUSHAN_2017_RISK_FUND_RULES, wushan2020], '500237', '2021-01-01'),
      'versions[1].effectiveFrom',
      'RISK_FUND_INVALID_VERSIONS',
    );
    expectError(
      () => riskFundRulesInForce([{ ...wushan2020, regionCode: '5002371' }], '500237', '2021-01-01'),
      'versions[0].regionCode',
      'RISK_FUND_INVALID_VERSIONS',
    );
    expectError(
      () => riskFundRulesInForce([{ ...wushan2020, effectiveTo: '2019-01-01' }], '500237', '2021-01-01'),
      'versions[0].effectiveTo',
      'RISK_FUND_INVALID_VERSIONS',
    );
    expectError(() => riskFundRulesInForce(versions, '5002', '2021-01-01'), 'countyCode');
    expectError(() => riskFundRulesInForce(versions, '500237', '2021-02-29'), 'date');
  });
});

// ---------------------------------------------------------------------------------------------

describe('a defaulted loan', () => {
  it('Chuxiong: fund 80%, bank 20% of the unpaid principal', () => {
    // 20,000 unpaid × 0.8 = 16,000.00; bank 20,000 − 16,000 = 4,000.00.
    const line = compensateLoan(loan(), CHUXIONG);
    expect(fen(line)).toEqual({
      loss: '20000.00',
      insurance: '0.00',
      compensable: '20000.00',
      notCompensable: '0.00',
      fundPays: '16000.00',
      bankShare: '4000.00',
      bankBears: '4000.00',
    });
    expect(line.notes).toEqual([]);
    expectBalanced(line);
  });

  it('Wushan: insurance first, then the rest 70/30', () => {
    // 40,000 unpaid, insurer paid 10,000: 30,000 left; fund 30,000 × 0.7 = 21,000.00, bank 9,000.00.
    // 10,000 + 21,000 + 9,000 = 40,000.
    const line = compensateLoan(loan({ outstandingPrincipal: d('40000'), insurancePaid: d('10000') }), WUSHAN);
    expect(fen(line)).toEqual({
      loss: '40000.00',
      insurance: '10000.00',
      compensable: '30000.00',
      notCompensable: '0.00',
      fundPays: '21000.00',
      bankShare: '9000.00',
      bankBears: '9000.00',
    });
    expect(line.notes).toEqual(['INSURANCE_FIRST']);
    expectBalanced(line);
  });

  it('Wushan without insurance: 70/30 of the whole loss (第十二条)', () => {
    // 20,000 × 0.7 = 14,000.00; bank 6,000.00.
    expect(fen(compensateLoan(loan(), WUSHAN))).toMatchObject({ fundPays: '14000.00', bankShare: '6000.00' });
  });

  it('odd fen: the fund share is rounded half up, the bank takes the remainder', () => {
    // Chuxiong 12,345.67 × 0.8 = 9,876.536 → 9,876.54; bank 12,345.67 − 9,876.54 = 2,469.13 (exactly 2,469.134).
    const chuxiong = compensateLoan(loan({ outstandingPrincipal: d('12345.67') }), CHUXIONG);
    expect(fen(chuxiong)).toMatchObject({ fundPays: '9876.54', bankShare: '2469.13' });
    expectBalanced(chuxiong);

    // An exact half fen: Wushan 10,000.05 × 0.7 = 7,000.035 → 7,000.04 (half up); bank 10,000.05 − 7,000.04
    // = 3,000.01, not 3,000.015 → 3,000.02: rounding both shares half up would make 10,000.06.
    const wushan = compensateLoan(loan({ outstandingPrincipal: d('10000.05') }), WUSHAN);
    expect(fen(wushan)).toMatchObject({ fundPays: '7000.04', bankShare: '3000.01' });
    expectBalanced(wushan);

    // Half up after an even digit: 10,000.15 × 0.7 = 7,000.105 → 7,000.11 (half-even would keep 7,000.10);
    // bank 10,000.15 − 7,000.11 = 3,000.04.
    expect(fen(compensateLoan(loan({ outstandingPrincipal: d('10000.15') }), WUSHAN))).toMatchObject({ fundPays: '7000.11', bankShare: '3000.04' });
  });

  it('a loan above 50,000: only the subsidized principal still unpaid is compensated', () => {
    // 80,000 lent, 50,000 of it subsidized, 60,000 unpaid: compensable min(50,000, 60,000) = 50,000.
    // Fund 50,000 × 0.8 = 40,000; bank 10,000 of the share + 10,000 above the cap = 20,000.
    const owing60k = compensateLoan(loan({ principal: d('80000'), outstandingPrincipal: d('60000') }), CHUXIONG);
    expect(fen(owing60k)).toEqual({
      loss: '60000.00',
      insurance: '0.00',
      compensable: '50000.00',
      notCompensable: '10000.00',
      fundPays: '40000.00',
      bankShare: '10000.00',
      bankBears: '20000.00',
    });
    expect(owing60k.notes).toEqual(['ABOVE_COMPENSABLE_PRINCIPAL']);
    expectBalanced(owing60k);

    // The same loan owing 45,000: the 35,000 repaid retired the 30,000 above the cap first, so all
    // 45,000 unpaid is subsidized principal: fund 36,000, bank 9,000 (pro rata would say 28,125).
    expect(fen(compensateLoan(loan({ principal: d('80000'), outstandingPrincipal: d('45000') }), CHUXIONG))).toMatchObject({
      compensable: '45000.00',
      notCompensable: '0.00',
      fundPays: '36000.00',
      bankShare: '9000.00',
    });

    // Wushan with insurance: 70,000 unpaid, insurer 15,000 → 55,000 left; compensable min(50,000, 55,000) = 50,000;
    // fund 35,000, bank 15,000 + 5,000 above the cap = 20,000; 15,000 + 35,000 + 20,000 = 70,000.
    const insured = compensateLoan(loan({ principal: d('80000'), outstandingPrincipal: d('70000'), insurancePaid: d('15000') }), WUSHAN);
    expect(fen(insured)).toEqual({
      loss: '70000.00',
      insurance: '15000.00',
      compensable: '50000.00',
      notCompensable: '5000.00',
      fundPays: '35000.00',
      bankShare: '15000.00',
      bankBears: '20000.00',
    });
    expect(insured.notes).toEqual(['INSURANCE_FIRST', 'ABOVE_COMPENSABLE_PRINCIPAL']);
    expectBalanced(insured);
  });

  it("uses the loans side's subsidized principal when the household's other loans use part of the 50,000", () => {
    // 30,000 lent, only 20,000 of it within the household's 50,000; 30,000 unpaid:
    // compensable 20,000 → fund 16,000, bank 4,000 + 10,000 = 14,000.
    expect(fen(compensateLoan(loan({ principal: d('30000'), subsidizedPrincipal: d('20000'), outstandingPrincipal: d('30000') }), CHUXIONG))).toMatchObject({
      compensable: '20000.00',
      notCompensable: '10000.00',
      fundPays: '16000.00',
      bankBears: '14000.00',
    });
  });

  it('excludes a flagged loan entirely: the bank bears all of it', () => {
    const line = compensateLoan(loan({ flags: ['RATE_ABOVE_CAP'] }), CHUXIONG);
    expect(fen(line)).toEqual({
      loss: '20000.00',
      insurance: '0.00',
      compensable: '0.00',
      notCompensable: '20000.00',
      fundPays: '0.00',
      bankShare: '0.00',
      bankBears: '20000.00',
    });
    expect(line).toMatchObject({ excluded: true, flags: ['RATE_ABOVE_CAP'], notes: ['EXCLUDED'] });
    expectBalanced(line);
  });

  it.each([
    ['outstandingPrincipal', { outstandingPrincipal: d('0') }],
    ['outstandingPrincipal', { outstandingPrincipal: d('50000.01') }],
    ['outstandingPrincipal', { outstandingPrincipal: d('100.001') }],
    ['subsidizedPrincipal', { subsidizedPrincipal: d('60000') }],
    ['insurancePaid', { insurancePaid: d('20000.01') }],
    ['insurancePaid', { insurancePaid: d('-1') }],
    ['principal', { principal: 50000 as unknown as Decimal }],
    ['flags[0]', { flags: ['rate above cap'] }],
    ['loanId', { loanId: '' }],
  ])('refuses bad %s', (field, patch) => {
    expectError(() => compensateLoan(loan(patch), WUSHAN), field);
  });

  it('refuses insurance where the rules do not deduct it first (Chuxiong)', () => {
    expectError(() => compensateLoan(loan({ insurancePaid: d('1000') }), CHUXIONG), 'insurancePaid');
  });
});

describe('a claim', () => {
  // Chuxiong, three loans of 1,000.01 and one flagged loan of 5,000:
  //   each line: 1,000.01 × 0.8 = 800.008 → 800.01; bank 1,000.01 − 800.01 = 200.00
  //   flagged: fund 0, bank 5,000.00
  // totals: fund 3 × 800.01 = 2,400.03 (the sum of lines — rounding the total instead would give
  // 3,000.03 × 0.8 = 2,400.024 → 2,400.02); bank share 600.00; bank bears 600.00 + 5,000 = 5,600.00;
  // loss 3,000.03 + 5,000 = 8,000.03 = 2,400.03 + 5,600.00.
  const loans = [
    loan({ loanId: 'a', outstandingPrincipal: d('1000.01') }),
    loan({ loanId: 'b', outstandingPrincipal: d('1000.01') }),
    loan({ loanId: 'c', outstandingPrincipal: d('1000.01') }),
    loan({ loanId: 'd', outstandingPrincipal: d('5000'), flags: ['OFF_LIST_AT_CONTRACT'] }),
  ];

  it('totals exactly the sum of its lines', () => {
    const claim = computeClaim(loans, CHUXIONG);
    expect(claim.lines.map((line) => line.fundPays.toFixed(2))).toEqual(['800.01', '800.01', '800.01', '0.00']);
    const t = claim.totals;
    expect({ lineCount: t.lineCount, compensatedLineCount: t.compensatedLineCount, excludedLineCount: t.excludedLineCount }).toEqual({
      lineCount: 4,
      compensatedLineCount: 3,
      excludedLineCount: 1,
    });
    expect([t.loss, t.compensable, t.notCompensable, t.fundPays, t.bankShare, t.bankBears, t.insurance].map((v) => v.toFixed(2))).toEqual([
      '8000.03',
      '3000.03',
      '5000.00',
      '2400.03',
      '600.00',
      '5600.00',
      '0.00',
    ]);
    const sum = claim.lines.reduce((acc, line) => acc.plus(line.fundPays), d('0'));
    expect(t.fundPays.equals(sum)).toBe(true);
    expect(t.fundPays.plus(t.bankBears).plus(t.insurance).equals(t.loss)).toBe(true);
    expect(sumClaimLines(claim.lines)).toEqual(t);
  });

  it('refuses a loan listed twice and names the line at fault', () => {
    expectError(() => computeClaim([...loans, loan({ loanId: 'b' })], CHUXIONG), 'loans[4].loanId');
    expectError(() => computeClaim([loans[0], loan({ loanId: 'x', outstandingPrincipal: d('-5') })], CHUXIONG), 'loans[1].outstandingPrincipal');
  });

  it('refuses stored lines that do not add up', () => {
    const [line] = computeClaim(loans.slice(0, 1), CHUXIONG).lines;
    expectError(() => sumClaimLines([{ ...line, fundPays: d('800.02') }]), 'lines[0].bankShare');
    expectError(() => sumClaimLines([{ ...line, bankBears: d('200.01') }]), 'lines[0].bankBears');
    expectError(() => sumClaimLines([{ ...line, loss: d('1000.02') }]), 'lines[0].loss');
    expectError(() => sumClaimLines([line, line]), 'lines[1].loanId');
  });
});

// ---------------------------------------------------------------------------------------------

describe('recoveries after compensation', () => {
  it('returns the fund its share, cumulatively, so a full recovery returns exactly what it paid (Chuxiong, no deadline)', () => {
    // Line: loss 12,345.67, fund paid 9,876.54.
    const line = compensateLoan(loan({ outstandingPrincipal: d('12345.67') }), CHUXIONG);
    // 1,000.00 × 9,876.54 / 12,345.67 = 9,876,540 / 12,345.67 = 800.0003… → 800.00; bank keeps 200.00.
    const first = recoveryReturn({ line, previouslyRecovered: d('0'), recovered: d('1000') });
    expect([first.returnToFund, first.bankKeeps, first.cumulativeReturnToFund].map((v) => v.toFixed(2))).toEqual(['800.00', '200.00', '800.00']);
    expect(claimStepDeadline('RECOVERY_RETURN', '2025-06-12', CHUXIONG, WEEKENDS_ONLY_CALENDAR)).toBeNull(); // 001 sets no working-day deadline
    // The remaining 11,345.67: cumulative 12,345.67 × 9,876.54 / 12,345.67 = 9,876.54; this return 9,876.54 − 800.00 = 9,076.54.
    const rest = recoveryReturn({ line, previouslyRecovered: d('1000'), recovered: d('11345.67') });
    expect([rest.returnToFund, rest.bankKeeps, rest.cumulativeReturnToFund].map((v) => v.toFixed(2))).toEqual(['9076.54', '2269.13', '9876.54']);
  });

  it('Wushan: pro rata to the share of the loss the fund bore (insurer included), half up, within 5 working days across a weekend', () => {
    // Line: loss 40,000, insurer 10,000, fund 21,000 → the fund bore 21,000 / 40,000 = 52.5%.
    const line = compensateLoan(loan({ outstandingPrincipal: d('40000'), insurancePaid: d('10000') }), WUSHAN);
    // 1,000.20 × 0.525 = 525.105 → 525.11 (half up); the bank keeps 1,000.20 − 525.11 = 475.09.
    // Received Thursday 2025-06-12: Fri 13 (1), Mon 16 (2), Tue 17 (3), Wed 18 (4), Thu 19 (5) → 2025-06-19.
    const result = recoveryReturn({ line, previouslyRecovered: d('0'), recovered: d('1000.20') });
    expect(result.returnToFund.toFixed(2)).toBe('525.11');
    expect(result.bankKeeps.toFixed(2)).toBe('475.09');
    expect(claimStepDeadline('RECOVERY_RETURN', '2025-06-12', WUSHAN, CHINA_WORKING_DAYS_2025_2026)).toBe('2025-06-19');
  });

  it('counts the deadline over the National Day holiday and its make-up Sunday', () => {
    const line = compensateLoan(loan(), WUSHAN);
    // Received Friday 2025-09-26. Official 2025 calendar: Sat 27 off, Sun 28 make-up (1), Mon 29 (2),
    // Tue 30 (3), 10-01 … 10-08 off, Thu 10-09 (4), Fri 10-10 (5).
    const input = { line, previouslyRecovered: d('0'), recovered: d('100') };
    expect(claimStepDeadline('RECOVERY_RETURN', '2025-09-26', WUSHAN, CHINA_WORKING_DAYS_2025_2026)).toBe('2025-10-10');
    // Weekends only: Mon 29, Tue 30, Wed 10-01, Thu 10-02, Fri 10-03.
    expect(claimStepDeadline('RECOVERY_RETURN', '2025-09-26', WUSHAN, WEEKENDS_ONLY_CALENDAR)).toBe('2025-10-03');
    // 20,000 line: fund paid 14,000 = 70%; 100 × 0.7 = 70.00.
    expect(recoveryReturn(input).returnToFund.toFixed(2)).toBe('70.00');
  });

  it('returns nothing on an excluded loan, and refuses bad input', () => {
    const excluded = compensateLoan(loan({ flags: ['FRAUD'] }), WUSHAN);
    const result = recoveryReturn({ line: excluded, previouslyRecovered: d('0'), recovered: d('500') });
    expect([result.returnToFund.toFixed(2), result.bankKeeps.toFixed(2)]).toEqual(['0.00', '500.00']);
    const line = compensateLoan(loan(), WUSHAN);
    expectError(() => recoveryReturn({ line, previouslyRecovered: d('0'), recovered: d('0') }), 'recovered');
    // The day received is refused where the deadline is counted from it.
    expectError(() => claimStepDeadline('RECOVERY_RETURN', '2025-13-01', WUSHAN, WEEKENDS_ONLY_CALENDAR), 'startedOn');
  });
});

describe('claim procedure deadlines (004 第十九、二十条)', () => {
  it('gives the township 5 and the bureau 3 working days; Chuxiong sets none', () => {
    // List received Friday 2025-01-24: Sun 01-26 is a make-up day (1), Mon 27 (2), then 01-28 … 02-04 off,
    // Wed 02-05 (3), Thu 02-06 (4), Fri 02-07 (5).
    expect(claimStepDeadline('TOWNSHIP_REVIEW', '2025-01-24', WUSHAN, CHINA_WORKING_DAYS_2025_2026)).toBe('2025-02-07');
    // Approved Wednesday 2025-12-31: 2026-01-01 … 01-03 off, Sun 01-04 make-up (1), Mon 05 (2), Tue 06 (3).
    expect(claimStepDeadline('CONFIRMATION', '2025-12-31', WUSHAN, CHINA_WORKING_DAYS_2025_2026)).toBe('2026-01-06');
    expect(claimStepDeadline('TOWNSHIP_REVIEW', '2025-01-24', CHUXIONG, CHINA_WORKING_DAYS_2025_2026)).toBeNull();
  });
});

// ---------------------------------------------------------------------------------------------

describe('leverage and top-ups', () => {
  it("a breach after lending growth: the top-up due and Wushan's next-month deadline (第六条)", () => {
    // Fund 80,000 × 10 = 800,000 < 1,234,567.89 lent: breach.
    // Required 1,234,567.89 / 10 = 123,456.789 → 123,456.79 (up); top-up 123,456.79 − 80,000 = 43,456.79.
    // Assessed 2025-08-15 → by the end of September: 2025-09-30.
    const result = assessLeverage({ loanBalance: d('1234567.89'), fundBalance: d('80000'), assessedOn: '2025-08-15', cause: 'LENDING_GROWTH' }, WUSHAN);
    expect(result.breach).toBe(true);
    expect([result.limit, result.requiredFund, result.topUpDue, result.lendingHeadroom].map((v) => v.toFixed(2))).toEqual([
      '800000.00',
      '123456.79',
      '43456.79',
      '0.00',
    ]);
    expect(result.topUpTiming).toBe('END_OF_NEXT_MONTH');
    expect(result.topUpDeadline).toBe('2025-09-30');
  });

  it("after compensation: by the end of the next quarter's first month (第七条)", () => {
    // Assessed 2025-08-15 (Q3) → October → 2025-10-31; assessed 2025-11-20 (Q4) → 2026-01-31.
    const input = { loanBalance: d('1234567.89'), fundBalance: d('80000'), assessedOn: '2025-08-15', cause: 'COMPENSATION' as const };
    expect(assessLeverage(input, WUSHAN).topUpDeadline).toBe('2025-10-31');
    expect(assessLeverage({ ...input, assessedOn: '2025-11-20' }, WUSHAN).topUpDeadline).toBe('2026-01-31');
    // Chuxiong reads its quarterly adjustment the same way, for growth too: 2025-08-15 → 2025-10-31.
    expect(assessLeverage({ ...input, cause: 'LENDING_GROWTH' }, CHUXIONG).topUpDeadline).toBe('2025-10-31');
  });

  it('counts the deadline from the first day of the breach, and says when it has passed', () => {
    // Breached since 2025-08-15 (Wushan, growth: by 2025-09-30). Assessed again on 09-30 it is due that
    // day, not overdue; on 10-01 it is overdue — a deadline counted from each assessment would be 11-30.
    const input = { loanBalance: d('1234567.89'), fundBalance: d('80000'), shortfallSince: '2025-08-15', cause: 'LENDING_GROWTH' as const };
    expect(assessLeverage({ ...input, assessedOn: '2025-09-30' }, WUSHAN)).toMatchObject({ topUpDeadline: '2025-09-30', topUpOverdue: false });
    expect(assessLeverage({ ...input, assessedOn: '2025-10-01' }, WUSHAN)).toMatchObject({ topUpDeadline: '2025-09-30', topUpOverdue: true });
    expect(assessLeverage({ ...input, shortfallSince: null, assessedOn: '2025-10-01' }, WUSHAN)).toMatchObject({
      topUpDeadline: '2025-11-30',
      topUpOverdue: false,
    });
    // No breach, nothing overdue whatever the history says.
    expect(assessLeverage({ ...input, fundBalance: d('123456.79'), assessedOn: '2025-10-01' }, WUSHAN)).toMatchObject({
      breach: false,
      topUpDeadline: null,
      topUpOverdue: false,
    });
    expectError(() => assessLeverage({ ...input, shortfallSince: '2025-10-02', assessedOn: '2025-10-01' }, WUSHAN), 'shortfallSince');
  });

  it('rounds the required fund up, because half up would not restore the ratio', () => {
    // 1,000,000.04 / 10 = 100,000.004: half up gives 100,000.00 (× 10 = 1,000,000.00 < 1,000,000.04);
    // up gives 100,000.01 (× 10 = 1,000,000.10 ≥ 1,000,000.04). Top-up 0.01.
    const result = assessLeverage({ loanBalance: d('1000000.04'), fundBalance: d('100000'), assessedOn: '2025-08-15', cause: 'LENDING_GROWTH' }, CHUXIONG);
    expect(result.breach).toBe(true);
    expect(result.requiredFund.toFixed(2)).toBe('100000.01');
    expect(result.topUpDue.toFixed(2)).toBe('0.01');
  });

  it('no breach at exactly ten times, with headroom below it', () => {
    const at = assessLeverage({ loanBalance: d('1000000'), fundBalance: d('100000'), assessedOn: '2025-08-15', cause: 'LENDING_GROWTH' }, WUSHAN);
    expect(at).toMatchObject({ breach: false, topUpTiming: null, topUpDeadline: null });
    expect([at.topUpDue.toFixed(2), at.lendingHeadroom.toFixed(2)]).toEqual(['0.00', '0.00']);
    // 100,000 × 10 − 750,000 = 250,000 more may be lent.
    const below = assessLeverage({ loanBalance: d('750000'), fundBalance: d('100000'), assessedOn: '2025-08-15', cause: 'LENDING_GROWTH' }, WUSHAN);
    expect(below.lendingHeadroom.toFixed(2)).toBe('250000.00');
  });

  it('computes each deadline kind at month ends and across years', () => {
    expect(topUpDeadline('END_OF_NEXT_MONTH', '2024-01-31')).toBe('2024-02-29');
    expect(topUpDeadline('END_OF_NEXT_MONTH', '2025-12-10')).toBe('2026-01-31');
    expect(topUpDeadline('END_OF_FIRST_MONTH_OF_NEXT_QUARTER', '2025-03-31')).toBe('2025-04-30');
    expect(topUpDeadline('END_OF_FIRST_MONTH_OF_NEXT_QUARTER', '2025-04-01')).toBe('2025-07-31');
    expect(topUpDeadline('END_OF_QUARTER', '2025-05-15')).toBe('2025-06-30');
    expect(topUpDeadline('END_OF_QUARTER', '2025-12-31')).toBe('2025-12-31');
  });

  it('refuses bad balances and causes', () => {
    const ok = { loanBalance: d('1'), fundBalance: d('1'), assessedOn: '2025-08-15', cause: 'LENDING_GROWTH' as const };
    expectError(() => assessLeverage({ ...ok, fundBalance: d('-1') }, WUSHAN), 'fundBalance');
    expectError(() => assessLeverage({ ...ok, loanBalance: d('0.001') }, WUSHAN), 'loanBalance');
    expectError(() => assessLeverage({ ...ok, cause: 'GROWTH' as never }, WUSHAN), 'cause');
  });
});

describe('NPL trigger and pause', () => {
  it('Chuxiong: compensation may start when NPL reaches 3% (≥), and there is no pause rule', () => {
    // 59,999.99 / 2,000,000 = 2.9999995% < 3%; 60,000 / 2,000,000 = 3% exactly: reached.
    const below = assessNpl({ nplBalance: d('59999.99'), loanBalance: d('2000000') }, CHUXIONG);
    expect(below).toMatchObject({ triggerReached: false, pauseLending: null, pauseThreshold: null });
    expect(below.nplRate.toString()).toBe('0.029999995');
    const at = assessNpl({ nplBalance: d('60000'), loanBalance: d('2000000') }, CHUXIONG);
    expect(at.triggerReached).toBe(true);
    expect(at.nplRate.toString()).toBe('0.03');
  });

  it('compares exactly, not after a 40-digit cut of a repeating rate', () => {
    // 1 / 3 of the balance is NPL: 33.33…% ≥ 3%; and 3 / 100 exactly against 3%.
    expect(assessNpl({ nplBalance: d('1'), loanBalance: d('3') }, CHUXIONG).triggerReached).toBe(true);
    expect(assessNpl({ nplBalance: d('0.03'), loanBalance: d('1') }, CHUXIONG).triggerReached).toBe(true);
    expect(assessNpl({ nplBalance: d('0'), loanBalance: d('0') }, CHUXIONG)).toMatchObject({ triggerReached: false });
  });

  it('Wushan: the bank may pause above its target + 2 pp, strictly (第十三条); no portfolio trigger', () => {
    // Target 1.5% + 2 pp = 3.5%. 70,000 / 2,000,000 = 3.5%: not above, no pause.
    const at = assessNpl({ nplBalance: d('70000'), loanBalance: d('2000000'), nplTarget: d('0.015') }, WUSHAN);
    expect(at).toMatchObject({ triggerReached: null, pauseLending: false });
    expect(at.pauseThreshold?.toString()).toBe('0.035');
    // 70,000.01 / 2,000,000 = 3.5000005% > 3.5%: pause.
    expect(assessNpl({ nplBalance: d('70000.01'), loanBalance: d('2000000'), nplTarget: d('0.015') }, WUSHAN).pauseLending).toBe(true);
    // No target known (neither the bank's nor the rules'): the signal is unknown, not false.
    expect(assessNpl({ nplBalance: d('70000.01'), loanBalance: d('2000000') }, WUSHAN)).toMatchObject({ pauseLending: null, nplTarget: null });
    // A target fixed in the rules is used when the bank gives none.
    const withTarget = parseRiskFundRules({ ...serializeRiskFundRules(WUSHAN), nplTarget: '0.015' });
    expect(assessNpl({ nplBalance: d('70000.01'), loanBalance: d('2000000') }, withTarget).pauseLending).toBe(true);
  });

  it('refuses NPL above the balance and a target given as a percentage', () => {
    expectError(() => assessNpl({ nplBalance: d('2'), loanBalance: d('1') }, WUSHAN), 'nplBalance');
    expectError(() => assessNpl({ nplBalance: d('1'), loanBalance: d('100'), nplTarget: d('1.5') }, WUSHAN), 'nplTarget');
  });
});

// ---------------------------------------------------------------------------------------------

describe('working days', () => {
  it('knows the 2025 and 2026 arrangements: days off, make-up weekends', () => {
    expect(isWorkingDay('2025-10-08', CHINA_WORKING_DAYS_2025_2026)).toBe(false); // Wednesday, National Day
    expect(isWorkingDay('2025-09-28', CHINA_WORKING_DAYS_2025_2026)).toBe(true); // Sunday, make-up
    expect(isWorkingDay('2025-09-27', CHINA_WORKING_DAYS_2025_2026)).toBe(false); // Saturday
    expect(isWorkingDay('2026-02-14', CHINA_WORKING_DAYS_2025_2026)).toBe(true); // Saturday, make-up
    expect(isWorkingDay('2026-02-23', CHINA_WORKING_DAYS_2025_2026)).toBe(false); // Monday, 正月初七
    expect(isWorkingDay('2025-10-08', WEEKENDS_ONLY_CALENDAR)).toBe(true);
    // 2025 notice, days off as it counts them: 1 + 8 + 3 + 5 + 3 + 8 = 28.
    expect(CHINA_HOLIDAYS_2025.reduce((sum, a) => sum + a.days, 0)).toBe(28);
  });

  it('adds working days, the start day not counted', () => {
    // Friday 2026-02-13: Sat 14 make-up (1), 15 … 23 off, Tue 24 (2), Wed 25 (3).
    expect(addWorkingDays('2026-02-13', 3, CHINA_WORKING_DAYS_2025_2026)).toBe('2026-02-25');
    // Saturday start: Mon 2025-06-16 is the first.
    expect(addWorkingDays('2025-06-14', 1, WEEKENDS_ONLY_CALENDAR)).toBe('2025-06-16');
    expect(addWorkingDays('2025-06-14', 0, WEEKENDS_ONLY_CALENDAR)).toBe('2025-06-14');
  });

  it('refuses to count into a year the official calendar does not cover', () => {
    // Wednesday 2026-12-30: Thu 31 (1), then 2027-01-01, for which no notice is loaded.
    expectError(() => addWorkingDays('2026-12-30', 3, CHINA_WORKING_DAYS_2025_2026), 'date', 'RISK_FUND_DATE_NOT_COVERED');
    expect(addWorkingDays('2026-12-30', 3, WEEKENDS_ONLY_CALENDAR)).toBe('2027-01-04');
    expectError(() => addWorkingDays('2025-06-14', 1.5, WEEKENDS_ONLY_CALENDAR), 'workingDays');
  });

  it('validates calendar data', () => {
    const arrangement = { name: '劳动节', source: 'test', from: '2025-05-01', to: '2025-05-05', days: 5, makeUpWorkdays: ['2025-04-27'] };
    const build = (patch: object, coveredYears: number[] | null = [2025]) =>
      buildWorkingDayCalendar({ name: 'test', coveredYears, arrangements: [{ ...arrangement, ...patch }] });
    expect(build({}).makeUpWorkdays.has('2025-04-27')).toBe(true);
    expectError(() => build({ days: 4 }), 'arrangements[0].days', 'RISK_FUND_INVALID_CALENDAR');
    expectError(() => build({ makeUpWorkdays: ['2025-04-28'] }), 'arrangements[0].makeUpWorkdays[0]', 'RISK_FUND_INVALID_CALENDAR'); // a Monday
    expectError(() => build({ makeUpWorkdays: ['2025-05-03'] }), 'arrangements', 'RISK_FUND_INVALID_CALENDAR'); // off and worked
    expectError(() => build({ to: '2025-04-30' }), 'arrangements[0].to', 'RISK_FUND_INVALID_CALENDAR');
    expectError(() => build({}, null), 'coveredYears', 'RISK_FUND_INVALID_CALENDAR');
  });
});

describe('expected deposit interest (balance-days × rate / 360)', () => {
  it('Chuxiong: 1-year benchmark 1.50 % + 10 % on a balance that grows mid-period', () => {
    // 100,000.00 for 10 days, then 150,000.00 for 20 days: 4,000,000 balance-days × 0.0165 / 360 = 183.333… → 183.33.
    const balances = [...Array(10).fill(new HubDecimal('100000.00')), ...Array(20).fill(new HubDecimal('150000.00'))];
    const expected = expectedDepositInterest(balances, CHUXIONG_2017_RISK_FUND_RULES.rules.depositInterest, new HubDecimal('0.015'));
    expect([expected.rate.toString(), expected.balanceDays.toFixed(2), expected.interest.toFixed(2)]).toEqual(['0.0165', '4000000.00', '183.33']);
  });

  it('Wushan: the demand rate itself, no markup; an empty period is refused', () => {
    const expected = expectedDepositInterest(
      Array(90).fill(new HubDecimal('200000.00')),
      WUSHAN_2017_RISK_FUND_RULES.rules.depositInterest,
      new HubDecimal('0.0035'),
    );
    // 18,000,000 × 0.0035 / 360 = 175.00.
    expect(expected.interest.toFixed(2)).toBe('175.00');
    expect(() => expectedDepositInterest([], WUSHAN_2017_RISK_FUND_RULES.rules.depositInterest, new HubDecimal('0.0035'))).toThrow(RiskFundInputError);
  });
});

// ---------------------------------------------------------------------------------------------

describe('one claimed loan judged (domain/claim-line)', () => {
  const facts = (overrides: Partial<ClaimedLoanFacts> = {}): ClaimedLoanFacts => ({
    contractNo: 'WS-1',
    loanId: 'loan-1',
    status: 'NPL',
    amount: '30000.00',
    subsidizedAmount: '30000.00',
    outstandingPrincipal: '30000.00',
    flags: [],
    extended: true,
    ...overrides,
  });
  const line = { contractNo: 'WS-1', cause: 'EXTENDED_STILL_UNPAID' as const, insurancePaid: d('0') };
  // The bank in the county: 70,000.00 of 2,000,000.00 non-performing = 3.5 %.
  const bank = (target: string | null, nplBalance = '70000', rules = WUSHAN) => ({
    bankCode: 'PSBC',
    countyCode: '500237',
    year: 2025,
    npl: assessNpl({ nplBalance: d(nplBalance), loanBalance: d('2000000'), nplTarget: target === null ? null : d(target) }, rules),
  });

  it('004 第十七条(四): an extended loan is compensated only while NPL is strictly above the bank’s own target + 2 pp', () => {
    // Target 1.5 % + 2 pp = 3.5 %: exactly at it is not above ("高出 … 2 个百分点").
    expect(judgeClaimLine(line, facts(), new Map(), WUSHAN, bank('0.015')).refusal).toEqual({
      code: 'NPL_NOT_ABOVE_TARGET',
      detail: expect.stringContaining('NPL rate 3.5% is not above its 2025 target 1.5% + 2%'),
    });
    // One fen more and it is: 30,000.00 unpaid, no insurance, the fund 70 % = 21,000.00.
    const above = judgeClaimLine(line, facts(), new Map(), WUSHAN, bank('0.015', '70000.01'));
    expect(above.refusal).toBeUndefined();
    expect(above.result!.fundPays.toFixed(2)).toBe('21000.00');
    // No target recorded: it cannot be judged, and is refused rather than guessed.
    expect(judgeClaimLine(line, facts(), new Map(), WUSHAN, bank(null, '500000')).refusal?.code).toBe('NPL_TARGET_UNKNOWN');
    // Never extended: the ground does not apply at all.
    expect(judgeClaimLine(line, facts({ extended: false }), new Map(), WUSHAN, bank('0.015', '500000')).refusal?.code).toBe('NOT_EXTENDED');
    // Where the rules set no margin, the extension alone suffices.
    const noMargin = parseRiskFundRules({ ...serializeRiskFundRules(WUSHAN), extendedLoanNplMargin: null });
    expect(judgeClaimLine(line, facts(), new Map(), noMargin, bank(null, '70000', noMargin)).refusal).toBeUndefined();
    // A target the county's rules fix stands in for one the bank did not record.
    const fixedTarget = parseRiskFundRules({ ...serializeRiskFundRules(WUSHAN), nplTarget: '0.015' });
    expect(judgeClaimLine(line, facts(), new Map(), fixedTarget, bank(null, '70000.01', fixedTarget)).refusal).toBeUndefined();
  });

  it('refuses in order: unknown, on another claim, not NPL, no ground where loans are judged one by one', () => {
    expect(judgeClaimLine(line, undefined, new Map(), WUSHAN, bank('0.015')).refusal?.code).toBe('NOT_FOUND');
    expect(judgeClaimLine(line, facts(), new Map([['loan-1', 'claim-9']]), WUSHAN, bank('0.015')).refusal?.detail).toContain('claim-9');
    expect(judgeClaimLine(line, facts({ status: 'OVERDUE' }), new Map(), WUSHAN, bank('0.015')).refusal?.code).toBe('NOT_NPL');
    expect(judgeClaimLine({ ...line, cause: null }, facts(), new Map(), WUSHAN, bank('0.015')).refusal?.code).toBe('NO_CAUSE');
    // Chuxiong compensates on its portfolio trigger: no ground is asked for.
    expect(judgeClaimLine({ ...line, cause: null }, facts(), new Map(), CHUXIONG, bank(null, '70000', CHUXIONG)).result?.fundPays.toFixed(2)).toBe('24000.00');
  });
});

describe('deposit rates posted over time (domain/deposit-rates)', () => {
  const bankRates: PostedDepositRate[] = [
    { issuer: 'CQRCB', term: 'DEMAND', effectiveFrom: '2024-07-25', rate: d('0.0015'), source: 'rate board' },
    { issuer: 'CQRCB', term: 'DEMAND', effectiveFrom: '2025-05-20', rate: d('0.0005'), source: 'rate board' },
  ];
  const postings = [...PBOC_BENCHMARK_DEPOSIT_RATES, ...bankRates];

  it('a demand deposit earns the rate posted on the settlement day; a term deposit the rate of its first day', () => {
    // Wushan: the bank's own demand rate. The period 2025-03-21 … 2025-06-20 settles after the 2025-05-20 cut.
    const q2 = basisRateFor(WUSHAN.depositInterest, postings, { bankCode: 'CQRCB', term: 'DEMAND', periodStart: '2025-03-21', periodEnd: '2025-06-20' });
    expect(q2).toMatchObject({ rateDate: '2025-06-20', posted: { issuer: 'CQRCB', effectiveFrom: '2025-05-20' } });
    expect(q2.posted.rate.toFixed()).toBe('0.0005');
    expect(
      basisRateFor(WUSHAN.depositInterest, postings, {
        bankCode: 'CQRCB',
        term: 'DEMAND',
        periodStart: '2024-12-21',
        periodEnd: '2025-03-20',
      }).posted.rate.toFixed(),
    ).toBe('0.0015');
    // Chuxiong: the PBoC benchmark of the same term (unchanged since 2015-10-24), + 10 %: 1.50 % × 1.1 = 1.65 %.
    const oneYear = basisRateFor(CHUXIONG.depositInterest, postings, {
      bankCode: 'CQRCB',
      term: 'ONE_YEAR',
      periodStart: '2025-01-01',
      periodEnd: '2025-12-31',
    });
    expect(oneYear).toMatchObject({ rateDate: '2025-01-01', posted: { issuer: 'PBOC', effectiveFrom: '2015-10-24' } });
    expect(depositInterestRate(CHUXIONG.depositInterest, oneYear.posted.rate).toFixed()).toBe('0.0165');
  });

  it('refuses a term deposit under a demand-rate rule, and a period no posting covers, naming what to record', () => {
    expectError(
      () => basisRateFor(WUSHAN.depositInterest, postings, { bankCode: 'CQRCB', term: 'ONE_YEAR', periodStart: '2025-01-01', periodEnd: '2025-12-31' }),
      'term',
    );
    expectError(
      () => basisRateFor(WUSHAN.depositInterest, postings, { bankCode: 'PSBC', term: 'DEMAND', periodStart: '2025-01-01', periodEnd: '2025-03-20' }),
      'term',
      'RISK_FUND_FIGURE_NOT_RECORDED',
    );
    expectError(
      () => basisRateFor(WUSHAN.depositInterest, postings, { bankCode: 'CQRCB', term: 'DEMAND', periodStart: '2024-01-01', periodEnd: '2024-03-20' }),
      'term',
      'RISK_FUND_FIGURE_NOT_RECORDED',
    );
  });
});

describe('the yearly reward for collection (004 第十三条, domain/lending-reward)', () => {
  const figures = (overrides: Partial<LendingRewardInput> = {}): LendingRewardInput => ({
    newLending: d('3456789.99'),
    principalDue: d('1000000'),
    repaidByMaturity: d('950000'),
    overdueLoans: 12,
    pursuedLoans: 12,
    ...overrides,
  });

  it('at 100 % collection and 95 % recovery the ceiling is 1 % of new lending, rounded down to the fen', () => {
    // 3,456,789.99 × 1 % = 34,567.8999 → 34,567.89 ("不超过": never rounded up).
    const reward = assessLendingReward(figures(), WUSHAN);
    expect(reward).toMatchObject({ eligible: true, unmet: [] });
    expect(reward.maxReward.toFixed(2)).toBe('34567.89');
    expect(reward.recoveryRate!.toFixed()).toBe('0.95');
    // Nothing overdue: nothing left unpursued.
    expect(assessLendingReward(figures({ overdueLoans: 0, pursuedLoans: 0 }), WUSHAN).eligible).toBe(true);
  });

  it('one fen short of 95 %, one loan not pursued, nothing due, or no reward rule: no reward', () => {
    const short = assessLendingReward(figures({ repaidByMaturity: d('949999.99') }), WUSHAN);
    expect(short).toMatchObject({ eligible: false, unmet: ['recovery at maturity 94.99% is below 95%'] });
    expect(short.maxReward.toFixed(2)).toBe('0.00');
    expect(assessLendingReward(figures({ pursuedLoans: 11 }), WUSHAN).unmet).toEqual(['collection coverage 11/12 is below 100%']);
    expect(assessLendingReward(figures({ principalDue: d('0'), repaidByMaturity: d('0') }), WUSHAN)).toMatchObject({ eligible: false, recoveryRate: null });
    expect(assessLendingReward(figures(), CHUXIONG)).toMatchObject({ eligible: false, unmet: ['the rules in force set no lending reward'] });
    expectError(() => assessLendingReward(figures({ pursuedLoans: 13 }), WUSHAN), 'pursuedLoans');
    expectError(() => assessLendingReward(figures({ repaidByMaturity: d('1000000.01') }), WUSHAN), 'repaidByMaturity');
  });
});
