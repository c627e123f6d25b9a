/**
 * The write side's authorization matrix (issue 12): every mutation of the supergraph × every
 * kind of caller, aimed at rows of county A (楚雄市) and bank ABC, through the gateway. A caller
 * the mutation is not for is refused with FORBIDDEN and nothing stored changes (a digest of
 * every table of the three schemas, taken before and after each refused call); the callers it
 * is for are not refused for who they are (they may still meet a business rule). A mutation of
 * the supergraph without an entry here fails the test.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Kind, parse, type ObjectTypeDefinitionNode } from 'graphql';
import { protectorFromConfig } from '../../common/pii/protector';
import { loadDemoHouseholds } from '../../subgraphs/households/src/demo/load-demo';
import { loadDemoLoans } from '../../subgraphs/loans/src/demo/load-demo';
import { DEMO_BANKS } from '../../demo/demo-county';
import { untilHouseholdsKnown } from '../support/household-directory';
import { householdRow } from '../support/household-rows';
import { oneCard } from '../support/one-card-files';
import { startTestHub, TestHub } from '../support/test-hub';

const A = '532301';
const B = '532322';
type CallerName = 'bureauA' | 'bureauB' | 'financeA' | 'financeB' | 'bankABC' | 'bankPSBC' | 'regulator' | 'admin';
const CALLERS: CallerName[] = ['bureauA', 'bureauB', 'financeA', 'financeB', 'bankABC', 'bankPSBC', 'regulator', 'admin'];

interface Attempt {
  /** What the caller sends; the row it touches is always county A's / bank ABC's. */
  query: string;
  variables?: Record<string, unknown>;
}
interface Entry {
  /** Who the mutation is for, on county A's / bank ABC's rows. */
  allowed: CallerName[];
  attempt(caller: CallerName): Attempt;
}
/** Mutations whose rows (a batch, a claim, a delivery, a draft) this matrix does not build yet: named, with why, so none is forgotten. */
type Pending = { pending: string };

const householdA = householdRow(A, 1);
const card = oneCard(9001);
/** The county a caller would name as its own (B's callers name B: the found attack's shape). */
const ownCounty = (caller: CallerName) => (caller.endsWith('B') ? B : A);

const MATRIX: Record<string, Entry | Pending> = {
  preparePayoutBatches: {
    allowed: ['financeA', 'admin'],
    attempt: () => ({ query: `mutation { preparePayoutBatches(countyCode: "${A}", quarter: "2025Q3") { batches { id } } }` }),
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
      variables: { input: { countyCode: A, bankCode: 'ABC', kind: 'DEPOSIT', amount: '100000.00', effectiveDate: '2025-01-10', reference: `matrix-${randomUUID()}` } },
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
      variables: { input: { id: `matrix-${randomUUID().slice(0, 8)}`, regionCode: A, name: 'matrix', source: 'matrix', effectiveFrom: '2031-01-01', rulesJson: '{}' } },
    }),
  },
  recordLprFixings: {
    allowed: ['admin'],
    attempt: () => ({ query: 'mutation { recordLprFixings(fixings: [{ effectiveDate: "2031-01-20", oneYear: "0.0300", fiveYearPlus: "0.0350" }]) { added } }' }),
  },
  reportLoans: {
    allowed: ['bankABC', 'bankPSBC'],
    // An empty batch: who may report at all (which records a bank may report is the loan report tests').
    attempt: () => ({ query: 'mutation { reportLoans(records: []) { applied } }' }),
  },
  approvePayoutBatch: { pending: 'needs a county-A DRAFT batch (a computed quarter)' },
  fileRiskFundClaim: { pending: 'needs bank ABC loans in default on the loans side' },
  reviewRiskFundClaim: { pending: 'needs a filed county-A claim' },
  approveRiskFundClaim: { pending: 'needs a reviewed county-A claim' },
  payRiskFundClaim: { pending: 'needs an approved county-A claim' },
  reportRiskFundRecovery: { pending: 'needs a compensated bank ABC loan' },
  declareLendingRewardCollection: { pending: 'who may declare for which county is to be settled with the reward rules' },
  decideLendingReward: { pending: 'needs an assessed county-A reward' },
  replayListDelivery: { pending: 'needs a FAILED delivery to bank ABC' },
  publishRosterVersion: { pending: 'needs a county-A draft roster version' },
  discardRosterVersion: { pending: 'needs a county-A draft roster version' },
};

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
    const pii = protectorFromConfig(hub.config.pii);
    await loadDemoHouseholds(hub.dataSources.households, pii, { countyCode: A, regions: [], assignments: [{ townshipCode: `${A}101`, bankCode: 'ABC', effectiveFrom: '2021-06-01' }], households: [householdA] });
    await untilHouseholdsKnown(hub.dataSources, [householdA.id]);
    // Both banks registered on the loans side, as an admin would (reportLoans refuses an unknown bank).
    await loadDemoLoans(hub.dataSources.loans, pii, { banks: DEMO_BANKS, listed: [], loans: [] });
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
  }, 60_000);
  afterAll(async () => hub?.close());

  it('has an entry for every mutation of the supergraph', () => {
    expect(Object.keys(MATRIX).sort()).toEqual(supergraphMutations());
  });

  const entries = Object.entries(MATRIX).filter((e): e is [string, Entry] => !('pending' in e[1]));
  it.each(entries)('%s: refused for every caller it is not for, nothing stored changes; not refused for those it is for', async (_name, entry) => {
    const outcomes: Record<string, string> = {};
    for (const caller of CALLERS.filter((c) => !entry.allowed.includes(c))) {
      const { query, variables } = entry.attempt(caller);
      const before = await digest();
      const result = await hub.query(tokens[caller], query, variables);
      outcomes[caller] = result.errors?.[0]?.extensions?.code ?? 'ACCEPTED';
      const after = await digest();
      expect({ caller, changed: Object.keys(after).filter((t) => after[t] !== before[t]) }).toEqual({ caller, changed: [] });
    }
    for (const caller of entry.allowed) {
      const { query, variables } = entry.attempt(caller);
      const result = await hub.query(tokens[caller], query, variables);
      outcomes[caller] = result.errors?.[0]?.extensions?.code ?? 'ACCEPTED';
    }
    const expected = Object.fromEntries(CALLERS.map((c) => [c, entry.allowed.includes(c) ? expect.not.stringMatching(/^(FORBIDDEN|UNAUTHENTICATED)$/) : 'FORBIDDEN']));
    expect(outcomes).toEqual(expected);
  }, 60_000);
});
