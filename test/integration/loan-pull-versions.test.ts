/**
 * Issue 17, lever 1: a bank's feed comes in day order, so a contract's versions are spread over
 * many pages. One pull (the pull job's pullLoanRecords, over a feed served page by page) stores
 * each contract once, at its last version, and keeps the history the bank reported: every
 * version's digest (a resend of any of them with other content is still a conflict), a status
 * event per version that changed the status, and each interest payment with the version that set
 * it. The household total of the 追加 rule is judged as the feed stood at each loan's last
 * version, not with the loans that came after it. The demo county is loaded as `npm start` loads
 * it: its households, each bank's list as delivered, and the banks' loans.
 */
import type { DemoCounty } from '../../demo/demo-county';
import type { LoansApp } from '../../subgraphs/loans/src/loans.app';
import type { TestHub } from '../../demo/test-hub';
import { startDemoLoansHub } from '../support/demo-loans-hub';
import { recordWindowContinuation } from '../support/policy-versions';
import { addDays, shanghaiDate } from '../../common/domain/calendar-date';
import type { BankConnectorClient } from '../../queues/src/bank-connector/bank-connector.client';
import { pullLoanRecords } from '../../queues/src/jobs/pull-loan-records';

/** The last `count` quarterly settlement days (the 20th of March, June, September, December) before `today`, oldest first. */
function settlementDaysBefore(today: string, count: number): string[] {
  const days: string[] = [];
  for (let year = Number(today.slice(0, 4)); days.length < count; year--) {
    for (const month of ['12', '09', '06', '03']) {
      const day = `${year}-${month}-20`;
      if (day < today && days.length < count) days.push(day);
    }
  }
  return days.reverse();
}

/** A bank's feed served as the connector reads it: `pageSize` records a page, the cursor the position after it. */
function feedOf(records: unknown[]): BankConnectorClient {
  const connector = {
    async fetchLoanRecords(_bank: string, after: string | null, limit: number) {
      const from = after === null ? 0 : Number(after);
      const page = records.slice(from, from + limit);
      const hasMore = from + page.length < records.length;
      return { records: page, hasMore, nextCursor: page.length ? String(from + page.length) : null };
    },
  };
  return connector as unknown as BankConnectorClient;
}

