/**
 * Issue 12, findings 2 and 4, through the gateway: a loan record is stored under the county and
 * township of the household on the bank's list, never under one the bank names; and the same
 * record key (bank, contract, version) sent again with other content is refused, not answered
 * as a duplicate. Both on `reportLoans`, POST /reports/loans and the pull path (the service the
 * pull-loan-status job applies pages with). The demo county is loaded as `npm start` loads it:
 * its households, each bank's list as delivered, and the banks' loans.
 */
import { DEMO_COUNTY, type DemoCounty, type DemoLoan } from '../../demo/demo-county';
import type { LoansApp } from '../../subgraphs/loans/src/loans.app';
import type { TestHub } from '../../demo/test-hub';
import { startDemoLoansHub } from '../support/demo-loans-hub';
import { addDays, shanghaiDate } from '../../common/domain/calendar-date';

const OTHER_COUNTY = '500237';
const REPORT =
  'mutation($r: [LoanRecordInput!]!) { reportLoans(records: $r) { received applied duplicates rejected { index code field message contractNo recordVersion } } }';

/** A demo loan as the bank sends it (the demo's records carry their bank besides). */
const wire = ({ bankCode: _bank, ...record }: DemoLoan) => record;

describe('loan records: the owner of the row and the record key', () => {
  let hub: TestHub;
  let demo: DemoCounty;
  let ingest: LoansApp['ingest'];

  const report = async (bank: string, records: unknown[]) => (await hub.data(await hub.token({ role: 'bank', bank }), REPORT, { r: records })).reportLoans;
  const postReport = async (bank: string, records: unknown[]) => {
    const response = await fetch(`${hub.gatewayUrl.replace(/\/graphql$/, '')}/reports/loans`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await hub.token({ role: 'bank', bank })}`, 'content-type': 'application/json' },
      body: JSON.stringify({ records }),
    });
    expect(response.status).toBe(200);
    return response.json() as Promise<any>;
  };
  /** Everything stored about a bank's loans, to show a refused record changed none of it. */
  const storedState = async () =>
    hub.dataSources.loans.query(
      `SELECT (SELECT md5(string_agg(l::text, ',' ORDER BY l.id)) FROM loans.loans l) AS loans,
              (SELECT md5(string_agg(e::text, ',' ORDER BY e.id)) FROM loans.loan_status_events e) AS events,
              (SELECT md5(string_agg(p::text, ',' ORDER BY p.loan_id, p.settlement_date)) FROM loans.loan_interest_payments p) AS payments`,
    );
  const storedLoan = async (bank: string, contractNo: string) =>
    (
      await hub.dataSources.loans.query(
        'SELECT county_code, township_code, amount::text AS amount, status, record_version FROM loans.loans WHERE bank_code = $1 AND contract_no = $2',
        [bank, contractNo],
      )
    )[0];

  /** A demo loan still disbursed, of a household that has no other demo loan. */
  const disbursed = (skip = 0) =>
    demo.loans.filter((l) => l.status === 'DISBURSED' && demo.loans.filter((o) => o.householdId === l.householdId).length === 1)[skip];
  /** A day a demo loan may have been repaid on: its last settlement (no interest is settled after repayment), never later than today. */
  const repaidOn = (loan: DemoLoan) => loan.interestPayments.at(-1)?.settlementDate ?? loan.contractDate;
  /** A fresh contract for the household of a demo loan, at its bank (the household may borrow up to 100,000). */
  const freshContract = (of: DemoLoan, contractNo: string) => ({
    ...wire(of),
    contractNo,
    amount: '10000.00',
    outstandingPrincipal: '10000.00',
    interestPayments: [],
  });

  beforeAll(async () => {
    ({ hub, demo } = await startDemoLoansHub(24));
    ingest = hub.apps.loans.ingest;
    expect(disbursed(4)).toBeDefined();
  }, 90_000);

  afterAll(async () => {
    await hub?.close();
  });

  describe('finding 2: a record is stored under the household’s own county and township', () => {
    it('refuses a new loan filed under a county where the household is not (REGION_NOT_ON_LIST), and stores nothing', async () => {
      const of = disbursed(0);
      const forged = { ...freshContract(of, `${of.bankCode}-FORGED-1`), countyCode: OTHER_COUNTY, townshipCode: `${OTHER_COUNTY}001` };
      const before = await storedState();
      const answer = await report(of.bankCode, [forged]);
      expect(answer).toEqual({
        received: 1,
        applied: 0,
        duplicates: 0,
        rejected: [
          {
            index: 0,
            code: 'REGION_NOT_ON_LIST',
            field: 'countyCode',
            message: `county ${OTHER_COUNTY} is not the county of household ${of.householdId} on your list (${DEMO_COUNTY})`,
            contractNo: forged.contractNo,
            recordVersion: 1,
          },
        ],
      });
      expect(await storedState()).toEqual(before);
      expect(await storedLoan(of.bankCode, forged.contractNo)).toBeUndefined();
      // The other county's bureau sees nothing; the bank is told in its rejection log.
      const otherBureau = await hub.token({ role: 'bureau', counties: [OTHER_COUNTY] });
      expect((await hub.data(otherBureau, '{ loans(first: 200) { nodes { contractNo } } }')).loans.nodes).toEqual([]);
      const log = await hub.data(
        await hub.token({ role: 'bank', bank: of.bankCode }),
        '{ loanRecordRejections(first: 10) { nodes { contractNo code field } } }',
      );
      expect(log.loanRecordRejections.nodes).toContainEqual({ contractNo: forged.contractNo, code: 'REGION_NOT_ON_LIST', field: 'countyCode' });
    });

    it('refuses a township of the right county that is not the household’s (field townshipCode)', async () => {
      const of = disbursed(0);
      const elsewhere = demo.regions.find((r) => r.level === 'township' && r.code !== of.townshipCode)!.code;
      const answer = await report(of.bankCode, [{ ...freshContract(of, `${of.bankCode}-FORGED-2`), townshipCode: elsewhere }]);
      expect(answer.applied).toBe(0);
      expect(answer.rejected).toEqual([
        expect.objectContaining({
          code: 'REGION_NOT_ON_LIST',
          field: 'townshipCode',
          message: `township ${elsewhere} is not the township of household ${of.householdId} on your list (${of.townshipCode})`,
        }),
      ]);
      expect(await storedLoan(of.bankCode, `${of.bankCode}-FORGED-2`)).toBeUndefined();
    });

    it('does not let a later version move an existing loan to another county: it stays in its county’s view', async () => {
      const loan = disbursed(1);
      const before = await storedState();
      const moved = { ...wire(loan), recordVersion: 2, countyCode: OTHER_COUNTY, townshipCode: `${OTHER_COUNTY}001` };
      const answer = await report(loan.bankCode, [moved]);
      expect(answer).toMatchObject({
        applied: 0,
        duplicates: 0,
        rejected: [{ code: 'REGION_NOT_ON_LIST', field: 'countyCode', contractNo: loan.contractNo, recordVersion: 2 }],
      });
      expect(await storedState()).toEqual(before);
      expect(await storedLoan(loan.bankCode, loan.contractNo)).toMatchObject({ county_code: DEMO_COUNTY, township_code: loan.townshipCode, record_version: 1 });
      const bureau = await hub.token({ role: 'bureau', counties: [DEMO_COUNTY] });
      const view = await hub.data(bureau, `{ household(id: "${loan.householdId}") { loans { contractNo } } }`);
      expect(view.household.loans).toEqual([{ contractNo: loan.contractNo }]);
      const otherBureau = await hub.token({ role: 'bureau', counties: [OTHER_COUNTY] });
      expect((await hub.data(otherBureau, '{ loans(first: 200) { nodes { contractNo } } }')).loans.nodes).toEqual([]);
    });

    it('refuses the same on POST /reports/loans and on a pulled page (whose cursor still moves past it)', async () => {
      const of = disbursed(2);
      const forged = { ...freshContract(of, `${of.bankCode}-FORGED-3`), countyCode: OTHER_COUNTY, townshipCode: `${OTHER_COUNTY}001` };
      const posted = await postReport(of.bankCode, [forged]);
      expect(posted).toMatchObject({ received: 1, applied: 0, rejected: [{ code: 'REGION_NOT_ON_LIST', field: 'countyCode' }] });
      const pulled = await ingest.applyPulledPage(of.bankCode, [{ ...forged, contractNo: `${of.bankCode}-FORGED-4` }], 'after-forged-4');
      expect(pulled).toMatchObject({ received: 1, applied: 0, rejected: [{ code: 'REGION_NOT_ON_LIST', field: 'countyCode' }] });
      expect(await ingest.savedCursor(of.bankCode)).toBe('after-forged-4');
      expect(await storedLoan(of.bankCode, forged.contractNo)).toBeUndefined();
      expect(await storedLoan(of.bankCode, `${of.bankCode}-FORGED-4`)).toBeUndefined();
    });

    it('still applies a record that names the household’s own region, and refuses another bank’s household', async () => {
      const of = disbursed(0);
      const own = freshContract(of, `${of.bankCode}-OWN-1`);
      expect(await report(of.bankCode, [own])).toMatchObject({ applied: 1, rejected: [] });
      expect(await storedLoan(of.bankCode, own.contractNo)).toMatchObject({ county_code: DEMO_COUNTY, township_code: of.townshipCode });
      const otherBank = demo.banks.find((b) => b.code !== of.bankCode)!.code;
      const answer = await report(otherBank, [{ ...own, contractNo: `${otherBank}-OWN-1` }]);
      expect(answer.rejected).toEqual([expect.objectContaining({ code: 'NOT_ON_LIST' })]);
    });
  });

  describe('finding 4: the same record key with other content is a conflict', () => {
    it('answers an exact resend as a duplicate, and refuses the same key with another amount and status (RECORD_VERSION_CONFLICT), changing nothing', async () => {
      const loan = disbursed(3);
      expect(await report(loan.bankCode, [wire(loan)])).toEqual({ received: 1, applied: 0, duplicates: 1, rejected: [] });
      const before = await storedState();
      const altered = { ...wire(loan), amount: '20000.00', outstandingPrincipal: '0.00', status: 'REPAID', statusDate: repaidOn(loan) };
      expect(await report(loan.bankCode, [altered])).toEqual({
        received: 1,
        applied: 0,
        duplicates: 0,
        rejected: [
          {
            index: 0,
            code: 'RECORD_VERSION_CONFLICT',
            field: 'recordVersion',
            message: `contract ${loan.contractNo} version 1 was already received with other content; nothing was changed (a change needs a higher recordVersion)`,
            contractNo: loan.contractNo,
            recordVersion: 1,
          },
        ],
      });
      expect(await storedState()).toEqual(before);
      expect(await storedLoan(loan.bankCode, loan.contractNo)).toMatchObject({ amount: loan.amount, status: 'DISBURSED', record_version: 1 });
      // The same on POST /reports/loans, and on a pulled page.
      expect((await postReport(loan.bankCode, [altered])).rejected).toEqual([
        expect.objectContaining({ code: 'RECORD_VERSION_CONFLICT', contractNo: loan.contractNo, recordVersion: 1 }),
      ]);
      expect((await ingest.applyPulledPage(loan.bankCode, [altered], 'after-altered')).rejected).toEqual([
        expect.objectContaining({ code: 'RECORD_VERSION_CONFLICT' }),
      ]);
      expect(await storedState()).toEqual(before);
    });

    it('keeps every applied version’s content: an older version resent with other content is refused, resent as it was is a duplicate', async () => {
      const loan = disbursed(3);
      const v2 = { ...wire(loan), recordVersion: 2, status: 'OVERDUE' };
      expect(await report(loan.bankCode, [v2])).toMatchObject({ applied: 1, rejected: [] });
      const before = await storedState();
      const answer = await report(loan.bankCode, [
        wire(loan),
        { ...wire(loan), status: 'REPAID', outstandingPrincipal: '0.00', statusDate: repaidOn(loan) },
        v2,
        { ...v2, statusDate: repaidOn(loan) },
      ]);
      expect(answer).toMatchObject({ received: 4, applied: 0, duplicates: 2 });
      expect(answer.rejected).toEqual([
        expect.objectContaining({ index: 1, code: 'RECORD_VERSION_CONFLICT', contractNo: loan.contractNo, recordVersion: 1 }),
        expect.objectContaining({ index: 3, code: 'RECORD_VERSION_CONFLICT', contractNo: loan.contractNo, recordVersion: 2 }),
      ]);
      expect(await storedState()).toEqual(before);
    });

    it('refuses a batch that sends one new key twice with different content: the first lands, the second is the conflict', async () => {
      const of = disbursed(4);
      const first = freshContract(of, `${of.bankCode}-TWICE-1`);
      const answer = await report(of.bankCode, [first, { ...first, amount: '15000.00', outstandingPrincipal: '15000.00' }, first]);
      expect(answer).toMatchObject({
        received: 3,
        applied: 1,
        duplicates: 1,
        rejected: [expect.objectContaining({ index: 1, code: 'RECORD_VERSION_CONFLICT', recordVersion: 1 })],
      });
      expect(await storedLoan(of.bankCode, first.contractNo)).toMatchObject({ amount: '10000.00' });
    });

    it('compares with the loan row itself for a version stored before digests were kept, and keeps its digest from then on', async () => {
      const loan = disbursed(2);
      // As a loan stored before the migration: no digest for its version on record.
      await hub.dataSources.loans.query(
        'DELETE FROM loans.loan_record_digests d USING loans.loans l WHERE d.loan_id = l.id AND l.bank_code = $1 AND l.contract_no = $2',
        [loan.bankCode, loan.contractNo],
      );
      const before = await storedState();
      const altered = { ...wire(loan), amount: '20000.00', outstandingPrincipal: '20000.00' };
      expect((await report(loan.bankCode, [altered])).rejected).toEqual([
        expect.objectContaining({ code: 'RECORD_VERSION_CONFLICT', contractNo: loan.contractNo, recordVersion: 1 }),
      ]);
      expect(await report(loan.bankCode, [wire(loan)])).toMatchObject({ applied: 0, duplicates: 1, rejected: [] });
      expect(await storedState()).toEqual(before);
      // Superseded by version 2, version 1 is still compared: its digest was kept from the row.
      expect(await report(loan.bankCode, [{ ...wire(loan), recordVersion: 2, status: 'OVERDUE' }])).toMatchObject({ applied: 1, rejected: [] });
      expect((await report(loan.bankCode, [altered])).rejected).toEqual([expect.objectContaining({ code: 'RECORD_VERSION_CONFLICT', recordVersion: 1 })]);
      expect(await report(loan.bankCode, [wire(loan)])).toMatchObject({ duplicates: 1, rejected: [] });
    });
  });

  describe('issue 14: what a bank reports has happened, and the hub counts renewals itself', () => {
    const today = shanghaiDate();
    const LOANS = '{ loans(first: 500) { nodes { contractNo renewalCount previousContractNo flags { code message } } } }';
    const loanView = async (contractNo: string) =>
      (await hub.data(await hub.token({ role: 'admin' }), LOANS)).loans.nodes.find((l: any) => l.contractNo === contractNo);
    const settlement = (settlementDate: string, periodStart: string) => ({ settlementDate, periodStart, interestPaid: '100.00', overdueInterestPaid: '0.00' });

    it('refuses a contract dated after today (Asia/Shanghai) and settlements in the coming years (DATE_IN_FUTURE, naming the field), on reportLoans, POST /reports/loans and a pulled page; stores nothing', async () => {
      const of = disbursed(4);
      const contractDate = addDays(today, 30);
      const future = {
        ...freshContract(of, `${of.bankCode}-FUTURE-1`),
        contractDate,
        statusDate: contractDate,
        termMonths: 12,
        maturityDate: addDays(contractDate, 365),
      };
      const past = freshContract(of, `${of.bankCode}-FUTURE-2`);
      const settledAhead = {
        ...past,
        interestPayments: [settlement(addDays(today, 200), past.contractDate), settlement(addDays(today, 400), addDays(today, 201))],
      };
      const disbursedTomorrow = { ...freshContract(of, `${of.bankCode}-FUTURE-3`), status: 'OVERDUE', statusDate: addDays(today, 1) };
      const before = await storedState();
      const answer = await report(of.bankCode, [future, settledAhead, disbursedTomorrow]);
      expect(answer).toMatchObject({ received: 3, applied: 0, duplicates: 0 });
      expect(answer.rejected).toEqual([
        {
          index: 0,
          code: 'DATE_IN_FUTURE',
          field: 'contractDate',
          message: `contractDate ${contractDate} is later than today (${today}, Asia/Shanghai)`,
          contractNo: future.contractNo,
          recordVersion: 1,
        },
        expect.objectContaining({ index: 1, code: 'DATE_IN_FUTURE', field: 'interestPayments[0].settlementDate', contractNo: settledAhead.contractNo }),
        expect.objectContaining({ index: 2, code: 'DATE_IN_FUTURE', field: 'statusDate', contractNo: disbursedTomorrow.contractNo }),
      ]);
      expect((await postReport(of.bankCode, [future])).rejected).toEqual([expect.objectContaining({ code: 'DATE_IN_FUTURE', field: 'contractDate' })]);
      const pulled = await ingest.applyPulledPage(of.bankCode, [settledAhead], 'after-future');
      expect(pulled.rejected).toEqual([expect.objectContaining({ code: 'DATE_IN_FUTURE', field: 'interestPayments[0].settlementDate' })]);
      expect(await storedState()).toEqual(before);
      const log = await hub.data(
        await hub.token({ role: 'bank', bank: of.bankCode }),
        '{ loanRecordRejections(first: 50) { nodes { contractNo code field } } }',
      );
      expect(log.loanRecordRejections.nodes).toContainEqual({ contractNo: future.contractNo, code: 'DATE_IN_FUTURE', field: 'contractDate' });
      // The same contract with its settlements up to today lands.
      expect(await report(of.bankCode, [{ ...settledAhead, interestPayments: [settlement(addDays(past.contractDate, 10), past.contractDate)] }])).toMatchObject(
        { applied: 1, rejected: [] },
      );
    });

    it('refuses a settlement outside the loan’s life: after its repayment, or before its contract (SETTLEMENT_OUTSIDE_LOAN)', async () => {
      const of = disbursed(4);
      const fresh = freshContract(of, `${of.bankCode}-LIFE-1`);
      const repaidOn = addDays(fresh.contractDate, 40);
      const afterRepayment = {
        ...fresh,
        status: 'REPAID',
        statusDate: repaidOn,
        outstandingPrincipal: '0.00',
        interestPayments: [settlement(addDays(repaidOn, 5), fresh.contractDate)],
      };
      const beforeContract = {
        ...fresh,
        contractNo: `${of.bankCode}-LIFE-2`,
        interestPayments: [settlement(addDays(fresh.contractDate, 5), addDays(fresh.contractDate, -10))],
      };
      const answer = await postReport(of.bankCode, [afterRepayment, beforeContract]);
      expect(answer.applied).toBe(0);
      expect(answer.rejected).toEqual([
        expect.objectContaining({
          index: 0,
          code: 'SETTLEMENT_OUTSIDE_LOAN',
          field: 'interestPayments[0].settlementDate',
          message: expect.stringContaining(`its REPAID statusDate ${repaidOn}`),
        }),
        expect.objectContaining({ index: 1, code: 'SETTLEMENT_OUTSIDE_LOAN', field: 'interestPayments[0].periodStart' }),
      ]);
      expect(await storedLoan(of.bankCode, afterRepayment.contractNo)).toBeUndefined();
    });

    it('counts a renewal of a renewal from the chain of previous contracts: reported with renewalCount 0 it is stored with 2, flagged TOO_MANY_RENEWALS and RENEWAL_COUNT_MISREPORTED', async () => {
      const of = disbursed(3);
      const bank = of.bankCode;
      const year = (date: string, years: number) => `${Number(date.slice(0, 4)) + years}${date.slice(4)}`;
      const contract = (contractNo: string, contractDate: string, rest: Record<string, unknown>) => ({
        ...freshContract(of, contractNo),
        contractDate,
        statusDate: contractDate,
        termMonths: 12,
        maturityDate: year(contractDate, 1),
        annualRate: '0.03',
        ...rest,
      });
      // 续贷 twice: A (2024-03-05) renewed into B at its maturity, B renewed into C at its own.
      const a = contract(`${bank}-CHAIN-A`, '2024-03-05', {});
      const aRenewed = { ...a, recordVersion: 2, status: 'RENEWED', statusDate: a.maturityDate, outstandingPrincipal: '0.00' };
      const b = contract(`${bank}-CHAIN-B`, a.maturityDate, {
        previousContractNo: a.contractNo,
        renewalCount: 1,
        status: 'RENEWED',
        statusDate: year(a.maturityDate, 1),
        outstandingPrincipal: '0.00',
      });
      const c = contract(`${bank}-CHAIN-C`, b.maturityDate, { previousContractNo: b.contractNo, renewalCount: 0 });
      expect(await report(bank, [a, aRenewed, b])).toMatchObject({ applied: 3, rejected: [] });
      expect(await loanView(b.contractNo)).toMatchObject({ renewalCount: 1, previousContractNo: a.contractNo });
      expect((await loanView(b.contractNo)).flags.map((f: any) => f.code)).not.toContain('TOO_MANY_RENEWALS');

      expect(await postReport(bank, [c])).toMatchObject({ applied: 1, rejected: [] });
      const stored = await loanView(c.contractNo);
      expect(stored.renewalCount).toBe(2);
      const codes = stored.flags.map((f: any) => f.code);
      expect(codes).toEqual(expect.arrayContaining(['TOO_MANY_RENEWALS', 'RENEWAL_COUNT_MISREPORTED']));
      expect(stored.flags.find((f: any) => f.code === 'RENEWAL_COUNT_MISREPORTED').message).toBe(
        `the bank reported renewalCount 0; the hub counts 2 from the contracts it continues (previousContractNo ${b.contractNo})`,
      );
      expect(stored.flags.find((f: any) => f.code === 'TOO_MANY_RENEWALS').message).toBe('The loan has been renewed or extended 2 times; the policy allows 1.');

      // The bank corrects its count on the pull: the misreport goes, the hub's limit stays.
      expect(await ingest.applyPulledPage(bank, [{ ...c, recordVersion: 2, renewalCount: 2 }], 'after-chain')).toMatchObject({ applied: 1, rejected: [] });
      const corrected = await loanView(c.contractNo);
      expect(corrected.renewalCount).toBe(2);
      expect(corrected.flags.map((f: any) => f.code)).toContain('TOO_MANY_RENEWALS');
      expect(corrected.flags.map((f: any) => f.code)).not.toContain('RENEWAL_COUNT_MISREPORTED');
    });

    it('refuses a renewal of a contract the hub does not hold for the household (PREVIOUS_CONTRACT_UNKNOWN), another household’s included', async () => {
      const of = disbursed(3);
      const other = disbursed(1);
      const nowhere = { ...freshContract(of, `${of.bankCode}-ORPHAN-1`), previousContractNo: `${of.bankCode}-NEVER-SENT`, renewalCount: 1 };
      const theirs = { ...freshContract(of, `${of.bankCode}-ORPHAN-2`), previousContractNo: other.contractNo, renewalCount: 1 };
      const sameBank = other.bankCode === of.bankCode;
      const answer = await report(of.bankCode, sameBank ? [nowhere, theirs] : [nowhere]);
      expect(answer.applied).toBe(0);
      expect(answer.rejected.map((r: any) => [r.code, r.field])).toEqual(
        (sameBank ? [0, 1] : [0]).map(() => ['PREVIOUS_CONTRACT_UNKNOWN', 'previousContractNo']),
      );
      expect(answer.rejected[0].message).toBe(
        `contract ${of.bankCode}-NEVER-SENT is not a loan of this household that ${of.bankCode} has reported; report the contract a renewal or extension continues first (or in the same batch)`,
      );
      expect(await storedLoan(of.bankCode, nowhere.contractNo)).toBeUndefined();
    });
  });
});
