/**
 * When a household joins a bank's list (issue 14): from the later of its publication and the
 * date the bank's assignment of its township takes effect, whichever of the two was done first.
 * A backdated assignment made after the roster was published does not list the township's
 * households before they were published; an assignment made first does not either. Checked end
 * to end: assign and publish through the gateway, the lists delivered by the worker's jobs to the
 * simulated bank (its own process), then a loan contracted between the two dates is reported and
 * carries OFF_LIST_AT_CONTRACT, one contracted after both does not.
 */
import { DEMO_BANKS, DEMO_COUNTY } from '../../demo/demo-county';
import type { TestHub } from '../../demo/test-hub';
import type { SimulatorProcess } from '../../bank-sim/src/simulator-process';
import { rosterCsv, rosterLines, type RosterLine } from '../support/roster-files';
import { eventually } from '../support/eventually';
import { startSimulatedBanksHub, type SimulatedBanksHub } from '../support/simulated-banks';

const TOKEN = 'listed-from-test-token';
const PLACES = [
  { township: '鹿城镇', village: '东兴社区居民委员会' },
  { township: '东瓜镇', village: '永安社区居民委员会' },
  // Assigned by the demo: its delivery shows when a publication has been planned.
  { township: '吕合镇', village: '吕合村民委员会' },
];

/** A day `days` before today in Asia/Shanghai, YYYY-MM-DD. */
const daysAgo = (days: number) => new Date(Date.now() + 8 * 3600_000 - days * 86_400_000).toISOString().slice(0, 10);
const addYear = (date: string) => `${Number(date.slice(0, 4)) + 1}${date.slice(4, 8)}${date.slice(5) === '02-29' ? '28' : date.slice(8)}`;

describe("a household is on a bank's list from the later of its publication and the assignment", () => {
  let hub: TestHub;
  let banks: SimulatedBanksHub;
  let simulator: SimulatorProcess;
  let bureau: string;
  const townships = new Map<string, string>();
  const bank = DEMO_BANKS[0].code;
  const today = daysAgo(0);
  const assignedFrom = daysAgo(200);
  const between = daysAgo(100);
  let witnessBank: string;

  const publishRoster = async (lines: RosterLine[], filename: string) => {
    const { body } = await hub.upload('/uploads/rosters', bureau, rosterCsv(lines), { county: DEMO_COUNTY, mode: 'reject_file', filename });
    expect(body.status).toBe('DRAFT_CREATED');
    await hub.data(bureau, 'mutation($id: ID!) { publishRosterVersion(id: $id) { id } }', { id: body.versionId });
  };
  const assign = (townshipCode: string, effectiveFrom: string) =>
    hub.data(
      bureau,
      'mutation($t: String!, $b: String!, $d: String!) { assignTownship(townshipCode: $t, bankCode: $b, effectiveFrom: $d) { effectiveFrom } }',
      {
        t: townshipCode,
        b: bank,
        d: effectiveFrom,
      },
    );

  /** The household at the bank (simulator), then its loans contracted today and `between`: the flags of each. */
  async function flagsOfLoans(line: RosterLine, prefix: string): Promise<{ today: string[]; between: string[] }> {
    const household = await eventually('the household at the bank', async () => {
      const body = await simulator.call('GET', `/_sim/banks/${bank}/beneficiaries`);
      return (body.households as { householdId: string; householdNo: string; townshipCode: string }[]).find((h) => h.householdNo === line.householdNo);
    });
    const token = await hub.token({ role: 'bank', bank });
    const record = (contractNo: string, contractDate: string) => ({
      contractNo,
      recordVersion: 1,
      householdId: household.householdId,
      borrowerResidentId: line.idNumber,
      countyCode: DEMO_COUNTY,
      townshipCode: household.townshipCode,
      amount: '10000.00',
      annualRate: '0.0300',
      termMonths: 12,
      contractDate,
      maturityDate: addYear(contractDate),
      purposeCategory: 'BREEDING',
      status: 'DISBURSED',
      statusDate: contractDate,
      outstandingPrincipal: '10000.00',
    });
    const mutation = 'mutation($r: [LoanRecordInput!]!) { reportLoans(records: $r) { applied rejected { code } } }';
    // The loans side records the delivered list through a job: until then the household is not on its list.
    await eventually(
      'the delivered list recorded by the loans side',
      async () => (await hub.data(token, mutation, { r: [record(`${prefix}-TODAY`, today)] })).reportLoans.applied === 1,
    );
    expect((await hub.data(token, mutation, { r: [record(`${prefix}-BETWEEN`, between)] })).reportLoans).toEqual({ applied: 1, rejected: [] });
    const view = await hub.data(bureau, `{ loans(filter: { townshipCode: "${household.townshipCode}" }, first: 100) { nodes { contractNo flags { code } } } }`);
    const codes = (contractNo: string) => view.loans.nodes.find((l: any) => l.contractNo === contractNo).flags.map((f: { code: string }) => f.code);
    return { today: codes(`${prefix}-TODAY`), between: codes(`${prefix}-BETWEEN`) };
  }

  beforeAll(async () => {
    // The two townships of the test start with no bank: the test assigns them.
    banks = await startSimulatedBanksHub({ token: TOKEN, seed: 11, namespace: 'listed_from_test', unassigned: PLACES.slice(0, 2).map((p) => p.township) });
    ({ simulator, hub, bureau } = banks);
    for (const place of PLACES) townships.set(place.township, banks.townshipCode(place.township));
    witnessBank = banks.assignments.find((a) => a.townshipCode === townships.get(PLACES[2].township))!.bankCode;
  }, 90_000);

  afterAll(async () => banks?.close());

  const [first] = rosterLines(1, PLACES.slice(0, 1), 9000);
  const [second] = rosterLines(1, PLACES.slice(1, 2), 9100);
  const [witness] = rosterLines(1, PLACES.slice(2, 3), 9200);

  it('published first, then assigned with an earlier effective date: listed from the publication', async () => {
    await publishRoster([first, witness], 'listed-v1.csv');
    // The publication planned and delivered before the assignment is made.
    await eventually('the publication delivered', async () => {
      const body = await simulator.call('GET', `/_sim/banks/${witnessBank}/beneficiaries`);
      return (body.households as { householdNo: string }[]).some((h) => h.householdNo === witness.householdNo);
    });
    await assign(townships.get(PLACES[0].township)!, assignedFrom);
    const flags = await flagsOfLoans(first, `${bank}-LF1`);
    expect(flags.between).toContain('OFF_LIST_AT_CONTRACT');
    expect(flags.today).not.toContain('OFF_LIST_AT_CONTRACT');
  }, 60_000);

  it('assigned first with an earlier effective date, then published: the same', async () => {
    await assign(townships.get(PLACES[1].township)!, assignedFrom);
    await publishRoster([first, witness, second], 'listed-v2.csv');
    const flags = await flagsOfLoans(second, `${bank}-LF2`);
    expect(flags.between).toContain('OFF_LIST_AT_CONTRACT');
    expect(flags.today).not.toContain('OFF_LIST_AT_CONTRACT');
  }, 60_000);
});
