/**
 * The write side's authorization matrix (issue 12): every mutation of the supergraph × every
 * kind of caller, aimed at rows of county A (楚雄市) and bank ABC, through the gateway. A caller
 * the mutation is not for is refused with FORBIDDEN and nothing stored changes (a digest of
 * every table of the three schemas, taken before and after each refused call); the callers it
 * is for are not refused for who they are (they may still meet a business rule). A mutation of
 * the supergraph without an entry here fails the test. A mutation that names its row by id
 * checks the caller's role before it reads the row: a refused caller is told the same for
 * county A's row as for an id that names nothing (it learns nothing of rows it may not touch).
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, type ObjectTypeDefinitionNode } from 'graphql';
import { registerBanks } from '../support/bank-directory';
import { DEMO_BANKS } from '../../demo/demo-county';
import { untilHouseholdsKnown } from '../support/household-directory';
import { householdRow } from '../support/household-rows';
import { oneCard } from '../support/one-card-files';
import { startTestHub, TestHub } from '../../demo/test-hub';

const A = '532301';
const B = '532322';
type CallerName = 'bureauA' | 'bureauB' | 'financeA' | 'financeB' | 'bankABC' | 'bankPSBC' | 'regulator' | 'admin';
const CALLERS: CallerName[] = ['bureauA', 'bureauB', 'financeA', 'financeB', 'bankABC', 'bankPSBC', 'regulator', 'admin'];

interface Attempt {
  /** What the caller sends; the row it touches is always county A's / bank ABC's. */
  query: string;
  variables?: Record<string, unknown>;
}
/** County A's / bank ABC's rows the id-taking mutations act on, one per mutation (see seedRowsOfCountyA). */
interface Rows {
  draftBatch: string;
  scheduledBatch: string;
  /** Two open overpayment receivables of a household of county A (one repaid in part, one written off by its owner). */
  receivableToRepay: string;
  receivableToWriteOff: string;
  verifiedClaim: string;
  reviewedClaim: string;
  approvedClaim: string;
  paidClaim: string;
  failedDelivery: string;
  draftToPublish: string;
  draftToDiscard: string;
}
const rows = {} as Rows;

interface Entry {
  /** Who the mutation is for, on county A's / bank ABC's rows. */
  allowed: CallerName[];
  /** The row the mutation names by id: a refused caller is then also asked about an id that names nothing, and must be told the same. */
  target?: keyof Rows;
  /** What those it is for are told, where the rows make it certain (the first does the step, the next finds it done). */
  outcomes?: Partial<Record<CallerName, string>>;
  /**
   * How a refused caller is told, where not FORBIDDEN: a mutation that looks the row up in the county
   * the caller acts for answers another county's row as not there (NOT_FOUND), the same as an id that
   * names nothing — still refused, nothing stored changes.
   */
  refusedAs?: Partial<Record<CallerName, string>>;
  attempt(caller: CallerName, id?: string): Attempt;
}

const householdA = householdRow(A, 1);
const card = oneCard(9001);
/** The county a caller would name as its own (B's callers name B: the found attack's shape). */
const ownCounty = (caller: CallerName) => (caller.endsWith('B') ? B : A);

