/**
 * A stored loan judged again (subgraphs/loans/src/reevaluation/rejudge-loan.ts): the same outcome
 * as at receipt for the same policy data, the new outcome for new data, and the flags of checks
 * it cannot run again (no resident ID kept) or that do not depend on the policy carried over.
 */
import Decimal from 'decimal.js';
import { composeResidentId } from '../../common/domain/resident-id';
import { evaluateLoan } from '../../subgraphs/loans/src/policy/evaluate-loan';
import { policyInForce, SHIPPED_POLICY_VERSIONS, type LoanPolicyVersion } from '../../subgraphs/loans/src/policy/loan-policy';
import { lprInForce, SHIPPED_LPR_FIXINGS } from '../../subgraphs/loans/src/policy/lpr';
import { rejudgeLoan, type StoredLoanFacts, type StoredLoanFlag } from '../../subgraphs/loans/src/reevaluation/rejudge-loan';

const shipped = { versions: [...SHIPPED_POLICY_VERSIONS], fixings: [...SHIPPED_LPR_FIXINGS] };
const COUNTY = '532301';

/** A loan as the ingest stored it: evaluated with the borrower's ID, flags as stored. */
function stored(contractDate: string, residentId = composeResidentId(COUNTY, '1980-04-12', 321), extra: StoredLoanFlag[] = []): StoredLoanFacts {
  const facts = {
    amount: new Decimal('20000'),
    annualRate: new Decimal('0.03'),
    termMonths: 12,
    contractDate,
    maturityDate: `${Number(contractDate.slice(0, 4)) + 1}${contractDate.slice(4)}`,
    purposeCategory: 'BREEDING' as const,
    renewalCount: 0,
    convertedToFarmerLoan: false,
    otherOutstandingPrincipal: new Decimal(0),
  };
  const evaluation = evaluateLoan(
    { ...facts, borrowerResidentId: residentId },
    policyInForce(shipped.versions, COUNTY, contractDate),
    lprInForce(shipped.fixings, contractDate),
  );
  const flags = [...evaluation.flags.map((f) => ({ code: f.code, message: f.message, messageZh: f.messageZh, source: f.source })), ...extra];
  return {
    ...facts,
    countyCode: COUNTY,
    flags,
    subsidizedAmount: flags.length ? new Decimal(0) : evaluation.subsidizedAmount,
    policyVersionId: evaluation.policyVersionId,
    lprEffectiveDate: evaluation.lprEffectiveDate,
  };
}

const national2021 = SHIPPED_POLICY_VERSIONS.find((v) => v.id === 'national-2021')!;
const continuation: LoanPolicyVersion = {
  ...national2021,
  id: 'chuxiong-2026',
  regionCode: COUNTY,
  effectiveFrom: '2026-01-01',
  effectiveTo: null,
  rules: { ...national2021.rules, lendingWindowEnd: '2026-12-31' },
};
const OFF_LIST: StoredLoanFlag = { code: 'OFF_LIST_AT_CONTRACT', message: 'off the list', messageZh: '不在名单', source: '000 national §四(三)' };

describe('rejudgeLoan', () => {
  it('changes nothing when the policy data is what judged the loan at receipt', () => {
    const loan = stored('2026-03-10');
    expect(loan.flags.map((f) => f.code)).toEqual(['OUTSIDE_LENDING_WINDOW']);
    expect(rejudgeLoan(loan, shipped)).toMatchObject({ changed: false, flags: loan.flags, policyVersionId: 'national-2021' });
  });

  it('a county continuing the lending window clears the flag and gives the subsidy back', () => {
    const judged = rejudgeLoan(stored('2026-03-10'), { ...shipped, versions: [...shipped.versions, continuation] });
    expect(judged).toMatchObject({ changed: true, flags: [], policyVersionId: 'chuxiong-2026' });
    expect(judged.subsidizedAmount.toFixed(2)).toBe('20000.00');
  });

  it('carries over the ID check and the list check, in the order the ingest gives them, and keeps the loan unsubsidized', () => {
    const invalidId = composeResidentId(COUNTY, '1980-04-12', 321).slice(0, 17) + (composeResidentId(COUNTY, '1980-04-12', 321).endsWith('1') ? '2' : '1');
    const loan = stored('2026-03-10', invalidId, [OFF_LIST]);
    expect(loan.flags.map((f) => f.code)).toEqual(['INVALID_RESIDENT_ID', 'OUTSIDE_LENDING_WINDOW', 'OFF_LIST_AT_CONTRACT']);
    expect(rejudgeLoan(loan, shipped).changed).toBe(false);
    const judged = rejudgeLoan(loan, { ...shipped, versions: [...shipped.versions, continuation] });
    expect(judged.flags.map((f) => f.code)).toEqual(['INVALID_RESIDENT_ID', 'OFF_LIST_AT_CONTRACT']);
    expect(judged.subsidizedAmount.toFixed(2)).toBe('0.00');
  });

  it("keeps a misreported renewal count (only the record had the bank's count): the loan stays unsubsidized when its other flag clears", () => {
    const misreported: StoredLoanFlag = {
      code: 'RENEWAL_COUNT_MISREPORTED',
      message: 'the bank reported 0; the hub counts 1',
      messageZh: '次数不符',
      source: 'bank connector protocol',
    };
    const judged = rejudgeLoan(stored('2026-03-10', undefined, [misreported]), { ...shipped, versions: [...shipped.versions, continuation] });
    expect(judged.flags.map((f) => f.code)).toEqual(['RENEWAL_COUNT_MISREPORTED']);
    expect(judged.subsidizedAmount.toFixed(2)).toBe('0.00');
  });

  it('a loan of a county no version governs is NO_POLICY, carried flags after it', () => {
    const loan = { ...stored('2026-03-10', undefined, [OFF_LIST]) };
    const judged = rejudgeLoan(loan, { ...shipped, versions: [] });
    expect(judged.flags.map((f) => f.code)).toEqual(['NO_POLICY', 'OFF_LIST_AT_CONTRACT']);
    expect(judged.policyVersionId).toBeNull();
  });
});
