/**
 * The one error model through the gateway (issue 13): a refusal reaches the client with its own
 * code, kind, message, field and Chinese message, never as a wrapped "403: Forbidden" or a bare
 * BAD_USER_INPUT, and without internal detail; the HTTP endpoints answer the same body with the
 * status of the kind.
 */
import { randomUUID } from 'node:crypto';
import { createLogger } from '../../common/logger';
import { freePort } from '../../common/net/free-port';
import { startGateway } from '../../gateway/src/gateway';
import { readCommittedSupergraph } from '../../gateway/src/supergraph-file';
import { DEMO_BANKS } from '../../demo/demo-county';
import { householdRow } from '../support/household-rows';
import { LOAN_RECORD } from '../support/loan-record';
import { startTestHub, TestHub } from '../../demo/test-hub';

const A = '532301';
const B = '532322';
const HAN = /\p{Script=Han}/u;

describe('one error model, through the gateway', () => {
  let hub: TestHub;
  let base: string;
  const tokens: Record<string, string> = {};
  /** The first error of a call, as the client sees it. */
  const refusal = async (token: string, query: string, variables?: Record<string, unknown>) => {
    const result = await hub.query(token, query, variables);
    expect(result.errors).toHaveLength(1);
    const [error] = result.errors!;
    // Nothing of the transport or the server inside: no wrapped HTTP status, no response body, no stack, no SQL.
    expect(error.message).not.toMatch(/^\d{3}: |Internal server error/);
    expect(error.extensions).not.toHaveProperty('response');
    expect(JSON.stringify(error)).not.toMatch(/stacktrace|SELECT |INSERT |households\.\w+_|at \w+ \(/);
    expect(error.extensions?.zh).toMatch(HAN);
    return { message: error.message, ...(error.extensions as Record<string, unknown>) };
  };

  beforeAll(async () => {
    hub = await startTestHub();
    base = new URL(hub.gatewayUrl).origin;
    await hub.apps.households.loadDemo({
      countyCode: A,
      regions: [],
      assignments: [{ townshipCode: `${A}101`, bankCode: 'ABC', effectiveFrom: '2021-06-01' }],
      households: [householdRow(A, 1)],
    });
    await hub.apps.loans.loadDemo({ banks: DEMO_BANKS, listed: [], loans: [] });
    tokens.bank = await hub.token({ role: 'bank', bank: 'ABC' });
    tokens.regulator = await hub.token({ role: 'regulator', counties: [A] });
    tokens.financeA = await hub.token({ role: 'finance', counties: [A] });
    tokens.financeB = await hub.token({ role: 'finance', counties: [B] });
    tokens.admin = await hub.token({ role: 'admin' });
  }, 60_000);
  afterAll(async () => hub?.close());

  it("a bank asking for another bank's loans: FORBIDDEN naming bankCode", async () => {
    expect(await refusal(tokens.bank, '{ loans(filter: { bankCode: "PSBC" }) { nodes { id } } }')).toMatchObject({
      code: 'FORBIDDEN',
      kind: 'FORBIDDEN',
      field: 'bankCode',
      message: 'a bank sees its own loans only: bankCode PSBC is not yours (ABC)',
      zh: '银行只能查看本行贷款：PSBC 不是本行（ABC）',
    });
  });

  it('a regulator asking for rows: FORBIDDEN with the reason, not a wrapped 403', async () => {
    const told = await refusal(tokens.regulator, `{ households(filter: { countyCode: "${A}" }) { nodes { id } } }`);
    expect(told).toMatchObject({ code: 'FORBIDDEN', kind: 'FORBIDDEN', serviceName: 'households' });
    expect(told.message).toMatch(/regulator/i);
    const loans = await refusal(tokens.regulator, '{ loans { nodes { id } } }');
    expect(loans).toMatchObject({ code: 'FORBIDDEN', message: 'regulators see aggregates only, not loan rows' });
  });

  it("another county's finance bureau: FORBIDDEN naming the county it may not see", async () => {
    const told = await refusal(tokens.financeB, `{ subsidyRun(countyCode: "${A}", quarter: "2025Q3") { id } }`);
    expect(told).toMatchObject({ code: 'FORBIDDEN', kind: 'FORBIDDEN' });
    expect(told.message).toContain(A);
  });

  it("a bank's record with a malformed resident ID: rejected as INVALID_RESIDENT_ID on borrowerResidentId, the number not echoed", async () => {
    const bad = `${LOAN_RECORD.borrowerResidentId.slice(0, 17)}${LOAN_RECORD.borrowerResidentId[17] === '0' ? '1' : '0'}`;
    const impossible = `${LOAN_RECORD.borrowerResidentId.slice(0, 6)}19800230${LOAN_RECORD.borrowerResidentId.slice(14)}`;
    const result = await hub.query(
      tokens.bank,
      'mutation($r: [LoanRecordInput!]!) { reportLoans(records: $r) { applied rejected { index code field message } } }',
      {
        r: [
          { ...LOAN_RECORD, contractNo: 'ABC-ERR-1', borrowerResidentId: bad },
          { ...LOAN_RECORD, contractNo: 'ABC-ERR-2', borrowerResidentId: impossible },
        ],
      },
    );
    expect(result.errors).toBeUndefined();
    expect(result.data.reportLoans).toEqual({
      applied: 0,
      rejected: [
        { index: 0, code: 'INVALID_RESIDENT_ID', field: 'borrowerResidentId', message: 'borrowerResidentId has a wrong check character' },
        { index: 1, code: 'INVALID_RESIDENT_ID', field: 'borrowerResidentId', message: 'borrowerResidentId holds a birth date that does not exist' },
      ],
    });
  });

  it('a state that does not allow the step: CONFLICT codes, naming the field', async () => {
    expect(await refusal(tokens.financeA, `mutation { preparePayoutBatches(countyCode: "${A}", quarter: "2025Q3") { batches { id } } }`)).toMatchObject({
      code: 'SUBSIDY_NOT_COMPUTED',
      kind: 'CONFLICT',
      field: 'quarter',
      message: `the subsidy of ${A} for 2025Q3 is not computed yet`,
    });
    expect(
      await refusal(tokens.financeA, 'mutation($i: LendingRewardDecisionInput!) { decideLendingReward(input: $i) { status } }', {
        i: { countyCode: A, bankCode: 'ABC', year: 2024, amount: '0.00', reference: 'ERR-0001' },
      }),
    ).toMatchObject({
      code: 'LENDING_REWARD_WRONG_STATE',
      kind: 'CONFLICT',
      message: `ABC has declared no 2024 collection in ${A}`,
    });
  });

  it('a row that does not exist, to an admin (who may know): NOT_FOUND codes naming id', async () => {
    const nobody = randomUUID();
    // An admin does not approve payouts (four eyes inside the finance bureau): refused before the batch is read.
    expect(await refusal(tokens.admin, 'mutation($id: ID!) { approvePayoutBatch(id: $id) { status } }', { id: nobody })).toMatchObject({
      code: 'FORBIDDEN',
      kind: 'FORBIDDEN',
    });
    expect(await refusal(tokens.admin, 'mutation($id: ID!) { publishRosterVersion(id: $id) { status } }', { id: nobody })).toMatchObject({
      code: 'ROSTER_NOT_FOUND',
      kind: 'NOT_FOUND',
      message: `no roster version ${nobody}`,
    });
  });

  it('policy data: each refusal with the code of the policy module and the field', async () => {
    const record = 'mutation($i: LoanPolicyVersionInput!) { recordLoanPolicyVersion(input: $i) { id } }';
    const [shipped] = (await hub.query(tokens.admin, `{ loanPolicyVersions(countyCode: "${A}") { rulesJson } }`)).data.loanPolicyVersions;
    const input = {
      id: 'err-532301-2031',
      regionCode: A,
      name: '错误模型测试',
      source: 'error-model test',
      effectiveFrom: '2031-01-01',
      effectiveTo: null,
      rulesJson: shipped.rulesJson,
    };
    expect(await refusal(tokens.admin, record, { i: { ...input, rulesJson: '{}' } })).toMatchObject({ code: 'POLICY_INVALID_RULES', kind: 'BAD_INPUT' });
    expect(await refusal(tokens.admin, record, { i: { ...input, effectiveFrom: '2031-02-30' } })).toMatchObject({
      code: 'POLICY_INVALID_ARGUMENT',
      kind: 'BAD_INPUT',
      field: 'effectiveFrom',
    });
    expect((await hub.query(tokens.admin, record, { i: input })).errors).toBeUndefined();
    expect(await refusal(tokens.admin, record, { i: input })).toMatchObject({ code: 'POLICY_VERSION_CONFLICT', kind: 'CONFLICT', field: 'effectiveFrom' });
    const fixings = 'mutation($f: [LprFixingInput!]!) { recordLprFixings(fixings: $f) { added } }';
    expect(await refusal(tokens.admin, fixings, { f: [{ effectiveDate: '2031-01-20', oneYear: 'three', fiveYearPlus: '0.0350' }] })).toMatchObject({
      code: 'POLICY_INVALID_LPR_FIXING',
      kind: 'BAD_INPUT',
    });
  });

  it('HTTP endpoints answer { error, code, kind, field?, zh } with the status of the kind', async () => {
    const post = (body: string, type: string) =>
      fetch(`${base}/reports/loans`, { method: 'POST', headers: { authorization: `Bearer ${tokens.bank}`, 'content-type': type }, body }).then(async (r) => ({
        status: r.status,
        body: (await r.json()) as Record<string, string>,
      }));
    expect(await post('{"records": []}', 'text/plain')).toEqual({
      status: 415,
      body: { error: 'send the records as application/json', code: 'UNSUPPORTED_MEDIA_TYPE', kind: 'BAD_INPUT', zh: '请以 application/json 发送' },
    });
    expect(await post('{"records": [', 'application/json')).toEqual({
      status: 400,
      body: { error: 'the body is not valid JSON', code: 'BAD_JSON', kind: 'BAD_INPUT', zh: '请求体不是有效的 JSON' },
    });
    expect(await post('{"loans": []}', 'application/json')).toMatchObject({
      status: 400,
      body: { code: 'BAD_REQUEST', kind: 'BAD_INPUT', error: 'the body must be {"records": [ … ]}' },
    });
    const other = await fetch(`${base}/downloads/subsidy-reconciliation/${A}/2025Q3.csv`, { headers: { authorization: `Bearer ${tokens.financeB}` } });
    expect({ status: other.status, body: await other.json() }).toEqual({
      status: 403,
      body: {
        error: `the reconciliation of county ${A} is shown to its finance bureau, its bureau and admins`,
        code: 'FORBIDDEN',
        kind: 'FORBIDDEN',
        zh: '无权执行此操作',
      },
    });
    const none = await fetch(`${base}/downloads/subsidy-reconciliation/${A}/2025Q3.csv`, { headers: { authorization: `Bearer ${tokens.financeA}` } });
    expect({ status: none.status, body: await none.json() }).toMatchObject({
      status: 409,
      body: { code: 'SUBSIDY_NOT_COMPUTED', kind: 'CONFLICT', field: 'quarter' },
    });
  });

  it('a subgraph that does not answer: UNAVAILABLE naming the service, not its address, the other subgraphs still answering', async () => {
    const closed = `http://127.0.0.1:${await freePort()}/graphql`;
    const gateway = await startGateway(
      hub.config,
      createLogger({ service: 'gateway-funds-down' }, 'error', () => {}),
      readCommittedSupergraph(),
      { port: 0, host: '127.0.0.1', subgraphUrls: { ...hub.subgraphUrls, funds: closed } },
    );
    try {
      const ask = (query: string) =>
        fetch(gateway.url, {
          method: 'POST',
          headers: { 'content-type': 'application/json', authorization: `Bearer ${tokens.financeA}` },
          body: JSON.stringify({ query }),
        }).then((r) => r.json() as Promise<any>);
      const down = await ask(`{ fundAccounts(countyCode: "${A}") { balance } }`);
      expect(down.errors).toEqual([
        expect.objectContaining({
          message: 'the funds service did not answer: try again shortly',
          extensions: expect.objectContaining({ code: 'UNAVAILABLE', kind: 'UNAVAILABLE', zh: '服务暂时不可用，请稍后重试' }),
        }),
      ]);
      expect(JSON.stringify(down)).not.toContain(new URL(closed).port);
      expect((await ask(`{ rosterVersions(countyCode: "${A}") { nodes { number } } }`)).errors).toBeUndefined();
    } finally {
      await gateway.close();
    }
  });
});