const MATRIX: Record<string, Entry> = {
  preparePayoutBatches: {
    allowed: ['financeA', 'admin'],
    attempt: () => ({ query: `mutation { preparePayoutBatches(countyCode: "${A}", quarter: "2025Q3") { batches { id } } }` }),
  },
  computeSubsidyQuarter: {
    // County A's 2025Q2 is computed already (seedRowsOfCountyA): returned as it is, nothing queued.
    allowed: ['financeA', 'admin'],
    outcomes: { financeA: 'ACCEPTED', admin: 'ACCEPTED' },
    attempt: () => ({ query: `mutation { computeSubsidyQuarter(countyCode: "${A}", quarter: "2025Q2") { id status } }` }),
  },
  recomputeSubsidyQuarter: {
    // A quarter never computed: the business rule, not the caller, refuses it (the DRAFT batch of 2025Q2 stays for approvePayoutBatch).
    allowed: ['financeA', 'admin'],
    outcomes: { financeA: 'SUBSIDY_NOT_COMPUTED', admin: 'SUBSIDY_NOT_COMPUTED' },
    attempt: () => ({ query: `mutation { recomputeSubsidyQuarter(countyCode: "${A}", quarter: "2024Q4") { id status } }` }),
  },
  setOneCardAccount: {
    allowed: ['financeA', 'admin'],
    attempt: (caller) => ({
      query: 'mutation($input: OneCardAccountInput!) { setOneCardAccount(input: $input) }',
      variables: { input: { householdId: householdA.id, countyCode: ownCounty(caller), issuingBankCode: 'YNRCC', accountNumber: card, holderName: '李文华' } },
    }),
  },
  recordRiskFundMovement: {
    allowed: ['financeA', 'admin'],
    attempt: () => ({
      query: 'mutation($input: RiskFundMovementInput!) { recordRiskFundMovement(input: $input) { entryId } }',
      variables: {
        input: { countyCode: A, bankCode: 'ABC', kind: 'DEPOSIT', amount: '100000.00', effectiveDate: '2025-01-10', reference: `matrix-${randomUUID()}` },
      },
    }),
  },
  recordSubsidyBudget: {
    allowed: ['financeA', 'admin'],
    attempt: () => ({
      query: 'mutation($input: SubsidyBudgetInput!) { recordSubsidyBudget(input: $input) { available } }',
      variables: { input: { countyCode: A, year: 2026, amount: '1000.00', effectiveDate: '2026-01-10', reference: `matrix-${randomUUID().slice(0, 8)}` } },
    }),
  },
  recordReceivableRepayment: {
    // A person of the county's finance bureau records what a household paid back (not an admin). Each
    // caller names its own county beside county A's receivable: only county A's bureau may.
    allowed: ['financeA'],
    outcomes: { financeA: 'ACCEPTED' },
    // County B's bureau, naming its own county, does not find county A's receivable there.
    refusedAs: { financeB: 'SUBSIDY_RECEIVABLE_NOT_FOUND' },
    target: 'receivableToRepay',
    attempt: (caller, id = rows.receivableToRepay) => ({
      query: 'mutation($input: ReceivableRepaymentInput!) { recordReceivableRepayment(input: $input) { id } }',
      variables: {
        input: { countyCode: ownCounty(caller), receivableId: id, amount: '1.00', reference: `matrix-${randomUUID().slice(0, 8)}`, paidOn: '2026-11-02' },
      },
    }),
  },
  writeOffReceivable: {
    allowed: ['financeA'],
    outcomes: { financeA: 'ACCEPTED' },
    // County B's bureau, naming its own county, does not find county A's receivable there.
    refusedAs: { financeB: 'SUBSIDY_RECEIVABLE_NOT_FOUND' },
    target: 'receivableToWriteOff',
    attempt: (caller, id = rows.receivableToWriteOff) => ({
      query: 'mutation($input: ReceivableWriteOffInput!) { writeOffReceivable(input: $input) { id } }',
      variables: { input: { countyCode: ownCounty(caller), receivableId: id, reason: 'matrix decision' } },
    }),
  },
  recordSubsidySettlementRule: {
    allowed: ['financeA', 'admin'],
    attempt: () => ({
      query: 'mutation($input: SubsidySettlementRuleInput!) { recordSubsidySettlementRule(input: $input) { settlementDay } }',
      variables: { input: { regionCode: A, effectiveFrom: '2030-01-01', settlementDay: 21, source: 'matrix' } },
    }),
  },
  requestListSnapshot: {
    // The bank may ask for its own list again.
    allowed: ['bureauA', 'bankABC', 'admin'],
    attempt: () => ({ query: `mutation { requestListSnapshot(countyCode: "${A}", bankCode: "ABC") }` }),
  },
  assignTownship: {
    allowed: ['bureauA', 'admin'],
    attempt: () => ({ query: `mutation { assignTownship(townshipCode: "${A}101", bankCode: "ABC", effectiveFrom: "2030-01-01") { effectiveFrom } }` }),
  },
  setRosterHeaderMapping: {
    allowed: ['bureauA', 'admin'],
    attempt: () => ({ query: `mutation { setRosterHeaderMapping(countyCode: "${A}", header: "户主", field: "headName") }` }),
  },
  recordBankNplTarget: {
    allowed: ['bankABC', 'admin'],
    attempt: () => ({
      query: 'mutation($input: BankNplTargetInput!) { recordBankNplTarget(input: $input) { target } }',
      variables: { input: { bankCode: 'ABC', year: 2025, target: '0.0200', source: 'matrix' } },
    }),
  },
  recordRiskFundRules: {
    allowed: ['admin'],
    attempt: () => ({
      query: 'mutation($input: RiskFundRulesInput!) { recordRiskFundRules(input: $input) { name } }',
      variables: { input: { regionCode: A, effectiveFrom: '2030-01-01', name: 'matrix', source: 'matrix', rulesJson: '{}' } },
    }),
  },
  recordDepositRate: {
    // A bank posts its own rates; the PBoC's are the admins'.
    allowed: ['bankABC', 'admin'],
    attempt: () => ({
      query: 'mutation($input: DepositRateInput!) { recordDepositRate(input: $input) { rate } }',
      variables: { input: { issuer: 'ABC', term: 'ONE_YEAR', effectiveFrom: '2030-01-01', rate: '0.0100', source: 'matrix' } },
    }),
  },
  recordHolidayArrangements: {
    allowed: ['admin'],
    attempt: () => ({
      query: 'mutation($a: [HolidayArrangementInput!]!) { recordHolidayArrangements(year: 2031, arrangements: $a) { year } }',
      variables: { a: [{ name: '元旦', source: 'matrix', from: '2031-01-01', to: '2031-01-01', days: 1 }] },
    }),
  },
  recordLoanPolicyVersion: {
    allowed: ['admin'],
    attempt: () => ({
      query: 'mutation($input: LoanPolicyVersionInput!) { recordLoanPolicyVersion(input: $input) { id } }',
      variables: {
        input: { id: `matrix-${randomUUID().slice(0, 8)}`, regionCode: A, name: 'matrix', source: 'matrix', effectiveFrom: '2031-01-01', rulesJson: '{}' },
      },
    }),
  },
  registerBank: {
    allowed: ['admin'],
    attempt: () => ({
      query: 'mutation($input: RegisterBankInput!) { registerBank(input: $input) { code } }',
      variables: {
        input: {
          code: `MX${randomUUID()
            .slice(0, 6)
            .toUpperCase()
            .replace(/[^A-Z0-9]/g, 'X')}`,
          name: '矩阵银行',
          nameEn: 'Matrix Bank',
          cardPrefixes: [],
          countyCodes: [A],
        },
      },
    }),
  },
  updateBank: {
    allowed: ['admin'],
    outcomes: { admin: 'ACCEPTED' },
    attempt: () => ({ query: 'mutation { updateBank(code: "ABC", input: { nameEn: "Agricultural Bank of China, Chuxiong" }) { code } }' }),
  },
  retireBank: {
    // A bank of its own (MXRET, no townships): retiring ABC would take it from the rows the other entries touch.
    allowed: ['admin'],
    outcomes: { admin: 'ACCEPTED' },
    attempt: () => ({ query: 'mutation { retireBank(code: "MXRET") { retired } }' }),
  },
  recordLprFixings: {
    allowed: ['admin'],
    attempt: () => ({
      query: 'mutation { recordLprFixings(fixings: [{ effectiveDate: "2031-01-20", oneYear: "0.0300", fiveYearPlus: "0.0350" }]) { added } }',
    }),
  },
  reportLoans: {
    allowed: ['bankABC', 'bankPSBC'],
    // An empty batch: who may report at all (which records a bank may report is the loan report tests').
    attempt: () => ({ query: 'mutation { reportLoans(records: []) { applied } }' }),
  },
  confirmPayoutBatch: {
    // The maker's step for a batch the quarterly job drafted: a person of the county's finance bureau, not an admin.
    allowed: ['financeA'],
    outcomes: { financeA: 'ACCEPTED' },
    target: 'scheduledBatch',
    attempt: (_caller, id = rows.scheduledBatch) => ({ query: 'mutation($id: ID!) { confirmPayoutBatch(id: $id) { confirmedBy } }', variables: { id } }),
  },
  approvePayoutBatch: {
    // Four eyes inside the county's finance bureau: not an admin (the batch was prepared by another person, 'matrix').
    allowed: ['financeA'],
    outcomes: { financeA: 'ACCEPTED' },
    target: 'draftBatch',
    attempt: (_caller, id = rows.draftBatch) => ({ query: 'mutation($id: ID!) { approvePayoutBatch(id: $id) { status } }', variables: { id } }),
  },
  fileRiskFundClaim: {
    // A bank files its own claim (stored under the caller's bank whatever it lists); which loans it
    // may claim is decided by the claim check from its own loans (risk-fund.test: NOT_FOUND lines).
    allowed: ['bankABC', 'bankPSBC'],
    attempt: () => ({
      query: 'mutation($input: RiskFundClaimInput!) { fileRiskFundClaim(input: $input) { status } }',
      variables: { input: { countyCode: A, quarter: '2025Q1', loans: [{ contractNo: 'ABC-MX-1', documents: [] }] } },
    }),
  },
  reviewRiskFundClaim: {
    allowed: ['bureauA', 'admin'],
    outcomes: { bureauA: 'ACCEPTED', admin: 'RISK_FUND_CLAIM_WRONG_STATE' },
    target: 'verifiedClaim',
    attempt: (_caller, id = rows.verifiedClaim) => ({
      query: 'mutation($id: ID!) { reviewRiskFundClaim(id: $id, accept: true, note: "材料齐全") { status } }',
      variables: { id },
    }),
  },
  approveRiskFundClaim: {
    allowed: ['bureauA', 'admin'],
    outcomes: { bureauA: 'ACCEPTED', admin: 'RISK_FUND_CLAIM_WRONG_STATE' },
    target: 'reviewedClaim',
    attempt: (_caller, id = rows.reviewedClaim) => ({
      query: 'mutation($id: ID!) { approveRiskFundClaim(id: $id, accept: true, note: "同意") { status } }',
      variables: { id },
    }),
  },
  payRiskFundClaim: {
    allowed: ['financeA', 'admin'],
    outcomes: { financeA: 'ACCEPTED', admin: 'RISK_FUND_CLAIM_WRONG_STATE' },
    target: 'approvedClaim',
    attempt: (_caller, id = rows.approvedClaim) => ({ query: 'mutation($id: ID!) { payRiskFundClaim(id: $id) { status } }', variables: { id } }),
  },
  reportRiskFundRecovery: {
    // Only the bank whose claim was paid: not an admin either (the bank holds the money recovered).
    allowed: ['bankABC'],
    target: 'paidClaim',
    attempt: (_caller, id = rows.paidClaim) => ({
      query: 'mutation($input: RiskFundRecoveryInput!) { reportRiskFundRecovery(input: $input) { recovered } }',
      variables: { input: { claimId: id, contractNo: 'ABC-MX-PAID', amount: '100.00', receivedOn: '2026-11-02', reference: `MX-${randomUUID().slice(0, 8)}` } },
    }),
  },
  declareLendingRewardCollection: {
    // A bank declares for itself only (stored under the caller's bank; assessed from its own loans).
    allowed: ['bankABC', 'bankPSBC'],
    attempt: () => ({
      query: 'mutation($input: LendingRewardDeclarationInput!) { declareLendingRewardCollection(input: $input) { status } }',
      variables: { input: { countyCode: A, year: 2025, pursuedLoans: 1, reference: '催收台账 MX' } },
    }),
  },
  decideLendingReward: {
    allowed: ['financeA', 'admin'],
    outcomes: { financeA: 'ACCEPTED', admin: 'LENDING_REWARD_WRONG_STATE' },
    attempt: () => ({
      query: 'mutation($input: LendingRewardDecisionInput!) { decideLendingReward(input: $input) { status } }',
      variables: { input: { countyCode: A, bankCode: 'ABC', year: 2024, amount: '10.00', reference: 'MX-AWARD-1' } },
    }),
  },
  replayListDelivery: {
    allowed: ['bureauA', 'admin'],
    outcomes: { bureauA: 'ACCEPTED', admin: 'ROSTER_BAD_REQUEST' },
    target: 'failedDelivery',
    attempt: (_caller, id = rows.failedDelivery) => ({ query: 'mutation($id: ID!) { replayListDelivery(id: $id) { status } }', variables: { id } }),
  },
  publishRosterVersion: {
    allowed: ['bureauA', 'admin'],
    outcomes: { bureauA: 'ACCEPTED', admin: 'ROSTER_NOT_A_DRAFT' },
    target: 'draftToPublish',
    attempt: (_caller, id = rows.draftToPublish) => ({ query: 'mutation($id: ID!) { publishRosterVersion(id: $id) { status } }', variables: { id } }),
  },
  discardRosterVersion: {
    allowed: ['bureauA', 'admin'],
    outcomes: { bureauA: 'ACCEPTED', admin: 'ROSTER_NOT_A_DRAFT' },
    target: 'draftToDiscard',
    attempt: (_caller, id = rows.draftToDiscard) => ({ query: 'mutation($id: ID!) { discardRosterVersion(id: $id) { status } }', variables: { id } }),
  },
};