describe('loan pull (issue 17): a contract in several versions over one pull', () => {
  let hub: TestHub;
  let demo: DemoCounty;
  let ingest: LoansApp['ingest'];
  /** The demo bank with the most listed households that have no demo loan. */
  let BANK: string;
  const today = shanghaiDate();
  const [s1, s2, s3] = settlementDaysBefore(today, 3);
  const contractDate = addDays(s1, -40);

  /** Households on the bank's list with no demo loan (the demo's loans would count toward their totals). */
  const freeHouseholds = (bank = BANK) => {
    const borrowing = new Set(demo.loans.map((l) => l.householdId));
    return demo.listed.filter((m) => m.bankCode === bank && !borrowing.has(m.householdId));
  };
  const contract = (of: DemoCounty['listed'][number], contractNo: string, amount = '10000.00') => ({
    contractNo,
    recordVersion: 1,
    householdId: of.householdId,
    borrowerResidentId: of.residentId,
    countyCode: of.countyCode,
    townshipCode: of.townshipCode,
    amount,
    annualRate: '0.0300',
    termMonths: 12,
    contractDate,
    maturityDate: `${Number(contractDate.slice(0, 4)) + 1}${contractDate.slice(4)}`,
    purposeCategory: 'BREEDING',
    status: 'DISBURSED',
    statusDate: contractDate,
    outstandingPrincipal: amount,
    previousContractNo: null,
    renewalCount: 0,
    insured: false,
    convertedToFarmerLoan: false,
    interestPayments: [] as { settlementDate: string; periodStart: string; interestPaid: string; overdueInterestPaid: string }[],
  });
  const p1 = { settlementDate: s1, periodStart: contractDate, interestPaid: '33.33', overdueInterestPaid: '0.00' };
  const p2 = { settlementDate: s2, periodStart: addDays(s1, 1), interestPaid: '76.67', overdueInterestPaid: '0.00' };
  const p3 = { settlementDate: s3, periodStart: addDays(s2, 1), interestPaid: '75.83', overdueInterestPaid: '1.20' };

  const storedLoan = async (contractNo: string) =>
    (
      await hub.dataSources.loans.query(
        `SELECT id, record_version, status, to_char(status_date, 'YYYY-MM-DD') AS status_date, outstanding_principal::text AS outstanding, payment_count,
           flag_codes, subsidized_amount::text AS subsidized, created_at = updated_at AS written_once
         FROM loans.loans WHERE bank_code = $1 AND contract_no = $2`,
        [BANK, contractNo],
      )
    )[0];
  const historyOf = async (loanId: string) => {
    const [events, digests, payments] = await Promise.all([
      hub.dataSources.loans.query(
        `SELECT record_version, from_status, to_status, to_char(status_date, 'YYYY-MM-DD') AS status_date, source
         FROM loans.loan_status_events WHERE loan_id = $1 ORDER BY record_version`,
        [loanId],
      ),
      hub.dataSources.loans.query('SELECT record_version FROM loans.loan_record_digests WHERE loan_id = $1 ORDER BY record_version', [loanId]),
      hub.dataSources.loans.query(
        `SELECT to_char(settlement_date, 'YYYY-MM-DD') AS settlement_date, interest_paid::text AS interest, overdue_interest_paid::text AS overdue, record_version
         FROM loans.loan_interest_payments WHERE loan_id = $1 ORDER BY settlement_date`,
        [loanId],
      ),
    ]);
    return { events, digests: digests.map((d: { record_version: number }) => d.record_version), payments };
  };

  beforeAll(async () => {
    ({ hub, demo } = await startDemoLoansHub(24));
    ingest = hub.apps.loans.ingest;
    // The county continues the 2021 rules past their lending window (2025-12-31), as data: the loans here are contracted this year.
    await recordWindowContinuation(hub, await hub.token({ role: 'admin' }), 'test-continuation');
    BANK = [...new Set(demo.listed.map((m) => m.bankCode))].sort((a, b) => freeHouseholds(b).length - freeHouseholds(a).length)[0];
    expect(freeHouseholds().length).toBeGreaterThanOrEqual(3);
  }, 90_000);

  afterAll(async () => {
    await hub?.close();
  });

  it('stores the last version once and keeps every version’s digest, status event and payment', async () => {
    const [first, second] = freeHouseholds();
    const c = contract(first, `${BANK}-PULL-C`);
    const d = contract(second, `${BANK}-PULL-D`);
    const versions = {
      c1: c,
      c2: { ...c, recordVersion: 2, interestPayments: [p1] },
      c3: { ...c, recordVersion: 3, status: 'OVERDUE', statusDate: addDays(s2, 1), outstandingPrincipal: '10000.00', interestPayments: [p1, p2] },
      c4: { ...c, recordVersion: 4, status: 'REPAID', statusDate: s3, outstandingPrincipal: '0.00', interestPayments: [p1, p2, p3] },
      d1: d,
      d2: { ...d, recordVersion: 2, interestPayments: [p1] },
    };
    // In day order, two records a page: the contract's versions come on all three pages.
    const feed = [versions.c1, versions.d1, versions.c2, versions.d2, versions.c3, versions.c4];
    const totals = await pullLoanRecords(BANK, { connector: feedOf(feed), ingest, pageSize: 2 });
    expect(totals).toEqual({ pages: 3, received: 6, applied: 6, duplicates: 0, rejected: 0, rejectionCodes: [] });
    const [cursor] = await hub.dataSources.loans.query('SELECT cursor, records_read::int AS read FROM loans.bank_pull_cursors WHERE bank_code = $1', [BANK]);
    expect(cursor).toEqual({ cursor: '6', read: 6 });

    // The last state, written once (inserted at it, never updated through the earlier versions).
    const loan = await storedLoan(c.contractNo);
    expect(loan).toMatchObject({ record_version: 4, status: 'REPAID', status_date: s3, outstanding: '0.00', payment_count: 3, written_once: true });
    expect(await storedLoan(d.contractNo)).toMatchObject({ record_version: 2, status: 'DISBURSED', payment_count: 1, written_once: true });
    // The history as the bank reported it, version by version.
    expect(await historyOf(loan.id)).toEqual({
      events: [
        { record_version: 1, from_status: null, to_status: 'DISBURSED', status_date: contractDate, source: 'PULL' },
        { record_version: 3, from_status: 'DISBURSED', to_status: 'OVERDUE', status_date: addDays(s2, 1), source: 'PULL' },
        { record_version: 4, from_status: 'OVERDUE', to_status: 'REPAID', status_date: s3, source: 'PULL' },
      ],
      digests: [1, 2, 3, 4],
      payments: [
        { settlement_date: s1, interest: '33.33', overdue: '0.00', record_version: 2 },
        { settlement_date: s2, interest: '76.67', overdue: '0.00', record_version: 3 },
        { settlement_date: s3, interest: '75.83', overdue: '1.20', record_version: 4 },
      ],
    });

    // The feed read again from the beginning changes nothing: every version is a duplicate.
    const history = await historyOf(loan.id);
    await ingest.forgetPullCursor(BANK);
    expect(await pullLoanRecords(BANK, { connector: feedOf(feed), ingest, pageSize: 2 })).toMatchObject({
      received: 6,
      applied: 0,
      duplicates: 6,
      rejected: 0,
    });
    expect(await storedLoan(c.contractNo)).toEqual(loan);
    expect(await historyOf(loan.id)).toEqual(history);

    // An intermediate version, never the row's, is still known by its content: resent altered, it is refused.
    const altered = { ...versions.c2, interestPayments: [{ ...p1, interestPaid: '99.99' }] };
    const refused = await ingest.applyPulledPage(BANK, [altered], 'after-altered');
    expect(refused).toMatchObject({
      applied: 0,
      rejected: [expect.objectContaining({ code: 'RECORD_VERSION_CONFLICT', contractNo: c.contractNo, recordVersion: 2 })],
    });
  });

  it.each([
    ['a page each', 1, 2],
    ['one page', 3, 3],
  ])('judges the household total at each loan’s last version as the feed stood, not with a loan taken after it was repaid (%s)', async (_cut, pageSize, at) => {
    const household = freeHouseholds()[at];
    // An additional loan of 60,000 (allowed up to 100,000 in all), repaid; then a new one of 50,000, in one pull.
    const x = contract(household, `${BANK}-PULL-X${at}`, '60000.00');
    const repaid = { ...x, recordVersion: 2, status: 'REPAID', statusDate: s2, outstandingPrincipal: '0.00', interestPayments: [p1, p2] };
    const z = { ...contract(household, `${BANK}-PULL-Z${at}`, '50000.00'), contractDate: addDays(s2, 1), statusDate: addDays(s2, 1) };
    const next = { ...z, maturityDate: `${Number(z.contractDate.slice(0, 4)) + 1}${z.contractDate.slice(4)}` };
    await ingest.forgetPullCursor(BANK); // another feed than the other tests'
    const totals = await pullLoanRecords(BANK, { connector: feedOf([x, repaid, next]), ingest, pageSize });
    expect(totals).toMatchObject({ pages: 3 / pageSize, applied: 3, rejected: 0 });
    // 60,000 and 50,000 were never owed together: neither is above the household cap, and each
    // earns the subsidy on its first 50,000, however the feed was cut into pages.
    expect(await storedLoan(x.contractNo)).toMatchObject({ status: 'REPAID', flag_codes: [], subsidized: '50000.00' });
    expect(await storedLoan(next.contractNo)).toMatchObject({ status: 'DISBURSED', flag_codes: [], subsidized: '50000.00' });
  });
  it('matches a record that names no household by its borrower’s resident ID on the bank’s list', async () => {
    const household = freeHouseholds()[4];
    const unnamed = { ...contract(household, `${BANK}-PULL-BY-ID`), householdId: null };
    const answer = await ingest.apply(BANK, [unnamed], 'REPORT');
    expect(answer).toMatchObject({ applied: 1, rejected: [] });
    const [row] = await hub.dataSources.loans.query('SELECT household_id FROM loans.loans WHERE bank_code = $1 AND contract_no = $2', [
      BANK,
      unnamed.contractNo,
    ]);
    expect(row.household_id).toBe(household.householdId);
  });
});
