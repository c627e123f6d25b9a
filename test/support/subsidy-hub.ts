/**
 * The set-up the subsidy tests share: a test hub whose loans side lists the given households with
 * bank ABC in one township of the demo county (the funds side told their county, as the household
 * directory job would, and the banks as the bank directory job would), an in-process worker running the subsidy jobs, the poller that waits for
 * what the worker does in the background, and the maker-checker steps of a drafted batch.
 */
import { randomUUID } from 'node:crypto';
import { composeResidentId } from '../../common/domain/resident-id';
import { DEMO_BANKS, DEMO_COUNTY } from '../../demo/demo-county';
import { startTestHub, type TestHub } from '../../demo/test-hub';
import { type RunningWorker } from '../../queues/src/worker';
import { luhnCheckDigit } from '../../subgraphs/funds/src/domain/luhn';
import { syncBankDirectory } from './bank-directory';
import { startTestWorker } from './test-worker';

export const SUBSIDY_TOWNSHIP = '532301101';

/** A Luhn-valid 一卡通 card number of the demo's rural credit cooperative. */
export function ruralCard(n: number): string {
  const payload = `621779${String(n).padStart(12, '0')}`;
  return payload + luhnCheckDigit(payload);
}

export interface TestHousehold {
  householdId: string;
  residentId: string;
}

/** A household of the demo county with a valid resident ID born on `birthDate`. */
export function testHousehold(birthDate: string, sequence: number): TestHousehold {
  return { householdId: randomUUID(), residentId: composeResidentId(DEMO_COUNTY, birthDate, sequence) };
}

/** Polls until `check` holds of the answer (the worker computes and prepares in the background); 30 s at most. */
export async function until<T>(read: () => Promise<T>, check: (value: T) => boolean, what: string): Promise<T> {
  for (let i = 0; i < 300; i++) {
    const value = await read();
    if (check(value)) return value;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`never: ${what}: ${JSON.stringify(await read())}`);
}

export interface SubsidyHub {
  hub: TestHub;
  worker: RunningWorker;
  /** Confirms each batch as `maker` and approves it as `checker` (a batch the job drafted has no maker until a person confirms it). */
  confirmAndApprove(batchIds: string[], maker: string, checker: string): Promise<void>;
  close(): Promise<void>;
}

export async function startSubsidyHub(options: {
  namespace: string;
  households: TestHousehold[];
  env?: Record<string, string>;
  /** BullMQ's stalled-job check (a restarted worker takes over a killed one's job after it). */
  jobLockMs?: number;
}): Promise<SubsidyHub> {
  const hub = await startTestHub({
    QUEUE_NAMESPACE: `${options.namespace}_${process.pid}`,
    ...options.env,
    ...(process.env.REDIS_URL ? { REDIS_URL: process.env.REDIS_URL } : {}),
  });
  await hub.apps.loans.loadDemo({
    banks: DEMO_BANKS,
    listed: options.households.map((h) => ({
      bankCode: 'ABC',
      householdId: h.householdId,
      residentId: h.residentId,
      countyCode: DEMO_COUNTY,
      townshipCode: SUBSIDY_TOWNSHIP,
      listedFrom: '2021-06-01',
    })),
    loans: [],
  });
  // The banks reach the funds side's directory (a 一卡通 account's issuer must be registered).
  await syncBankDirectory(hub.apps);
  // These households exist only on the loans side here: the funds side is told their county as
  // the household directory job would have (setOneCardAccount is authorized by it).
  await hub.apps.funds.householdDirectory.record(options.households.map((h) => ({ id: h.householdId, countyCode: DEMO_COUNTY })));
  const worker = await startTestWorker(hub, ['subsidy'], { jobLockMs: options.jobLockMs });
  return {
    hub,
    worker,
    async confirmAndApprove(batchIds, maker, checker) {
      for (const id of batchIds) {
        await hub.data(maker, 'mutation($id: ID!) { confirmPayoutBatch(id: $id) { confirmedBy } }', { id });
        await hub.data(checker, 'mutation($id: ID!) { approvePayoutBatch(id: $id) { status } }', { id });
      }
    },
    async close() {
      await worker.close().catch(() => undefined);
      await hub.close();
    },
  };
}

/**
 * A loan as bank ABC reports it for the subsidy (and risk-fund) tests: 24 months for breeding, contracted and
 * disbursed on 2025-01-10 in SUBSIDY_TOWNSHIP at 3.45 %. Each test adds its contract, borrower,
 * amount and settlements (and overrides what it is about).
 */
export const REPORTED_LOAN_BASE = {
  countyCode: DEMO_COUNTY,
  townshipCode: SUBSIDY_TOWNSHIP,
  termMonths: 24,
  contractDate: '2025-01-10',
  maturityDate: '2027-01-10',
  purposeCategory: 'BREEDING',
  status: 'DISBURSED',
  statusDate: '2025-01-10',
  annualRate: '0.0345',
};

