/**
 * The demo county: real region codes (楚雄市 532301 by default) with synthetic households,
 * banks, loans and 一卡通 accounts. Deterministic: the same seed gives the same county, so
 * loading it twice changes nothing. Everything personal here is invented; ID and card
 * numbers are valid in form only.
 */
import { createHash } from 'node:crypto';
import { addDays, daysInclusive } from '../common/domain/calendar-date';
import { HubDecimal, toFen } from '../common/money';
import { composeResidentId } from '../common/domain/resident-id';
import { HouseholdCategory, type DemoHouseholdsInput, type RegionRow } from '../subgraphs/households/src/households.app';
import { luhnCheckDigit, type DemoFundsInput } from '../subgraphs/funds/src/funds.app';
import { LoanStatus, type DemoLoansInput } from '../subgraphs/loans/src/loans.app';
import { seededRandom } from '../common/seeded-random';

export const DEMO_COUNTY = '532301';

/**
 * The day the demo banks last reported: each performing demo loan has paid its interest at every
 * quarterly settlement (the 20th of March, June, September and December) up to it. Fixed, so the
 * demo is the same on any day; 2026Q3 (2026-06-21 … 2026-09-20) is its latest settled quarter.
 */
export const DEMO_REPORTED_AS_OF = '2026-09-20';
export const DEMO_SETTLED_QUARTER = '2026Q3'; // the quarter DEMO_REPORTED_AS_OF settles

/** What the demo hands each subgraph's own loader: the loaders' input types, nothing more. */
export type DemoHousehold = DemoHouseholdsInput['households'][number];
export type DemoLoan = DemoLoansInput['loans'][number];
export type DemoAccount = DemoFundsInput['accounts'][number];
/** A demo bank as the loans side registers it (names, the 一卡通 card prefixes it issues, the counties it serves). */
export interface DemoBank {
  code: string;
  name: string;
  nameEn: string;
  cardPrefixes: string[];
  countyCodes: string[];
  /** Where its connector is (npm start: the bank simulator's /banks/{code}) and the environment variable holding its token. */
  connectorUrl?: string | null;
  credentialRef?: string | null;
}

/** The demo banks reached at a simulator: each registered with its own URL there and the token's variable (npm start). */
export function demoBanksAt(simulatorUrl: string, credentialRef: string): DemoBank[] {
  return DEMO_BANKS.map((bank) => ({ ...bank, connectorUrl: `${simulatorUrl.replace(/\/+$/, '')}/banks/${bank.code}`, credentialRef }));
}

export interface DemoCounty extends DemoHouseholdsInput, DemoLoansInput, DemoFundsInput {
  regions: RegionRow[];
  banks: DemoBank[];
}

// Card prefixes are the demo's own (YNRCC's is the one the demo's 一卡通 accounts carry). No connector URL here:
// npm start registers each at the simulator (demoBanksAt); test hubs and benchmarks use the URL template or none.
export const DEMO_BANKS: DemoBank[] = [
  { code: 'ABC', name: '中国农业银行楚雄分行', nameEn: 'Agricultural Bank of China, Chuxiong Branch', cardPrefixes: ['622848'], countyCodes: [DEMO_COUNTY] },
  {
    code: 'PSBC',
    name: '中国邮政储蓄银行楚雄市支行',
    nameEn: 'Postal Savings Bank of China, Chuxiong City Sub-branch',
    cardPrefixes: ['621799'],
    countyCodes: [DEMO_COUNTY],
  },
  {
    code: 'YNRCC',
    name: '楚雄市农村信用合作联社',
    nameEn: 'Chuxiong City Rural Credit Cooperative Union',
    cardPrefixes: ['621779'],
    countyCodes: [DEMO_COUNTY],
  },
];

const SURNAMES = ['李', '王', '张', '杨', '赵', '刘', '陈', '罗', '普', '起', '鲁', '施', '毕', '苏', '何'];
const GIVEN = ['文', '兴', '国', '德', '华', '明', '春', '秀', '玉', '发', '正', '光', '云', '芳', '忠', '林'];

