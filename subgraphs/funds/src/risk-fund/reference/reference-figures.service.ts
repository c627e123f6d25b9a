/**
 * The published figures the risk-fund rules refer to, kept as data (never code): deposit rates as
 * posted (the PBoC benchmark; each bank's demand rate), each bank's own annual NPL target, and the
 * State Council's yearly holiday arrangements that working-day deadlines count over. Each is
 * recorded as published and never edited; a correction is a later record of the same key, and the
 * latest one is used. What the hub ships (the 2015 benchmark rates, the 2025 and 2026
 * arrangements) is written on first use.
 */
import type Decimal from 'decimal.js';
import type { DataSource } from 'typeorm';
import { type Caller } from '../../../../../common/auth/caller';
import { BANK_CODE } from '../../../../../common/codes';
import { isIsoDate } from '../../../../../common/domain/calendar-date';
import { HubDecimal } from '../../../../../common/money';
import { DEPOSIT_TERMS, PBOC, PBOC_BENCHMARK_DEPOSIT_RATES, type DepositTerm, type PostedDepositRate } from '../domain/deposit-rates';
import { RiskFundInputError } from '../domain/risk-fund-error';
import { buildWorkingDayCalendar, CHINA_HOLIDAYS_2025, CHINA_HOLIDAYS_2026, type HolidayArrangement, type WorkingDayCalendar } from '../domain/working-days';
import { forbidden } from '../../../../../common/errors/hub-error';
import { onceUntilFailure } from '../../../../../common/once-until-failure';

const RATE = /^0(\.\d{1,6})?$/;
const SHIPPED_BY = 'hub (shipped)';
const SHIPPED_HOLIDAYS: [number, readonly HolidayArrangement[]][] = [
  [2025, CHINA_HOLIDAYS_2025],
  [2026, CHINA_HOLIDAYS_2026],
];

export interface RecordedBy {
  recordedBy: string;
  recordedAt: Date;
}

export interface NplTarget extends RecordedBy {
  bankCode: string;
  year: number;
  target: Decimal;
  source: string;
}

export interface HolidayYear extends RecordedBy {
  year: number;
  arrangements: HolidayArrangement[];
}

const invalid = (field: string, message: string) => new RiskFundInputError('RISK_FUND_INVALID_INPUT', field, message);

function checkSource(source: string): string {
  const text = source.trim();
  if (!text || text.length > 300) throw invalid('source', 'source must name where the figure was published (1 to 300 characters)');
  return text;
}

function checkRate(text: string, field: string): Decimal {
  if (!RATE.test(text)) throw invalid(field, `${field} "${text}" must be an annual rate as a fraction with at most 6 decimals, e.g. "0.0035" for 0.35 %`);
  return new HubDecimal(text);
}

export class ReferenceFiguresService {
  constructor(private readonly dataSource: DataSource) {}

  /**
   * The shipped figures not recorded yet. Once per service, and the funds app builds one (app.seed()
   * calls it at start); a lock keeps two processes from writing them twice, and a failure is not remembered.
   */
  readonly ensureShipped = onceUntilFailure(() =>
    this.dataSource.transaction(async (manager) => {
      await manager.query("SELECT pg_advisory_xact_lock(hashtext('huinong-risk-fund-reference-shipped'))");
      for (const rate of PBOC_BENCHMARK_DEPOSIT_RATES) {
        await manager.query(
          `INSERT INTO funds.deposit_rates (issuer, term, effective_from, rate, source, recorded_by)
             SELECT $1::varchar, $2::varchar, $3::date, $4::numeric, $5, $6 WHERE NOT EXISTS (SELECT 1 FROM funds.deposit_rates WHERE issuer = $1::varchar AND term = $2::varchar AND effective_from = $3::date)`,
          [rate.issuer, rate.term, rate.effectiveFrom, rate.rate.toFixed(), rate.source, SHIPPED_BY],
        );
      }
      for (const [year, arrangements] of SHIPPED_HOLIDAYS) {
        await manager.query(
          `INSERT INTO funds.holiday_arrangements (year, arrangements, recorded_by)
             SELECT $1::int, $2::jsonb, $3 WHERE NOT EXISTS (SELECT 1 FROM funds.holiday_arrangements WHERE year = $1::int)`,
          [year, JSON.stringify(arrangements), SHIPPED_BY],
        );
      }
    }),
  );

  // ---------------------------------------------------------------------------------------------
  // Deposit rates