/** Normal interest settled for one period (`overdueInterestPaid`: the penalty interest settled with it, which is never subsidized). */
export interface InterestSettlement {
  periodStart: string;
  settlementDate: string;
  interestPaid: string;
  overdueInterestPaid: string;
}

/** What `interestPaid` settled for the period `window` names, with no penalty interest unless `overdueInterestPaid` says. */
export function settledIn(window: { periodStart: string; settlementDate: string }, interestPaid: string, overdueInterestPaid = '0.00'): InterestSettlement {
  return { periodStart: window.periodStart, settlementDate: window.settlementDate, interestPaid, overdueInterestPaid };
}

/** What each of `windows` settled: `interest[i]` for `windows[i]`, none where it is null. */
export function settledInEach(windows: readonly { periodStart: string; settlementDate: string }[], interest: readonly (string | null)[]): InterestSettlement[] {
  return windows.flatMap((window, i) => (interest[i] === null ? [] : [settledIn(window, interest[i])]));
}

/**
 * One loan of `household` as its bank reports it: REPORTED_LOAN_BASE with the loan's contract,
 * record version, principal (outstanding in full) and settlements; `overrides` are what the test
 * is about (another rate, status or date).
 */
export function reportedLoan(
  household: TestHousehold,
  loan: { contractNo: string; recordVersion: number; amount: string; interestPayments: InterestSettlement[] },
  overrides: Partial<typeof REPORTED_LOAN_BASE> & { outstandingPrincipal?: string } = {},
) {
  return {
    ...REPORTED_LOAN_BASE,
    contractNo: loan.contractNo,
    recordVersion: loan.recordVersion,
    householdId: household.householdId,
    borrowerResidentId: household.residentId,
    amount: loan.amount,
    outstandingPrincipal: loan.amount,
    interestPayments: loan.interestPayments,
    ...overrides,
  };
}

/**
 * One loan per household (`loans[i]` is `households[i]`'s) at record `version`, each settling
 * `interest[i][k]` for `windows[k]` (nothing where it is null): a bank's report of the quarters.
 */
export function reportedLoansSettling(
  households: readonly TestHousehold[],
  loans: readonly { contractNo: string; amount: string }[],
  version: number,
  windows: readonly { periodStart: string; settlementDate: string }[],
  interest: readonly (readonly (string | null)[])[],
) {
  return loans.map((loan, i) => reportedLoan(households[i], { ...loan, recordVersion: version, interestPayments: settledInEach(windows, interest[i]) }));
}

export interface ReportLoansAnswer {
  applied: number;
  rejected: { code: string; message: string }[];
}

/** Reports `records` through the gateway as bank `bankCode` (ABC unless said): what reportLoans answered. */
export async function reportLoans(hub: TestHub, records: unknown[], bankCode = 'ABC'): Promise<ReportLoansAnswer> {
  const bank = await hub.token({ role: 'bank', bank: bankCode });
  const answer = await hub.data(bank, 'mutation($r: [LoanRecordInput!]!) { reportLoans(records: $r) { applied rejected { code message } } }', { r: records });
  return answer.reportLoans;
}

/** Each household's 一卡通 account (YNRCC cards numbered from `firstCard`) and the year's subsidy budget, as the finance bureau records them. */
export async function openAccountsAndBudget(
  hub: TestHub,
  finance: string,
  households: readonly TestHousehold[],
  options: { firstCard: number; holderName: string; budget: { year: number; amount: string; reference: string } },
): Promise<void> {
  for (const [i, h] of households.entries()) {
    await hub.data(finance, 'mutation($input: OneCardAccountInput!) { setOneCardAccount(input: $input) }', {
      input: {
        householdId: h.householdId,
        countyCode: DEMO_COUNTY,
        issuingBankCode: 'YNRCC',
        accountNumber: ruralCard(options.firstCard + i),
        holderName: options.holderName,
      },
    });
  }
  const { year, amount, reference } = options.budget;
  await hub.data(finance, 'mutation($input: SubsidyBudgetInput!) { recordSubsidyBudget(input: $input) { available } }', {
    input: { countyCode: DEMO_COUNTY, year, amount, effectiveDate: `${year}-01-15`, reference },
  });
}

export interface PayingSubsidyHub extends SubsidyHub {
  /** The county's finance bureau as the maker (records accounts and budget, confirms batches) and as the checker (approves them). */
  maker: string;
  checker: string;
}

/** startSubsidyHub, then each household's 一卡通 account and the year's budget recorded by the maker: the county is ready to pay. */
export async function startPayingSubsidyHub(
  options: Parameters<typeof startSubsidyHub>[0] & { accounts: Parameters<typeof openAccountsAndBudget>[3] },
): Promise<PayingSubsidyHub> {
  const subsidy = await startSubsidyHub(options);
  const maker = await subsidy.hub.token({ role: 'finance', counties: [DEMO_COUNTY], subject: 'finance-maker' });
  const checker = await subsidy.hub.token({ role: 'finance', counties: [DEMO_COUNTY], subject: 'finance-checker' });
  await openAccountsAndBudget(subsidy.hub, maker, options.households, options.accounts);
  return { ...subsidy, maker, checker };
}
