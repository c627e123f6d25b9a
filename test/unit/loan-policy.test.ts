import Decimal from 'decimal.js';
import { composeResidentId } from '../../common/domain/resident-id';
import { evaluateLoan, type LoanEvaluation, type LoanFacts } from '../../subgraphs/loans/src/policy/evaluate-loan';
import {
  parseLoanPolicyRules,
  policyInForce,
  serializeLoanPolicyRules,
  SHIPPED_POLICY_VERSIONS,
  type LoanPolicyVersion,
} from '../../subgraphs/loans/src/policy/loan-policy';
import { lprInForce, parseLprFixing, SHIPPED_LPR_FIXINGS } from '../../subgraphs/loans/src/policy/lpr';
import { PolicyDataError } from '../../subgraphs/loans/src/policy/policy-data-error';
import { judgeRecords, loanRowsOf, type BatchContext, type ExistingLoan, type IngestResult } from '../../subgraphs/loans/src/ingest/loan-batch';
import { parseLoanRecord } from '../../subgraphs/loans/src/ingest/loan-record.parse';
import { LoanStatus } from '../../subgraphs/loans/src/loan/loan-status';
import { LOAN_RECORD, LOAN_RECORD_RESIDENT_ID } from '../support/loan-record';

const CHUXIONG_CITY = '532301'; // 楚雄市, in 楚雄州 (5323)
const WUSHAN = '500237'; // 巫山县, Chongqing: no regional version ships for it

const d = (text: string) => new Decimal(text);

/** Born 1980-05-15: 40-something on every contract date used below, unless a test says otherwise. */
const ADULT_ID = composeResidentId(CHUXIONG_CITY, '1980-05-15', 11);

/**
 * A compliant 12-month loan under the 2021 rules. 3.00% is at or below every shipped 1-year LPR
 * (the lowest is 3.00 from 2025-05-20) and below the 2017 benchmark caps.
 */
function facts(overrides: Partial<LoanFacts> = {}): LoanFacts {
  return {
    amount: d('30000'),
    annualRate: d('0.03'),
    termMonths: 12,
    contractDate: '2024-10-21',
    maturityDate: '2025-10-21',
    borrowerResidentId: ADULT_ID,
    purposeCategory: 'PLANTING',
    renewalCount: 0,
    otherOutstandingPrincipal: d('0'),
    convertedToFarmerLoan: false,
    ...overrides,
  };
}

/** What a caller does: the policy and the LPR in force on the contract date. */
function evaluate(loan: LoanFacts, county = CHUXIONG_CITY, versions: readonly LoanPolicyVersion[] = SHIPPED_POLICY_VERSIONS): LoanEvaluation {
  return evaluateLoan(loan, policyInForce(versions, county, loan.contractDate), lprInForce(SHIPPED_LPR_FIXINGS, loan.contractDate));
}

const codes = (evaluation: LoanEvaluation) => evaluation.flags.map((flag) => flag.code);