/** A stable UUID (v4 layout) from a name, so the same demo household always has the same id. */
function stableUuid(name: string): string {
  const hex = createHash('sha256').update(name).digest('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-4${hex.slice(13, 16)}-${((parseInt(hex[16], 16) & 0x3) | 0x8).toString(16)}${hex.slice(17, 20)}-${hex.slice(20, 32)}`;
}

function isoDate(date: Date): string {
  return date.toISOString().slice(0, 10);
}

function addMonths(date: string, months: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCMonth(d.getUTCMonth() + months);
  return isoDate(d);
}

/**
 * The interest a performing loan paid at each quarterly settlement day after its contract date,
 * before its maturity and up to `asOf`, as banks count it: principal × annual rate / 360 per day,
 * the period from the day after the previous settlement (the disbursement day for the first) to
 * the settlement day, both included; rounded half up to the fen.
 */
function quarterlyInterest(contractDate: string, maturityDate: string, amount: string, annualRate: string, asOf: string): DemoLoan['interestPayments'] {
  const payments: DemoLoan['interestPayments'] = [];
  let periodStart = contractDate;
  for (let year = Number(contractDate.slice(0, 4)); year <= Number(asOf.slice(0, 4)); year++) {
    for (const month of ['03', '06', '09', '12']) {
      const settlementDate = `${year}-${month}-20`;
      if (settlementDate < periodStart || settlementDate >= maturityDate || settlementDate > asOf) continue;
      const interestPaid = toFen(new HubDecimal(amount).times(annualRate).times(daysInclusive(periodStart, settlementDate)).div(360)).toFixed(2);
      payments.push({ settlementDate, periodStart, interestPaid, overdueInterestPaid: '0.00' });
      periodStart = addDays(settlementDate, 1);
    }
  }
  return payments;
}

export function buildDemoCounty(regions: RegionRow[], options: { households?: number; seed?: number } = {}): DemoCounty {
  // Seeded: demo data must not change between runs.
  const next = seededRandom(options.seed ?? 532301);
  const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
  const county = regions.find((r) => r.level === 'county');
  if (!county) throw new Error('region list has no county');
  const townships = regions.filter((r) => r.level === 'township');
  const villages = regions.filter((r) => r.level === 'village');
  if (villages.length === 0) throw new Error(`county ${county.code} has no villages in the registry`);

  // 分片包干: each township gets one responsible bank.
  const assignments = townships.map((t, i) => ({ townshipCode: t.code, bankCode: DEMO_BANKS[i % DEMO_BANKS.length].code, effectiveFrom: '2021-06-01' }));
  const bankOf = new Map(assignments.map((a) => [a.townshipCode, a.bankCode]));

  const households: DemoHousehold[] = [];
  const loans: DemoLoan[] = [];
  const listed: DemoCounty['listed'] = [];
  const accounts: DemoAccount[] = [];
  const count = options.households ?? 240;
  // One holder per resident ID (the roster refuses a second): a drawn ID already given takes the
  // next sequence number of the same birthday instead, so the draws — and every smaller demo — stay as they were.
  const usedIds = new Set<string>();
  const unusedResidentId = (countyCode: string, birthDate: string, sequence: number): string => {
    for (let k = 0; k < 998; k++) {
      const candidate = composeResidentId(countyCode, birthDate, 1 + ((sequence - 1 + k) % 998));
      if (!usedIds.has(candidate)) return (usedIds.add(candidate), candidate);
    }
    throw new Error(`no resident ID left for birthday ${birthDate} in county ${countyCode}`);
  };
  for (let i = 0; i < count; i++) {
    const village = villages[i % villages.length];
    const birth = new Date(Date.UTC(1962 + Math.floor(next() * 38), Math.floor(next() * 12), 1 + Math.floor(next() * 28)));
    const name = pick(SURNAMES) + pick(GIVEN) + (next() < 0.6 ? pick(GIVEN) : '');
    const id = stableUuid(`demo-household-${county.code}-${i}`);
    const category =
      next() < 0.8
        ? HouseholdCategory.LIFTED_OUT
        : pick([HouseholdCategory.EDGE_AT_RISK, HouseholdCategory.UNSTABLE_LIFTED, HouseholdCategory.SUDDEN_HARDSHIP]);
    households.push({
      id,
      householdNo: `${village.code}${String(i).padStart(4, '0')}`,
      headName: name,
      idNumber: unusedResidentId(county.code, isoDate(birth), 1 + Math.floor(next() * 998)),
      phone: `1${pick(['38', '39', '58', '87', '51'])}${String(Math.floor(next() * 1e8)).padStart(8, '0')}`,
      countyCode: county.code,
      townshipCode: village.parentCode!,
      villageCode: village.code,
      category,
      isMonitored: category !== HouseholdCategory.LIFTED_OUT || next() < 0.1,
      liftedOutYear: category === HouseholdCategory.LIFTED_OUT ? 2016 + Math.floor(next() * 5) : null,
      memberCount: 1 + Math.floor(next() * 6),
    });
    const cardPayload = `621779${String(Math.floor(next() * 1e12)).padStart(12, '0')}`;
    accounts.push({
      householdId: id,
      countyCode: county.code,
      issuingBankCode: 'YNRCC',
      accountNumber: cardPayload + luhnCheckDigit(cardPayload),
      holderName: name,
    });

    const bankCode = bankOf.get(village.parentCode!) ?? DEMO_BANKS[0].code;
    listed.push({
      bankCode,
      householdId: id,
      residentId: households[i].idNumber,
      countyCode: county.code,
      townshipCode: village.parentCode!,
      listedFrom: '2021-06-01',
    });
    if (next() < 0.6) {
      const termMonths = pick([12, 24, 36]);
      const contractDate = isoDate(new Date(Date.UTC(2024, 2 + Math.floor(next() * 18), 1 + Math.floor(next() * 27))));
      // At or under the LPR in force (1Y 3.45/3.35/3.10%, 5Y+ 3.95/3.85/3.60% over 2024-25); a few above it.
      const annualRate = next() < 0.05 ? '0.0425' : termMonths <= 12 ? pick(['0.031', '0.03']) : pick(['0.035', '0.0355']);
      const roll = next();
      const status = roll < 0.75 ? LoanStatus.DISBURSED : roll < 0.9 ? LoanStatus.REPAID : roll < 0.97 ? LoanStatus.OVERDUE : LoanStatus.NPL;
      const amount = `${10 + Math.floor(next() * 41)}000.00`;
      const maturityDate = addMonths(contractDate, termMonths);
      loans.push({
        bankCode,
        contractNo: `${bankCode}-${county.code}-${contractDate.replaceAll('-', '')}-${String(i).padStart(5, '0')}`,
        recordVersion: 1,
        householdId: id,
        borrowerResidentId: households[i].idNumber,
        countyCode: county.code,
        townshipCode: village.parentCode!,
        amount,
        annualRate,
        termMonths,
        contractDate,
        maturityDate,
        purposeCategory: next() < 0.04 ? 'HOUSE_BUILDING' : pick(['PLANTING', 'BREEDING', 'PROCESSING', 'TRADING'] as const),
        status,
        statusDate: contractDate,
        outstandingPrincipal: status === LoanStatus.REPAID ? '0.00' : amount,
        previousContractNo: null,
        renewalCount: 0,
        insured: false,
        convertedToFarmerLoan: false,
        // Performing loans paid their interest every quarter; the others stopped (or were repaid) at once.
        interestPayments: status === LoanStatus.DISBURSED ? quarterlyInterest(contractDate, maturityDate, amount, annualRate, DEMO_REPORTED_AS_OF) : [],
      });
    }
  }
  return {
    countyCode: county.code,
    regions,
    banks: DEMO_BANKS,
    assignments,
    households,
    listed,
    loans,
    accounts,
    fundAccounts: DEMO_BANKS.map((b) => ({ countyCode: county.code, bankCode: b.code, openedOn: '2021-06-01' })),
    subsidyBudgets: [demoSubsidyBudget(county.code, loans)],
  };
}

/**
 * The finance bureau's allocation for the settled quarter's year, made at its start: the interest
 * the demo loans pay at that year's settlement days, which bounds the year's subsidy (it is at most
 * the interest paid), rounded up to 10,000 yuan; so the demo's quarter can be paid.
 */
function demoSubsidyBudget(countyCode: string, loans: DemoLoan[]): NonNullable<DemoFundsInput['subsidyBudgets']>[number] {
  const year = DEMO_SETTLED_QUARTER.slice(0, 4);
  const interest = loans
    .flatMap((l) => l.interestPayments)
    .filter((p) => p.settlementDate.startsWith(year))
    .reduce((sum, p) => sum.plus(p.interestPaid), new HubDecimal(0));
  const amount = interest.div(10_000).ceil().times(10_000).plus(10_000);
  // The amount in the reference: a demo of another size loaded on the same database adds its own allocation instead of reusing one.
  return { countyCode, year: Number(year), amount: amount.toFixed(2), effectiveDate: `${year}-01-15`, reference: `DEMO-CZ-${year}-${amount.toFixed(0)}` };
}