  /** Every posting (latest record of each) of the issuers, by issuer and term, each oldest first. */
  async depositRates(issuers: readonly string[]): Promise<(PostedDepositRate & RecordedBy)[]> {
    await this.ensureShipped();
    const rows: Record<string, string & Date>[] = await this.dataSource.query(
      `SELECT DISTINCT ON (issuer, term, effective_from) issuer, term, to_char(effective_from, 'YYYY-MM-DD') AS effective_from, rate::text AS rate, source, recorded_by, recorded_at
       FROM funds.deposit_rates WHERE issuer = ANY($1::text[]) ORDER BY issuer, term, effective_from, recorded_at DESC, id DESC`,
      [[...issuers]],
    );
    return rows.map((r) => ({
      issuer: r.issuer,
      term: r.term as DepositTerm,
      effectiveFrom: r.effective_from,
      rate: new HubDecimal(r.rate),
      source: r.source,
      recordedBy: r.recorded_by,
      recordedAt: r.recorded_at,
    }));
  }

  /**
   * A posted rate from a date on: the PBoC benchmark (issuer PBOC, admins) or a bank's own posted
   * rate (issuer its code: that bank, or admins). Recording the same posting again with another
   * rate corrects it (the earlier record stays).
   */
  async recordDepositRate(
    caller: Caller,
    input: { issuer: string; term: string; effectiveFrom: string; rate: string; source: string },
  ): Promise<PostedDepositRate & RecordedBy> {
    if (input.issuer !== PBOC && !BANK_CODE.test(input.issuer)) throw invalid('issuer', `issuer "${input.issuer}" must be PBOC or a bank code`);
    const own = caller.role === 'bank' && caller.bank === input.issuer;
    if (caller.role !== 'admin' && !own) {
      throw forbidden(
        input.issuer === PBOC ? 'only admins record the PBoC benchmark rates' : `only ${input.issuer} or an admin records ${input.issuer}'s posted rates`,
      );
    }
    if (!(DEPOSIT_TERMS as readonly string[]).includes(input.term))
      throw invalid('term', `term must be one of ${DEPOSIT_TERMS.join(', ')} (got "${input.term}")`);
    if (!isIsoDate(input.effectiveFrom)) throw invalid('effectiveFrom', `effectiveFrom "${input.effectiveFrom}" is not a real YYYY-MM-DD date`);
    const rate = checkRate(input.rate, 'rate');
    const source = checkSource(input.source);
    await this.ensureShipped();
    const [row] = await this.dataSource.query(
      `INSERT INTO funds.deposit_rates (issuer, term, effective_from, rate, source, recorded_by) VALUES ($1, $2, $3, $4, $5, $6) RETURNING recorded_at`,
      [input.issuer, input.term, input.effectiveFrom, rate.toFixed(), source, caller.subject],
    );
    return {
      issuer: input.issuer,
      term: input.term as DepositTerm,
      effectiveFrom: input.effectiveFrom,
      rate,
      source,
      recordedBy: caller.subject,
      recordedAt: row.recorded_at,
    };
  }

  // ---------------------------------------------------------------------------------------------
  // Banks' NPL targets

  /** The targets in use for (bank, year) pairs, in one statement; a pair without one is absent. */
  async nplTargets(keys: readonly { bankCode: string; year: number }[]): Promise<Map<string, NplTarget>> {
    if (keys.length === 0) return new Map();
    const rows: Record<string, string & Date & number>[] = await this.dataSource.query(
      `SELECT DISTINCT ON (t.bank_code, t.year) t.bank_code, t.year, t.target::text AS target, t.source, t.recorded_by, t.recorded_at
       FROM funds.bank_npl_targets t JOIN unnest($1::text[], $2::int[]) AS k(bank_code, year) ON k.bank_code = t.bank_code AND k.year = t.year
       ORDER BY t.bank_code, t.year, t.recorded_at DESC, t.id DESC`,
      [keys.map((k) => k.bankCode), keys.map((k) => k.year)],
    );
    return new Map(
      rows.map((r) => [
        nplTargetKey(r.bank_code, r.year),
        { bankCode: r.bank_code, year: r.year, target: new HubDecimal(r.target), source: r.source, recordedBy: r.recorded_by, recordedAt: r.recorded_at },
      ]),
    );
  }

  /** A bank's targets (latest of each year), newest year first: the bank itself, county officials, regulators and admins. */
  async nplTargetsOf(caller: Caller, bankCode: string): Promise<NplTarget[]> {
    if (caller.role === 'bank' && caller.bank !== bankCode) throw forbidden(`a bank sees its own NPL targets only, not ${bankCode}'s`);
    const rows: Record<string, string & Date & number>[] = await this.dataSource.query(
      `SELECT DISTINCT ON (year) bank_code, year, target::text AS target, source, recorded_by, recorded_at FROM funds.bank_npl_targets
       WHERE bank_code = $1 ORDER BY year DESC, recorded_at DESC, id DESC`,
      [bankCode],
    );
    return rows.map((r) => ({
      bankCode: r.bank_code,
      year: r.year,
      target: new HubDecimal(r.target),
      source: r.source,
      recordedBy: r.recorded_by,
      recordedAt: r.recorded_at,
    }));
  }

