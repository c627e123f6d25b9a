/**
 * The set-based subsidy (subgraphs/funds/src/subsidy/subsidy-lines.sql.ts) against the pure module
 * it twins (domain/compute-subsidy.ts), on a real PostgreSQL: thousands of generated loans (every
 * exclusion, caps, shares above 50,000, overdue interest, payments outside the window, half-fen
 * values, ratios below 1) must come out with the same subsidy to the fen, the same reasons and the
 * same figures (so the same detail text).
 */
import Decimal from 'decimal.js';
import type { DataSource } from 'typeorm';
import { createScratchDatabase, ScratchDatabase } from '../../common/db/scratch-database';
import { createDataSourceFor, migrate } from '../../common/subgraph-service';
import { fundsSubgraph } from '../../subgraphs/funds/src';
import { computeSubsidy, describeSubsidyLine, type SubsidyLoanInput } from '../../subgraphs/funds/src/subsidy/domain/compute-subsidy';
import { computeLinesFromStaging, createFactStaging } from '../../subgraphs/funds/src/subsidy/subsidy-lines.sql';
import { parseQuarter, settlementWindow } from '../../subgraphs/funds/src/subsidy/domain/settlement-window';
import { baseDatabaseUrl, testConfig } from '../../demo/test-hub';
import { createLogger } from '../../common/logger';

let scratch: ScratchDatabase;
let dataSource: DataSource;

beforeAll(async () => {
  scratch = await createScratchDatabase(baseDatabaseUrl(), 'huinong_subsidy_parity');
  dataSource = await createDataSourceFor(fundsSubgraph, scratch.url, { poolSize: 2 }).initialize();
  await migrate(fundsSubgraph, dataSource);
}, 60_000);

afterAll(async () => {
  await dataSource?.destroy();
  await scratch?.drop();
});

/** A small deterministic generator (mulberry32), so a failure names a case that can be replayed. */
function random(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]) => items[Math.floor(next() * items.length)],
  };
}