function expectPolicyError(action: () => unknown, field: string, code = 'POLICY_INVALID_RULES'): void {
  let thrown: unknown;
  try {
    action();
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toBeInstanceOf(PolicyDataError);
  expect(thrown).toMatchObject({ code, field });
  expect((thrown as Error).message).toContain(field);
}

const national2021 = () => SHIPPED_POLICY_VERSIONS.find((version) => version.id === 'national-2021')!;

// ---------------------------------------------------------------------------------------------

describe('LPR history', () => {
  it('ships the published fixings as exact fractions', () => {
    expect(SHIPPED_LPR_FIXINGS).toHaveLength(15);
    const first = SHIPPED_LPR_FIXINGS[0];
    const last = SHIPPED_LPR_FIXINGS[14];
    expect([first.effectiveDate, first.oneYear.toFixed(), first.fiveYearPlus.toFixed()]).toEqual(['2019-08-20', '0.0425', '0.0485']);
    expect([last.effectiveDate, last.oneYear.toFixed(), last.fiveYearPlus.toFixed()]).toEqual(['2025-05-20', '0.03', '0.035']);
    const october2024 = SHIPPED_LPR_FIXINGS.find((fixing) => fixing.effectiveDate === '2024-10-21')!;
    expect([october2024.oneYear.toFixed(), october2024.fiveYearPlus.toFixed()]).toEqual(['0.031', '0.036']);
  });

  it('finds the fixing in force on either side of a change, in any order', () => {
    const reversed = [...SHIPPED_LPR_FIXINGS].reverse();
    for (const fixings of [SHIPPED_LPR_FIXINGS, reversed]) {
      expect(lprInForce(fixings, '2024-10-20')?.effectiveDate).toBe('2024-07-22');
      expect(lprInForce(fixings, '2024-10-20')?.oneYear.toFixed()).toBe('0.0335');
      expect(lprInForce(fixings, '2024-10-21')?.effectiveDate).toBe('2024-10-21');
      expect(lprInForce(fixings, '2030-01-01')?.effectiveDate).toBe('2025-05-20');
      expect(lprInForce(fixings, '2019-08-19')).toBeNull();
    }
  });

  it('accepts a valid fixing and refuses bad ones, naming the field', () => {
    const fixing = parseLprFixing({ effectiveDate: '2025-06-20', oneYear: '0.03125', fiveYearPlus: '0.035' });
    expect(fixing.oneYear.toFixed()).toBe('0.03125');
    expectPolicyError(
      () => parseLprFixing({ effectiveDate: '2023-02-29', oneYear: '0.03', fiveYearPlus: '0.035' }),
      'effectiveDate',
      'POLICY_INVALID_LPR_FIXING',
    );
    expectPolicyError(
      () => parseLprFixing({ effectiveDate: '2025/06/20', oneYear: '0.03', fiveYearPlus: '0.035' }),
      'effectiveDate',
      'POLICY_INVALID_LPR_FIXING',
    );
    // A percent typed where a fraction belongs.
    expectPolicyError(() => parseLprFixing({ effectiveDate: '2025-06-20', oneYear: '3.00', fiveYearPlus: '0.035' }), 'oneYear', 'POLICY_INVALID_LPR_FIXING');
    expectPolicyError(() => parseLprFixing({ effectiveDate: '2025-06-20', oneYear: '0', fiveYearPlus: '0.035' }), 'oneYear', 'POLICY_INVALID_LPR_FIXING');
    expectPolicyError(
      () => parseLprFixing({ effectiveDate: '2025-06-20', oneYear: '0.03', fiveYearPlus: '0.0350001' }),
      'fiveYearPlus',
      'POLICY_INVALID_LPR_FIXING',
    );
    expectPolicyError(
      () => parseLprFixing({ effectiveDate: '2025-06-20', oneYear: '0.03', fiveYearPlus: '3.5%' }),
      'fiveYearPlus',
      'POLICY_INVALID_LPR_FIXING',
    );
  });
});

// ---------------------------------------------------------------------------------------------

describe('policy versions and region fallback', () => {
  const versionOn = (county: string, date: string) => policyInForce(SHIPPED_POLICY_VERSIONS, county, date)?.id ?? null;

  it('switches at each effective date of the shipped versions', () => {
    expect(versionOn(CHUXIONG_CITY, '2017-07-27')).toBeNull();
    expect(versionOn(CHUXIONG_CITY, '2017-07-28')).toBe('national-2017');
    expect(versionOn(CHUXIONG_CITY, '2017-09-28')).toBe('national-2017');
    expect(versionOn(CHUXIONG_CITY, '2017-09-29')).toBe('chuxiong-2017');
    expect(versionOn(CHUXIONG_CITY, '2021-03-09')).toBe('chuxiong-2017');
    expect(versionOn(CHUXIONG_CITY, '2021-03-10')).toBe('national-2021');
    expect(versionOn(WUSHAN, '2020-01-01')).toBe('national-2017');
    expect(versionOn(WUSHAN, '2030-01-01')).toBe('national-2021');
  });

  it('names its seed source on every shipped version', () => {
    expect(SHIPPED_POLICY_VERSIONS.map((version) => [version.id, version.source.slice(0, 3)])).toEqual([
      ['national-2017', '001'],
      ['chuxiong-2017', '001'],
      ['national-2021', '000'],
    ]);
  });

  it('prefers the county, then prefecture, then province, then national', () => {
    const rules = national2021().rules;
    const version = (id: string, regionCode: string, effectiveFrom: string, effectiveTo: string | null): LoanPolicyVersion => ({
      id,
      regionCode,
      effectiveFrom,
      effectiveTo,
      name: id,
      source: 'test',
      rules,
    });
    const versions = [
      version('national', '', '2021-01-01', null),
      version('yunnan', '53', '2022-01-01', null),
      version('chuxiong-prefecture', '5323', '2022-06-01', '2023-01-01'),
      version('chuxiong-city', '532301', '2022-03-01', '2022-04-01'),
    ];
    const on = (county: string, date: string) => policyInForce(versions, county, date)?.id;
    expect(on(CHUXIONG_CITY, '2021-12-31')).toBe('national');
    expect(on(CHUXIONG_CITY, '2022-01-01')).toBe('yunnan');
    expect(on(CHUXIONG_CITY, '2022-03-01')).toBe('chuxiong-city');
    expect(on(CHUXIONG_CITY, '2022-04-01')).toBe('yunnan'); // effectiveTo is exclusive
    expect(on(CHUXIONG_CITY, '2022-06-01')).toBe('chuxiong-prefecture');
    expect(on('532322', '2022-03-15')).toBe('yunnan'); // 双柏县: not the city's own rules
    expect(on('532322', '2022-06-15')).toBe('chuxiong-prefecture');
    expect(on(CHUXIONG_CITY, '2023-01-01')).toBe('yunnan');
    expect(on('110105', '2022-06-15')).toBe('national');
  });

  it('refuses a county code that is not 6 digits and a malformed version region', () => {
    expectPolicyError(() => policyInForce(SHIPPED_POLICY_VERSIONS, '5323', '2022-01-01'), 'regionCode', 'POLICY_INVALID_ARGUMENT');
    const malformed = { ...national2021(), regionCode: '532' };
    expectPolicyError(() => policyInForce([malformed], CHUXIONG_CITY, '2022-01-01'), 'versions[0].regionCode', 'POLICY_INVALID_ARGUMENT');
  });
});

// ---------------------------------------------------------------------------------------------

describe('evaluateLoan: a compliant loan', () => {
  it('has no flags and reports the policy, the LPR and the cap it was checked against', () => {
    const result = evaluate(facts());
    expect(result.flags).toEqual([]);
    expect(result.policyVersionId).toBe('national-2021');
    expect(result.lprEffectiveDate).toBe('2024-10-21');
    expect(result.rateCap?.toFixed()).toBe('0.031');
    expect(result.subsidizedAmount.toFixed()).toBe('30000');
  });
});

describe('NO_POLICY', () => {
  it('flags a contract before the first shipped version, and not one on its first day', () => {
    const before = evaluate(facts({ contractDate: '2017-07-27', maturityDate: '2018-07-27' }));
    expect(codes(before)).toEqual(['NO_POLICY']);
    expect(before.policyVersionId).toBeNull();
    expect(before.rateCap).toBeNull();
    expect(before.subsidizedAmount.toFixed()).toBe('0');
    expect(before.flags[0].source).toBe('');

    const onFirstDay = evaluate(facts({ contractDate: '2017-07-28', maturityDate: '2018-07-28' }));
    expect(codes(onFirstDay)).toEqual([]);
    expect(onFirstDay.policyVersionId).toBe('national-2017');
  });
});

describe('AMOUNT_ABOVE_CAP and the subsidized part', () => {
  // 10,000 more for a household that already owes 50,000, contracted a day apart.
  const topUp = (contractDate: string, maturityDate: string) =>
    facts({ amount: d('10000'), otherOutstandingPrincipal: d('50000'), contractDate, maturityDate });

  it('refuses 50,000 + 10,000 under the Chuxiong 2017 rules (total at most 50,000)', () => {
    const result = evaluate(topUp('2021-03-09', '2022-03-09'));
    expect(result.policyVersionId).toBe('chuxiong-2017');
    expect(codes(result)).toEqual(['AMOUNT_ABOVE_CAP']);
    expect(result.flags[0].source).toBe('001 楚贫发〔2017〕71号 §五(一)四');
    expect(result.flags[0].message).toContain('60000.00 CNY (this loan 10000.00 + other live loans 50000.00)');
    expect(result.flags[0].message).toContain('cap of 50000.00 CNY');
    expect(result.flags[0].messageZh).toContain('合计60000.00元');
    expect(result.subsidizedAmount.toFixed()).toBe('0');
  });

  it('allows it under the 2021 national rules, unsubsidized because the first 50,000 is used', () => {
    const result = evaluate(topUp('2021-03-10', '2022-03-10'));
    expect(result.policyVersionId).toBe('national-2021');
    expect(codes(result)).toEqual([]);
    expect(result.subsidizedAmount.toFixed()).toBe('0');
  });

  it('allows a household total of exactly 100,000 and refuses one fen more (2021)', () => {
    expect(codes(evaluate(facts({ amount: d('50000'), otherOutstandingPrincipal: d('50000') })))).toEqual([]);
    const over = evaluate(facts({ amount: d('50000.01'), otherOutstandingPrincipal: d('50000') }));
    expect(codes(over)).toEqual(['AMOUNT_ABOVE_CAP']);
    expect(over.flags[0].source).toBe('000 national §二(三)');
  });

  it('subsidizes 50,000 in full and 50,000.01 only up to 50,000', () => {
    const exact = evaluate(facts({ amount: d('50000') }));
    expect(codes(exact)).toEqual([]);
    expect(exact.subsidizedAmount.toFixed(2)).toBe('50000.00');

    const oneFenMore = evaluate(facts({ amount: d('50000.01') }));
    expect(codes(oneFenMore)).toEqual([]);
    expect(oneFenMore.subsidizedAmount.toFixed(2)).toBe('50000.00');
  });

  it('subsidizes only what is left of the household 50,000', () => {
    // 50,000 − 20,000 already owed = 30,000 of this 40,000.
    expect(evaluate(facts({ amount: d('40000'), otherOutstandingPrincipal: d('20000') })).subsidizedAmount.toFixed()).toBe('30000');
    expect(evaluate(facts({ amount: d('20000'), otherOutstandingPrincipal: d('20000') })).subsidizedAmount.toFixed()).toBe('20000');
  });

  it('refuses 50,000.01 alone under the 2017 rules', () => {
    const result = evaluate(facts({ amount: d('50000.01'), contractDate: '2020-01-02', maturityDate: '2021-01-02' }));
    expect(result.policyVersionId).toBe('chuxiong-2017');
    expect(codes(result)).toEqual(['AMOUNT_ABOVE_CAP']);
  });
});

describe('TERM_TOO_LONG', () => {
  it('allows 36 months and flags 37', () => {
    expect(codes(evaluate(facts({ termMonths: 36, maturityDate: '2027-10-21' })))).toEqual([]);
    const result = evaluate(facts({ termMonths: 37, maturityDate: '2027-11-21' }));
    expect(codes(result)).toEqual(['TERM_TOO_LONG']);
    expect(result.flags[0].message).toBe('The term of 37 months is longer than the maximum of 36 months.');
    expect(result.rateCap).toBeNull(); // no bucket covers 37 months
  });
});

describe('RATE_ABOVE_CAP against the LPR in force on the contract date', () => {
  it('allows 3.20% for 12 months on 2024-10-20 (1Y LPR 3.35) and flags it on 2024-10-21 (3.10)', () => {
    const before = evaluate(facts({ annualRate: d('0.032'), contractDate: '2024-10-20', maturityDate: '2025-10-20' }));
    expect(codes(before)).toEqual([]);
    expect(before.rateCap?.toFixed()).toBe('0.0335');
    expect(before.lprEffectiveDate).toBe('2024-07-22');

    const after = evaluate(facts({ annualRate: d('0.032') }));
    expect(codes(after)).toEqual(['RATE_ABOVE_CAP']);
    expect(after.rateCap?.toFixed()).toBe('0.031');
    expect(after.flags[0].message).toBe('The annual rate 3.20% is above the cap of 3.10% for a 12-month loan (1-year LPR 3.10% in force from 2024-10-21).');
    expect(after.flags[0].source).toBe('000 national §一(四)');
    expect(after.subsidizedAmount.toFixed()).toBe('0');
  });

  it('allows a rate exactly at the cap', () => {
    expect(codes(evaluate(facts({ annualRate: d('0.031') })))).toEqual([]);
  });

  it('caps 13 to 36 months at the 5-year-plus LPR (3.85 then 3.60)', () => {
    const thirteenMonths = { annualRate: d('0.037'), termMonths: 13 };
    expect(codes(evaluate(facts({ ...thirteenMonths, contractDate: '2024-10-20', maturityDate: '2025-11-20' })))).toEqual([]);
    const after = evaluate(facts({ ...thirteenMonths, maturityDate: '2025-11-21' }));
    expect(codes(after)).toEqual(['RATE_ABOVE_CAP']);
    expect(after.rateCap?.toFixed()).toBe('0.036');
    // The same 3.70% for 12 months falls in the 1-year bucket (3.35) even before the change.
    expect(codes(evaluate(facts({ annualRate: d('0.037'), contractDate: '2024-10-20', maturityDate: '2025-10-20' })))).toEqual(['RATE_ABOVE_CAP']);
  });

  it('holds 2017 loans to the fixed benchmark caps, 4.35% and 4.75%', () => {
    const at = (annualRate: string, termMonths: number, maturityDate: string) =>
      evaluate(facts({ annualRate: d(annualRate), termMonths, contractDate: '2020-01-02', maturityDate }));
    const atCap = at('0.0435', 12, '2021-01-02');
    expect(codes(atCap)).toEqual([]);
    expect(atCap.rateCap?.toFixed()).toBe('0.0435');
    expect(atCap.lprEffectiveDate).toBeNull();
    expect(codes(at('0.0436', 12, '2021-01-02'))).toEqual(['RATE_ABOVE_CAP']);
    expect(codes(at('0.0475', 24, '2022-01-02'))).toEqual([]);
    expect(codes(at('0.0476', 24, '2022-01-02'))).toEqual(['RATE_ABOVE_CAP']);
  });
});

describe('NO_LPR', () => {
  // The 2021 rules, as if a region had adopted them in 2019, before the first LPR fixing.
  const early: LoanPolicyVersion = { ...national2021(), id: 'early-lpr-rules', effectiveFrom: '2019-01-01' };

  it('flags a loan whose LPR cap cannot be checked, and checks it from the first fixing on', () => {
    const before = evaluate(facts({ contractDate: '2019-08-19', maturityDate: '2020-08-19' }), CHUXIONG_CITY, [early]);
    expect(codes(before)).toEqual(['NO_LPR']);
    expect(before.rateCap).toBeNull();
    expect(before.subsidizedAmount.toFixed()).toBe('0');

    const after = evaluate(facts({ contractDate: '2019-08-20', maturityDate: '2020-08-20' }), CHUXIONG_CITY, [early]);
    expect(codes(after)).toEqual([]);
    expect(after.rateCap?.toFixed()).toBe('0.0425');
  });
});

describe('BORROWER_AGE (on the contract date, both ends inclusive)', () => {
  const yearLater = (date: string) => `${Number(date.slice(0, 4)) + 1}${date.slice(4)}`;
  const borrowerBorn = (birthDate: string, contractDate: string) =>
    evaluate(facts({ borrowerResidentId: composeResidentId(CHUXIONG_CITY, birthDate, 21), contractDate, maturityDate: yearLater(contractDate) }));

  it('is 17 the day before the 18th birthday and 18 on it', () => {
    const dayBefore = borrowerBorn('2007-03-10', '2025-03-09');
    expect(codes(dayBefore)).toEqual(['BORROWER_AGE']);
    expect(dayBefore.flags[0].message).toBe('The borrower is 17 on the contract date 2025-03-09; the policy lends to ages 18 to 65 inclusive.');
    expect(dayBefore.flags[0].source).toBe('000 national §一(九)');
    expect(codes(borrowerBorn('2007-03-10', '2025-03-10'))).toEqual([]);
  });

  it('is 65 the day before the 66th birthday and 66 on it', () => {
    expect(codes(borrowerBorn('1959-06-15', '2025-06-14'))).toEqual([]);
    const onBirthday = borrowerBorn('1959-06-15', '2025-06-15');
    expect(codes(onBirthday)).toEqual(['BORROWER_AGE']);
    expect(onBirthday.flags[0].messageZh).toContain('为66周岁');
  });

  it('gives someone born on 29 February the birthday on 28 February in common years', () => {
    expect(codes(borrowerBorn('1956-02-29', '2022-02-27'))).toEqual([]); // still 65
    expect(codes(borrowerBorn('1956-02-29', '2022-02-28'))).toEqual(['BORROWER_AGE']); // 66
  });

  it('sets no upper age under the 2017 rules', () => {
    const result = evaluate(
      facts({ borrowerResidentId: composeResidentId(CHUXIONG_CITY, '1940-01-01', 21), contractDate: '2020-01-02', maturityDate: '2021-01-02' }),
    );
    expect(codes(result)).toEqual([]);
  });
});

describe('INVALID_RESIDENT_ID', () => {
  it('accepts a lowercase x check character', () => {
    // 532301 19850708 005 → check character X (ISO 7064 MOD 11-2, computed by hand).
    expect(codes(evaluate(facts({ borrowerResidentId: '53230119850708005x' })))).toEqual([]);
  });

  it('flags a wrong check character without quoting the number', () => {
    const result = evaluate(facts({ borrowerResidentId: '532301198507080051' }));
    expect(codes(result)).toEqual(['INVALID_RESIDENT_ID']);
    expect(result.flags[0].message).toBe("The borrower's resident ID is not a valid GB 11643 number: its check character does not match (ISO 7064 MOD 11-2).");
    expect(result.flags[0].source).toBe('GB 11643-1999');
    expect(result.subsidizedAmount.toFixed()).toBe('0');
  });

  it('flags a birth date that does not exist (1961 has no 29 February) instead of guessing an age', () => {
    const result = evaluate(facts({ borrowerResidentId: composeResidentId(CHUXIONG_CITY, '1961-02-29', 21) }));
    expect(codes(result)).toEqual(['INVALID_RESIDENT_ID']);
    expect(result.flags[0].message).toContain('birth date does not exist');
  });

  it('flags a birth date after the contract date', () => {
    const result = evaluate(facts({ borrowerResidentId: composeResidentId(CHUXIONG_CITY, '2024-10-22', 21) }));
    expect(codes(result)).toEqual(['INVALID_RESIDENT_ID']);
  });
});

describe('PURPOSE_NOT_ALLOWED', () => {
  it('flags house building and allows breeding', () => {
    const result = evaluate(facts({ purposeCategory: 'HOUSE_BUILDING' }));
    expect(codes(result)).toEqual(['PURPOSE_NOT_ALLOWED']);
    expect(result.flags[0].messageZh).toContain('“建房”');
    expect(result.flags[0].source).toBe('000 national §一(八)');
    expect(codes(evaluate(facts({ purposeCategory: 'BREEDING' })))).toEqual([]);
  });

  it('flags company use under the 2017 rules too', () => {
    expect(codes(evaluate(facts({ purposeCategory: 'ENTERPRISE_USE', contractDate: '2020-01-02', maturityDate: '2021-01-02' })))).toEqual([
      'PURPOSE_NOT_ALLOWED',
    ]);
  });
});

describe('TOO_MANY_RENEWALS', () => {
  it('allows one renewal or extension under the 2021 rules and flags a second', () => {
    expect(codes(evaluate(facts({ renewalCount: 1 })))).toEqual([]);
    const result = evaluate(facts({ renewalCount: 2 }));
    expect(codes(result)).toEqual(['TOO_MANY_RENEWALS']);
    expect(result.flags[0].message).toBe('The loan has been renewed or extended 2 times; the policy allows 1.');
  });

  it('sets no limit under the 2017 rules', () => {
    expect(codes(evaluate(facts({ renewalCount: 3, contractDate: '2020-01-02', maturityDate: '2021-01-02' })))).toEqual([]);
  });
});

describe('OUTSIDE_LENDING_WINDOW', () => {
  it('allows a contract on 2025-12-31 and flags one on 2026-01-01', () => {
    expect(codes(evaluate(facts({ contractDate: '2025-12-31', maturityDate: '2026-12-31' })))).toEqual([]);
    const result = evaluate(facts({ contractDate: '2026-01-01', maturityDate: '2027-01-01' }));
    expect(codes(result)).toEqual(['OUTSIDE_LENDING_WINDOW']);
    expect(result.flags[0].source).toBe('000 national §一(十)');
  });
});

describe('CONVERTED_TO_FARMER_LOAN', () => {
  it('flags the loan and stops its subsidy', () => {
    const result = evaluate(facts({ convertedToFarmerLoan: true }));
    expect(codes(result)).toEqual(['CONVERTED_TO_FARMER_LOAN']);
    expect(result.subsidizedAmount.toFixed()).toBe('0');
  });
});

describe('MATURITY_MISMATCH', () => {
  const oneMonthFrom31January = (maturityDate: string) => evaluate(facts({ termMonths: 1, contractDate: '2024-01-31', maturityDate }));

  it('allows maturity up to contract date + term, clamped to the month end', () => {
    expect(codes(oneMonthFrom31January('2024-02-29'))).toEqual([]);
    expect(codes(oneMonthFrom31January('2024-02-15'))).toEqual([]); // earlier is no harm
  });

  it('flags a maturity a day later, and one not after the contract date', () => {
    const late = oneMonthFrom31January('2024-03-01');
    expect(codes(late)).toEqual(['MATURITY_MISMATCH']);
    expect(late.flags[0].message).toBe('The maturity date 2024-03-01 is later than the contract date 2024-01-31 plus the 1-month term (2024-02-29).');
    expect(codes(oneMonthFrom31January('2024-01-31'))).toEqual(['MATURITY_MISMATCH']);
  });
});

describe('evaluateLoan input', () => {
  it('refuses malformed facts, naming the field', () => {
    const policy = national2021();
    expectPolicyError(() => evaluateLoan(facts({ contractDate: '2024-02-30' }), policy, null), 'contractDate', 'POLICY_INVALID_ARGUMENT');
    expectPolicyError(() => evaluateLoan(facts({ amount: d('0') }), policy, null), 'amount', 'POLICY_INVALID_ARGUMENT');
    expectPolicyError(() => evaluateLoan(facts({ termMonths: 1.5 }), policy, null), 'termMonths', 'POLICY_INVALID_ARGUMENT');
  });

  it('collects every breach, in a stable order', () => {
    const result = evaluate(
      facts({
        amount: d('60000'),
        otherOutstandingPrincipal: d('50000'),
        annualRate: d('0.05'),
        purposeCategory: 'MARRIAGE',
        renewalCount: 2,
        convertedToFarmerLoan: true,
      }),
    );
    expect(codes(result)).toEqual(['AMOUNT_ABOVE_CAP', 'RATE_ABOVE_CAP', 'PURPOSE_NOT_ALLOWED', 'TOO_MANY_RENEWALS', 'CONVERTED_TO_FARMER_LOAN']);
  });
});

// ---------------------------------------------------------------------------------------------

describe('policy rules as JSON', () => {
  const valid = () => serializeLoanPolicyRules(national2021().rules) as unknown as Record<string, unknown>;

  it('serializes decimals as strings and reads its own output back unchanged', () => {
    const json = JSON.parse(JSON.stringify(valid()));
    expect(json).toMatchObject({
      maxSubsidizedAmount: '50000',
      maxTotalPerHousehold: '100000',
      maxTermMonths: 36,
      rateCap: [
        { maxTermMonths: 12, lprTenor: 'ONE_YEAR', spread: '0' },
        { maxTermMonths: 36, lprTenor: 'FIVE_YEAR_PLUS', spread: '0' },
      ],
      maxBorrowerAge: 65,
      maxRenewals: 1,
      subsidyRatio: '1',
      nplTolerancePp: '3',
      lendingWindowEnd: '2025-12-31',
    });
    expect(serializeLoanPolicyRules(parseLoanPolicyRules(json))).toEqual(json);
    const chuxiong = SHIPPED_POLICY_VERSIONS.find((version) => version.id === 'chuxiong-2017')!;
    expect(serializeLoanPolicyRules(chuxiong.rules).rateCap).toEqual([
      { maxTermMonths: 12, fixedCap: '0.0435' },
      { maxTermMonths: 36, fixedCap: '0.0475' },
    ]);
    expect(serializeLoanPolicyRules(chuxiong.rules).nplTolerancePp).toBe('2');
  });

  const withField = (field: string, value: unknown) => ({ ...valid(), [field]: value });
  const withBucket = (index: number, bucket: unknown) => {
    const rateCap = [...(valid().rateCap as unknown[])];
    rateCap[index] = bucket;
    return { ...valid(), rateCap };
  };

  it.each<[string, string, unknown]>([
    ['a number where a decimal string belongs', 'maxSubsidizedAmount', withField('maxSubsidizedAmount', 50000)],
    ['a total below the subsidized amount', 'maxTotalPerHousehold', withField('maxTotalPerHousehold', '40000')],
    ['a fraction of a month', 'maxTermMonths', withField('maxTermMonths', 36.5)],
    ['a bad LPR tenor', 'rateCap[1].lprTenor', withBucket(1, { maxTermMonths: 36, lprTenor: 'TWO_YEAR', spread: '0' })],
    ['a spread that is not a number', 'rateCap[1].spread', withBucket(1, { maxTermMonths: 36, lprTenor: 'FIVE_YEAR_PLUS', spread: 'abc' })],
    ['a bucket with both cap kinds', 'rateCap[0]', withBucket(0, { maxTermMonths: 12, lprTenor: 'ONE_YEAR', spread: '0', fixedCap: '0.04' })],
    ['buckets out of order', 'rateCap[1].maxTermMonths', withBucket(1, { maxTermMonths: 12, lprTenor: 'FIVE_YEAR_PLUS', spread: '0' })],
    ['buckets short of the maximum term', 'rateCap[1].maxTermMonths', withBucket(1, { maxTermMonths: 24, lprTenor: 'FIVE_YEAR_PLUS', spread: '0' })],
    ['an unknown purpose', 'allowedPurposes[1]', withField('allowedPurposes', ['PLANTING', 'GAMBLING'])],
    ['a subsidy ratio above 1', 'subsidyRatio', withField('subsidyRatio', '1.5')],
    ['a window end that does not exist', 'lendingWindowEnd', withField('lendingWindowEnd', '2025-02-30')],
    ['a maximum age below the minimum', 'maxBorrowerAge', withField('maxBorrowerAge', 17)],
    ['a misspelt key', 'maxTermMonth', { ...valid(), maxTermMonth: 36 }],
    ['a missing rule', 'maxRenewals', (({ maxRenewals: _dropped, ...rest }) => rest)(valid())],
  ])('refuses %s, naming %s', (_what, field, json) => {
    expectPolicyError(() => parseLoanPolicyRules(json), field);
  });

  it('refuses something that is not an object', () => {
    expectPolicyError(() => parseLoanPolicyRules([]), '(document)');
  });
});

describe('the renewal limit, judged on the hub’s own count (issue 14)', () => {
  // The pure judgement of a batch (loan-batch.ts): a household at ABC whose contract A was renewed into B.
  const HOUSEHOLD = '6b1f0c8e-2a41-4d3b-9c55-0e7a1d2f3b4c';
  const HASH = 'f'.repeat(64);
  const POLICY = { versions: [...SHIPPED_POLICY_VERSIONS], fixings: [...SHIPPED_LPR_FIXINGS] };
  const stored = (contractNo: string, previous: string | null): ExistingLoan => ({
    contract_no: contractNo,
    household_id: HOUSEHOLD,
    record_version: 2,
    status: LoanStatus.RENEWED,
    outstanding_principal: '0.00',
    payment_count: 0,
    payments_digest: null,
    previous_contract_no: previous,
  });
  const context = (existing: ExistingLoan[]): BatchContext => ({
    idHashes: new Map([[LOAN_RECORD_RESIDENT_ID, HASH]]),
    householdByHash: new Map([[HASH, HOUSEHOLD]]),
    periodsByHousehold: new Map([
      [
        HOUSEHOLD,
        [
          {
            household_id: HOUSEHOLD,
            id_hash: HASH,
            listed_from: '2021-06-01',
            listed_to: null,
            county_code: '532301',
            township_code: '532301101',
            last_sequence: '1',
          },
        ],
      ],
    ]),
    existing,
    current: new Map(existing.map((l) => [l.contract_no, { version: l.record_version, status: l.status, householdId: l.household_id }])),
    digests: new Map(),
    legacy: [],
    paymentsOnRecord: new Map(),
  });
  const record = (contractNo: string, previousContractNo: string | null, renewalCount: number) => {
    const result = parseLoanRecord({ ...LOAN_RECORD, recordVersion: 1, contractNo, previousContractNo, renewalCount }, '2026-12-02');
    if (!result.ok) throw new Error(result.rejection.message);
    return result.record;
  };
  const judge = (records: ReturnType<typeof record>[], existing: ExistingLoan[], policy = POLICY) => {
    const result: IngestResult = { received: records.length, applied: 0, duplicates: 0, rejected: [] };
    const ctx = context(existing);
    const accepted = judgeRecords(
      records.map((r, index) => ({ index, record: r })),
      ctx,
      'ABC',
      result,
    );
    return {
      result,
      rows: loanRowsOf(accepted, ctx.existing, policy, 'ABC').loanRows as { contract_no: string; renewal_count: number; flag_codes: string[] }[],
    };
  };

  it('flags a renewal of a renewal reported with renewalCount 0: the hub counts 2, over the 2021 limit of 1, and notes the misreport', () => {
    const { result, rows } = judge([record('C', 'B', 0)], [stored('A', null), stored('B', 'A')]);
    expect(result.rejected).toEqual([]);
    expect(rows).toEqual([expect.objectContaining({ contract_no: 'C', renewal_count: 2, flag_codes: ['TOO_MANY_RENEWALS', 'RENEWAL_COUNT_MISREPORTED'] })]);
  });

  it('takes a count that agrees (flagged for the limit only), and a first renewal within the limit unflagged', () => {
    expect(judge([record('C', 'B', 2)], [stored('A', null), stored('B', 'A')]).rows[0]).toMatchObject({ renewal_count: 2, flag_codes: ['TOO_MANY_RENEWALS'] });
    expect(judge([record('B', 'A', 1)], [stored('A', null)]).rows[0]).toMatchObject({ renewal_count: 1, flag_codes: [] });
  });

  it('counts along a chain that arrives in one batch, in any order', () => {
    const { rows } = judge([record('Z3', 'Z2', 2), record('Z1', null, 0), record('Z2', 'Z1', 1)], []);
    expect(Object.fromEntries(rows.map((r) => [r.contract_no, r.renewal_count]))).toEqual({ Z1: 0, Z2: 1, Z3: 2 });
  });

  it('notes a renewal count with no previous contract named', () => {
    expect(judge([record('C', null, 1)], []).rows[0]).toMatchObject({ renewal_count: 0, flag_codes: ['RENEWAL_COUNT_MISREPORTED'] });
  });

  it('refuses a renewal of a contract the hub does not hold for the household (PREVIOUS_CONTRACT_UNKNOWN)', () => {
    const { result, rows } = judge([record('C', 'NOWHERE', 1)], []);
    expect(rows).toEqual([]);
    expect(result.rejected).toEqual([expect.objectContaining({ code: 'PREVIOUS_CONTRACT_UNKNOWN', field: 'previousContractNo', contractNo: 'C' })]);
  });

  it('reads the limit from the policy version: without a maxRenewals the hub’s count flags nothing but the misreport', () => {
    const noLimit = { ...POLICY, versions: POLICY.versions.map((v) => ({ ...v, rules: { ...v.rules, maxRenewals: null } })) };
    expect(judge([record('C', 'B', 2)], [stored('A', null), stored('B', 'A')], noLimit).rows[0]).toMatchObject({ flag_codes: [] });
  });
});