  /** The bank's own annual NPL target for all its loans (the bank, or admins); a later record corrects it. */
  async recordNplTarget(caller: Caller, input: { bankCode: string; year: number; target: string; source: string }): Promise<NplTarget> {
    if (!BANK_CODE.test(input.bankCode)) throw invalid('bankCode', `"${input.bankCode}" is not a bank code`);
    if (caller.role !== 'admin' && !(caller.role === 'bank' && caller.bank === input.bankCode)) {
      throw forbidden(`only ${input.bankCode} or an admin records ${input.bankCode}'s NPL target`);
    }
    if (!Number.isInteger(input.year) || input.year < 2000 || input.year > 9999)
      throw invalid('year', `year must be a four-digit year from 2000 (got ${input.year})`);
    const target = checkRate(input.target, 'target');
    const source = checkSource(input.source);
    const [row] = await this.dataSource.query(
      `INSERT INTO funds.bank_npl_targets (bank_code, year, target, source, recorded_by) VALUES ($1, $2, $3, $4, $5) RETURNING recorded_at`,
      [input.bankCode, input.year, target.toFixed(), source, caller.subject],
    );
    return { bankCode: input.bankCode, year: input.year, target, source, recordedBy: caller.subject, recordedAt: row.recorded_at };
  }

  // ---------------------------------------------------------------------------------------------
  // Holiday arrangements

  /** Every recorded year (latest record of each), oldest first. */
  async holidayYears(): Promise<HolidayYear[]> {
    await this.ensureShipped();
    const rows: { year: number; arrangements: HolidayArrangement[]; recorded_by: string; recorded_at: Date }[] = await this.dataSource.query(
      'SELECT DISTINCT ON (year) year, arrangements, recorded_by, recorded_at FROM funds.holiday_arrangements ORDER BY year, recorded_at DESC, id DESC',
    );
    return rows.map((r) => ({ year: r.year, arrangements: r.arrangements, recordedBy: r.recorded_by, recordedAt: r.recorded_at }));
  }

  /** The working-day calendar over every recorded year: a deadline reaching any other year is refused, not guessed. */
  async calendar(): Promise<WorkingDayCalendar> {
    const years = await this.holidayYears();
    return buildWorkingDayCalendar({
      name: `China State Council holiday arrangements (${years.map((y) => y.year).join(', ')})`,
      coveredYears: years.map((y) => y.year),
      arrangements: years.flatMap((y) => y.arrangements),
    });
  }

  /**
   * A year's arrangement as the State Council's notice gives it (admins), every festival of the
   * year: the counting refuses nothing in a covered year, so a missing festival would move
   * deadlines silently. Checked on its own and together with the other years before it is stored.
   */
  async recordHolidayArrangements(caller: Caller, year: number, arrangements: HolidayArrangement[]): Promise<HolidayYear> {
    if (caller.role !== 'admin') throw forbidden("only admins record the State Council's holiday arrangements");
    if (!Number.isInteger(year) || year < 2000 || year > 9999) throw invalid('year', `year must be a four-digit year from 2000 (got ${year})`);
    if (arrangements.length === 0) throw invalid('arrangements', `list the festivals of ${year} as the notice gives them`);
    arrangements.forEach((arrangement, index) => {
      // A block may start in December before (元旦) or end in January after, but must touch its year.
      if (
        typeof arrangement.from === 'string' &&
        typeof arrangement.to === 'string' &&
        (arrangement.to.slice(0, 4) < String(year) || arrangement.from.slice(0, 4) > String(year))
      ) {
        throw new RiskFundInputError(
          'RISK_FUND_INVALID_CALENDAR',
          `arrangements[${index}]`,
          `working-day calendar: arrangements[${index}] (${arrangement.from} … ${arrangement.to}) has no day in ${year}`,
        );
      }
    });
    buildWorkingDayCalendar({ name: `${year}`, coveredYears: [year], arrangements });
    const others = (await this.holidayYears()).filter((y) => y.year !== year);
    buildWorkingDayCalendar({
      name: 'all years',
      coveredYears: [...others.map((y) => y.year), year],
      arrangements: [...others.flatMap((y) => y.arrangements), ...arrangements],
    });
    const stored = arrangements.map((a) => ({ name: a.name, source: a.source, from: a.from, to: a.to, days: a.days, makeUpWorkdays: [...a.makeUpWorkdays] }));
    const [row] = await this.dataSource.query(
      'INSERT INTO funds.holiday_arrangements (year, arrangements, recorded_by) VALUES ($1, $2, $3) RETURNING recorded_at',
      [year, JSON.stringify(stored), caller.subject],
    );
    return { year, arrangements: stored, recordedBy: caller.subject, recordedAt: row.recorded_at };
  }
}

export const nplTargetKey = (bankCode: string, year: number) => `${bankCode} ${year}`;