/**
 * The rows the id-taking mutations act on, in the state each step acts from, written as the
 * workflows leave them (the workflows themselves are the subsidy, risk-fund, roster and
 * connector tests'): a DRAFT payout batch (prepared by another person, 'matrix'; its approval is
 * covered by the year's subsidy budget, recorded after these) and one the quarterly job drafted
 * (no maker yet); claims VERIFIED, reviewed by
 * another person of the bureau, APPROVED, and PAID with a compensated line; an ASSESSED lending
 * reward; a FAILED list delivery to ABC; two draft roster versions.
 */
async function seedRowsOfCountyA(hub: TestHub): Promise<void> {
  const funds = hub.dataSources.funds;
  const [run] = await funds.query(
    `INSERT INTO funds.subsidy_runs (county_code, quarter, window_start, window_end, status, line_count, total_interest, total_subsidy, requested_by, computed_at)
     VALUES ($1, '2025Q2', '2025-03-21', '2025-06-20', 'COMPUTED', 1, 120.00, 60.00, 'matrix', now()) RETURNING id`,
    [A],
  );
  [{ id: rows.draftBatch }] = await funds.query(
    `INSERT INTO funds.payout_batches (run_id, county_code, quarter, bank_code, idempotency_key, status, line_count, total_amount, created_by, confirmed_by, confirmed_at)
     VALUES ($1, $2, '2025Q2', 'YNRCC', $3, 'DRAFT', 1, 60.00, 'matrix', 'matrix', now()) RETURNING id`,
    [run.id, A, `matrix-${randomUUID()}`],
  );
  [{ id: rows.receivableToRepay }, { id: rows.receivableToWriteOff }] = await funds.query(
    `INSERT INTO funds.subsidy_receivables (county_code, household_id, run_id, quarter, amount)
     VALUES ($1, $2, $3, '2025Q2', 50.00), ($1, $4, $3, '2025Q2', 20.00) RETURNING id`,
    [A, householdA.id, run.id, randomUUID()],
  );
  [{ id: rows.scheduledBatch }] = await funds.query(
    `INSERT INTO funds.payout_batches (run_id, county_code, quarter, bank_code, idempotency_key, status, line_count, total_amount, created_by)
     VALUES ($1, $2, '2025Q2', 'ABC', $3, 'DRAFT', 1, 60.00, 'scheduler') RETURNING id`,
    [run.id, A, `matrix-${randomUUID()}`],
  );
  // Judged by the shipped rules of Chuxiong prefecture (5323), county A's.
  const [rules] = await funds.query(`SELECT id FROM funds.risk_fund_rule_versions WHERE region_code = '5323' ORDER BY effective_from DESC LIMIT 1`);
  const claim = async (quarter: string, status: string, reviewedBy: string | null, approvedBy: string | null) => {
    const [{ id }] = await funds.query(
      `INSERT INTO funds.risk_fund_claims (county_code, bank_code, quarter, status, filed_on, filed_by, rules_version_id, reviewed_by, approved_by, fund_pays)
       VALUES ($1, 'ABC', $2, $3, '2026-10-10', 'matrix-bank', $4, $5, $6, 800.00) RETURNING id`,
      [A, quarter, status, rules.id, reviewedBy, approvedBy],
    );
    return id as string;
  };
  rows.verifiedClaim = await claim('2024Q1', 'VERIFIED', null, null);
  rows.reviewedClaim = await claim('2024Q2', 'TOWNSHIP_REVIEWED', 'another-reviewer', null);
  rows.approvedClaim = await claim('2024Q3', 'APPROVED', 'another-reviewer', 'another-approver');
  rows.paidClaim = await claim('2024Q4', 'PAID', 'another-reviewer', 'another-approver');
  await funds.query(
    `INSERT INTO funds.risk_fund_claim_lines (claim_id, contract_no, insurance_paid, documents, loan_id, loss, compensable, fund_pays, bank_bears)
     VALUES ($1, 'ABC-MX-PAID', 0, '[]', $2, 1000.00, 1000.00, 800.00, 200.00)`,
    [rows.paidClaim, randomUUID()],
  );
  await funds.query(
    `INSERT INTO funds.lending_rewards (county_code, bank_code, year, status, pursued_loans, collection_reference, declared_by, declared_at, declaration, eligible, max_reward, new_lending)
     VALUES ($1, 'ABC', 2024, 'ASSESSED', 1, '催收台账 2024', 'matrix-bank', now(), 1, true, 100.00, 10000.00)`,
    [A],
  );
  const households = hub.dataSources.households;
  [{ id: rows.failedDelivery }] = await households.query(
    `INSERT INTO households.list_deliveries (bank_code, sequence, idempotency_key, kind, county_code, outbox_event_id, effective_date, upsert_count, removal_count, status, attempts, last_error)
     VALUES ('ABC', 900001, $1, 'DELTA', $2, 0, '2026-10-01', 0, 0, 'FAILED', 5, 'bank answered 503') RETURNING id`,
    [`matrix-${randomUUID()}`, A],
  );
  const draft = async (number: number) => {
    const [{ id }] = await households.query(
      `INSERT INTO households.roster_versions (county_code, number, status, import_id, household_count, created_by) VALUES ($1, $2, 'draft', $3, 0, 'matrix') RETURNING id`,
      [A, number, randomUUID()],
    );
    return id as string;
  };
  rows.draftToPublish = await draft(900001);
  rows.draftToDiscard = await draft(900002);
}