const addDays = (iso: string, days: number) => new Date(Date.parse(`${iso}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const fen = (value: number) => new Decimal(value).div(100).toFixed(2);

interface GeneratedLoan {
  input: SubsidyLoanInput;
  /** As the loans side sends them: OFF_LIST_AT_CONTRACT among the flags. */
  flagCodes: string[];
  ratio: string;
  bank: string;
}

function generateLoans(count: number, window: { start: string; end: string }, seed: number): GeneratedLoan[] {
  const r = random(seed);
  const loans: GeneratedLoan[] = [];
  for (let i = 0; i < count; i += 1) {
    const amountFen = r.pick([r.int(100_000, 5_000_000), 5_000_000, r.int(5_000_001, 12_000_000)]);
    const amount = new Decimal(fen(amountFen));
    const cap = Decimal.min(amount, 50_000);
    const subsidizedAmount = r.next() < 0.85 ? cap : r.next() < 0.5 ? new Decimal(0) : new Decimal(fen(r.int(0, cap.times(100).toNumber())));
    const annualRate = new Decimal(r.int(10_000, 60_000)).div(1_000_000); // up to 6 places
    const flagCodes: string[] = [];
    if (r.next() < 0.04) flagCodes.push('OFF_LIST_AT_CONTRACT');
    if (r.next() < 0.03) flagCodes.push('CONVERTED_TO_FARMER_LOAN');
    if (r.next() < 0.05) flagCodes.push(r.pick(['RATE_ABOVE_LPR', 'TERM_TOO_LONG', 'NO_POLICY']));
    const payments = Array.from({ length: r.int(0, 3) }, () => {
      const settlementDate =
        r.next() < 0.8 ? addDays(window.start, r.int(0, 89)) : r.pick([addDays(window.start, -1), addDays(window.end, 1), addDays(window.start, -40)]);
      const days = r.int(1, 95);
      const periodStart = addDays(settlementDate, -(days - 1));
      const principal = Decimal.min(subsidizedAmount.gt(0) ? amount : amount, amount);
      // Around the contract interest: exact, rounded either way, above the rate, or a half-fen value.
      const contract = principal.times(annualRate).times(days).div(360);
      const interestPaid = r.pick([
        contract.toDecimalPlaces(2, Decimal.ROUND_HALF_UP),
        contract.toDecimalPlaces(2, Decimal.ROUND_UP),
        contract.times(1.2).toDecimalPlaces(2),
        new Decimal(r.int(0, 200_000)).div(100),
        new Decimal(0),
      ]);
      const overdueInterestPaid = r.next() < 0.1 ? new Decimal(r.int(1, 5000)).div(100) : new Decimal(0);
      return { periodStart, settlementDate, interestPaid, overdueInterestPaid };
    });
    loans.push({
      input: {
        loanId: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
        contractNo: `PARITY-${i}`,
        amount,
        subsidizedAmount,
        annualRate,
        flags: flagCodes.filter((code) => code !== 'OFF_LIST_AT_CONTRACT'),
        convertedToFarmerLoan: r.next() < 0.02,
        onListAtContract: !flagCodes.includes('OFF_LIST_AT_CONTRACT'),
        payments,
      },
      flagCodes,
      ratio: r.pick(['1', '1', '0.5', '0.8', '0.3333', '0.7500']),
      bank: r.pick(['ABC', 'YNRCC']),
    });
  }
  return loans;
}

/** Hand-made cases around the rounding and the caps. */
function edgeCases(window: { start: string; end: string }): GeneratedLoan[] {
  const loan = (
    n: number,
    amount: string,
    subsidized: string,
    rate: string,
    ratio: string,
    payments: [string, string, string, string][],
    flagCodes: string[] = [],
  ): GeneratedLoan => ({
    input: {
      loanId: `00000000-0000-4000-9000-${String(n).padStart(12, '0')}`,
      contractNo: `EDGE-${n}`,
      amount: new Decimal(amount),
      subsidizedAmount: new Decimal(subsidized),
      annualRate: new Decimal(rate),
      flags: flagCodes.filter((c) => c !== 'OFF_LIST_AT_CONTRACT'),
      convertedToFarmerLoan: false,
      onListAtContract: !flagCodes.includes('OFF_LIST_AT_CONTRACT'),
      payments: payments.map(([periodStart, settlementDate, paid, overdue]) => ({
        periodStart,
        settlementDate,
        interestPaid: new Decimal(paid),
        overdueInterestPaid: new Decimal(overdue),
      })),
    },
    flagCodes,
    ratio,
    bank: 'ABC',
  });
  const { start, end } = window;
  return [
    loan(1, '50000.00', '50000.00', '0.0345', '0.5', [[start, end, '440.83', '0']]), // 220.415 → 220.42
    loan(2, '80000.00', '50000.00', '0.0350', '1', [[start, end, '715.56', '0']]), // capped at what 50,000 earns
    loan(3, '20000.00', '20000.00', '0.0345', '1', [[start, end, '176.33', '12.50']]),
    loan(4, '30000.00', '30000.00', '0.0345', '1', [[start, end, '0', '25.00']]),
    loan(5, '30000.00', '0.00', '0.0345', '1', [[start, end, '264.50', '0']]),
    loan(6, '10000.00', '10000.00', '0.0001', '0.3333', [[start, addDays(start, 1), '0.01', '0']]),
    loan(7, '50000.00', '50000.00', '0.0345', '1', [[start, end, '440.83', '0']], ['OFF_LIST_AT_CONTRACT', 'CONVERTED_TO_FARMER_LOAN', 'RATE_ABOVE_LPR']),
    loan(8, '50000.00', '50000.00', '0.0345', '1', []),
  ];
}

async function computeInSql(runId: string, quarter: string, window: { start: string; end: string }, loans: GeneratedLoan[]) {
  const runner = dataSource.createQueryRunner();
  await runner.connect();
  try {
    await runner.startTransaction();
    await createFactStaging(runner);
    await runner.query(
      `INSERT INTO subsidy_fact_loans SELECT l.loan_id, l.contract_no, l.bank_code, gen_random_uuid(), '532301101', l.amount, l.subsidized_amount, l.annual_rate,
         ARRAY(SELECT jsonb_array_elements_text(l.flag_codes)), l.converted, l.ratio
       FROM jsonb_to_recordset($1::jsonb) AS l(loan_id uuid, contract_no text, bank_code text, amount numeric, subsidized_amount numeric, annual_rate numeric, flag_codes jsonb, converted boolean, ratio numeric)`,
      [
        JSON.stringify(
          loans.map((l) => ({
            loan_id: l.input.loanId,
            contract_no: l.input.contractNo,
            bank_code: l.bank,
            amount: l.input.amount.toFixed(2),
            subsidized_amount: l.input.subsidizedAmount.toFixed(2),
            annual_rate: l.input.annualRate.toFixed(6),
            flag_codes: l.flagCodes,
            converted: l.input.convertedToFarmerLoan,
            ratio: l.ratio,
          })),
        ),
      ],
    );
    await runner.query(
      `INSERT INTO subsidy_fact_payments SELECT * FROM jsonb_to_recordset($1::jsonb) AS p(loan_id uuid, period_start date, settlement_date date, interest_paid numeric, overdue_interest_paid numeric)`,
      [
        JSON.stringify(
          loans.flatMap((l) =>
            l.input.payments.map((p) => ({
              loan_id: l.input.loanId,
              period_start: p.periodStart,
              settlement_date: p.settlementDate,
              interest_paid: p.interestPaid.toFixed(2),
              overdue_interest_paid: p.overdueInterestPaid.toFixed(2),
            })),
          ),
        ),
      ],
    );
    const written = await computeLinesFromStaging(runner, { id: runId, quarter, windowStart: window.start, windowEnd: window.end });
    expect(written).toBe(loans.length);
    const rows: Record<string, any>[] = await runner.query(
      `SELECT loan_id, subsidy::text, reason, notes, interest_paid::text, overdue_interest_paid::text, eligible_interest::text, removed_by_cap::text, payments_in_window,
              subsidized_amount::text, annual_rate::text, subsidy_ratio::text, flag_codes
       FROM funds.subsidy_lines WHERE run_id = $1`,
      [runId],
    );
    return new Map(rows.map((row) => [row.loan_id as string, row]));
  } finally {
    if (runner.isTransactionActive) await runner.rollbackTransaction();
    await runner.release();
  }
}

describe('the set-based subsidy computes what the pure module computes', () => {
  for (const quarter of ['2025Q3', '2024Q1']) {
    it(`${quarter}: 4,000 generated loans and the edge cases, line by line`, async () => {
      const runs = fundsSubgraph.createApp({
        dataSource,
        config: testConfig(),
        logger: createLogger({ service: 'test' }, 'error', () => undefined),
      }).subsidyRuns;
      const run = await runs.open('532301', quarter, 'parity-test');
      const window = settlementWindow(parseQuarter(quarter));
      const loans = [...edgeCases(window), ...generateLoans(4000, window, quarter === '2025Q3' ? 20251 : 20241)];
      const sql = await computeInSql(run.id, run.quarter, window, loans);
      const mismatches: string[] = [];
      for (const loan of loans) {
        const expected = computeSubsidy(loan.input, { window, subsidyRatio: new Decimal(loan.ratio) });
        const row = sql.get(loan.input.loanId);
        if (!row) {
          mismatches.push(`${loan.input.contractNo}: no line`);
          continue;
        }
        const detail = describeSubsidyLine({
          window,
          subsidizedAmount: new Decimal(row.subsidized_amount),
          annualRate: new Decimal(row.annual_rate),
          ratio: new Decimal(row.subsidy_ratio),
          interestPaid: new Decimal(row.interest_paid),
          overduePaid: new Decimal(row.overdue_interest_paid),
          eligible: new Decimal(row.eligible_interest),
          subsidy: new Decimal(row.subsidy),
          paymentsInWindow: row.payments_in_window,
          removedByCap: new Decimal(row.removed_by_cap),
          notes: row.notes,
          otherFlags: row.flag_codes,
        });
        const got = { subsidy: row.subsidy, reason: row.reason, notes: row.notes, interest: row.interest_paid, overdue: row.overdue_interest_paid, detail };
        const want = {
          subsidy: expected.subsidy.toFixed(2),
          reason: expected.reason,
          notes: expected.notes,
          interest: expected.interestPaidInWindow.toFixed(2),
          overdue: expected.overdueInterestPaidInWindow.toFixed(2),
          detail: expected.detail,
        };
        if (JSON.stringify(got) !== JSON.stringify(want))
          mismatches.push(`${loan.input.contractNo}: sql ${JSON.stringify(got)} ≠ module ${JSON.stringify(want)}`);
      }
      expect(mismatches.slice(0, 5)).toEqual([]);
      // The generator reaches every reason, so the comparison covered each branch.
      const reasons = new Set([...sql.values()].flatMap((row) => row.notes as string[]));
      expect([...reasons].sort()).toEqual(
        [
          'ABOVE_CONTRACT_RATE',
          'ABOVE_SUBSIDIZED_PRINCIPAL',
          'CONVERTED_TO_FARMER_LOAN',
          'FLAGGED',
          'NO_INTEREST_PAID',
          'OFF_LIST_AT_CONTRACT',
          'OVERDUE_INTEREST_EXCLUDED',
        ].sort(),
      );
    }, 60_000);
  }
});