/** Every mutation of the committed supergraph. */
function supergraphMutations(): string[] {
  const sdl = readFileSync(join(__dirname, '../../schema/supergraph.graphql'), 'utf8');
  const mutation = parse(sdl).definitions.find((d): d is ObjectTypeDefinitionNode => d.kind === Kind.OBJECT_TYPE_DEFINITION && d.name.value === 'Mutation');
  return (mutation?.fields ?? []).map((f) => f.name.value).sort();
}

describe('write-side authorization matrix', () => {
  let hub: TestHub;
  const tokens = {} as Record<CallerName, string>;
  /** One digest per table of the three schemas (the refusal's own log lines are not "stored data"). */
  const digest = async () => {
    const ds = hub.dataSources.households;
    const tables: { schema: string; name: string }[] = await ds.query(
      `SELECT table_schema AS schema, table_name AS name FROM information_schema.tables
       WHERE table_schema IN ('households', 'loans', 'funds') AND table_type = 'BASE TABLE' AND table_name <> 'typeorm_migrations' ORDER BY 1, 2`,
    );
    const out: Record<string, string> = {};
    for (const t of tables) {
      const [{ d }] = await ds.query(`SELECT md5(coalesce(string_agg(x::text, '|' ORDER BY x::text), '')) AS d FROM "${t.schema}"."${t.name}" x`);
      out[`${t.schema}.${t.name}`] = d;
    }
    return out;
  };

  beforeAll(async () => {
    hub = await startTestHub();
    await hub.apps.households.loadDemo({
      countyCode: A,
      regions: [],
      assignments: [{ townshipCode: `${A}101`, bankCode: 'ABC', effectiveFrom: '2021-06-01' }],
      households: [householdA],
    });
    await untilHouseholdsKnown(hub.apps, [householdA.id]);
    // Both banks registered on the loans side, as an admin would (reportLoans refuses an unknown bank).
    await registerBanks(hub.apps, [...DEMO_BANKS, { code: 'MXRET', name: '矩阵停用银行', nameEn: 'Matrix Retiring Bank' }]);
    tokens.bureauA = await hub.token({ role: 'bureau', counties: [A] });
    tokens.bureauB = await hub.token({ role: 'bureau', counties: [B] });
    tokens.financeA = await hub.token({ role: 'finance', counties: [A] });
    tokens.financeB = await hub.token({ role: 'finance', counties: [B] });
    tokens.bankABC = await hub.token({ role: 'bank', bank: 'ABC' });
    tokens.bankPSBC = await hub.token({ role: 'bank', bank: 'PSBC' });
    tokens.regulator = await hub.token({ role: 'regulator', counties: [A] });
    tokens.admin = await hub.token({ role: 'admin' });
    // The shipped reference figures are seeded on first use: seeded now, so that no refused call is the first.
    expect((await hub.query(tokens.admin, '{ depositRates { rate } }')).errors).toBeUndefined();
    expect((await hub.query(tokens.admin, `{ riskFundRules(countyCode: "${A}") { regionCode } }`)).errors).toBeUndefined();
    await seedRowsOfCountyA(hub);
    // The year's subsidy budget the DRAFT batch's approval draws from, as the finance bureau records it.
    const budget = await hub.query(tokens.admin, 'mutation($input: SubsidyBudgetInput!) { recordSubsidyBudget(input: $input) { available } }', {
      input: { countyCode: A, year: 2025, amount: '1000.00', effectiveDate: '2025-01-10', reference: 'matrix-budget-2025' },
    });
    expect(budget.errors).toBeUndefined();
  }, 60_000);
  afterAll(async () => hub?.close());

  it('has an entry for every mutation of the supergraph', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(supergraphMutations());
  });

  it.each(Object.entries(MATRIX))(
    '%s: refused for every caller it is not for, nothing stored changes; not refused for those it is for',
    async (_name, entry) => {
      const outcomes: Record<string, string> = {};
      for (const caller of CALLERS.filter((c) => !entry.allowed.includes(c))) {
        const { query, variables } = entry.attempt(caller);
        const before = await digest();
        const result = await hub.query(tokens[caller], query, variables);
        outcomes[caller] = result.errors?.[0]?.extensions?.code ?? 'ACCEPTED';
        if (entry.target) {
          // The same caller naming a row that does not exist: the same answer, but for the id.
          const nobody = randomUUID();
          const missing = await hub.query(tokens[caller], entry.attempt(caller, nobody).query, entry.attempt(caller, nobody).variables);
          const told = (r: typeof result, id: string) => ({ code: r.errors?.[0]?.extensions?.code, message: r.errors?.[0]?.message.replace(id, '<id>') });
          expect({ caller, ...told(missing, nobody) }).toEqual({ caller, ...told(result, rows[entry.target]) });
        }
        const after = await digest();
        expect({ caller, changed: Object.keys(after).filter((t) => after[t] !== before[t]) }).toEqual({ caller, changed: [] });
      }
      for (const caller of entry.allowed) {
        const { query, variables } = entry.attempt(caller);
        const result = await hub.query(tokens[caller], query, variables);
        outcomes[caller] = result.errors?.[0]?.extensions?.code ?? 'ACCEPTED';
      }
      const expected = Object.fromEntries(
        CALLERS.map((c) => [
          c,
          entry.allowed.includes(c)
            ? (entry.outcomes?.[c] ?? expect.not.stringMatching(/^(FORBIDDEN|UNAUTHENTICATED)$/))
            : (entry.refusedAs?.[c] ?? 'FORBIDDEN'),
        ]),
      );
      expect(outcomes).toEqual(expected);
    },
    60_000,
  );
});
