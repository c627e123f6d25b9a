/**
 * Monthly statistics for regulators, bureaus and banks (aggregates only): computed set-based for
 * every county and bank in one statement, kept per month, read with role scoping. Loans the risk
 * fund compensated are off the balance (账销案存), whatever the bank's feed still says.
 */
import type { DataSource } from 'typeorm';
import { endOfMonth } from '../../../../common/domain/calendar-date';
import type { Caller } from '../../../../common/auth/caller';
import { policyInForce } from '../policy/loan-policy';
import type { PolicyDataService } from '../policy-data/policy-data.service';
import { LOANS_ON_BOOKS_SQL, OUTSTANDING_STATUSES } from '../portfolio/portfolio.service';
import { MonthlyStatisticsRecord } from './monthly-statistics.entity';
import { MonthlyTownshipStatisticsRecord } from './monthly-township-statistics.entity';
import { badInput, forbidden } from '../../../../common/errors/hub-error';

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MAX_STATISTICS_ROWS = 5000;

/** The last day of 'YYYY-MM', and that day n months later. */
const monthEnd = (month: string, monthsLater = 0) => endOfMonth(`${month}-01`, monthsLater);

export function previousMonth(today: string): string {
  const [year, month] = today.split('-').map(Number);
  return month === 1 ? `${year - 1}-12` : `${year}-${String(month - 1).padStart(2, '0')}`;
}

export class MonitoringService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly policyData: PolicyDataService,
  ) {}

  /** Counties with loans (the monthly job asks the households side for their rosters). */
  async counties(): Promise<string[]> {
    const rows: { county_code: string }[] = await this.dataSource.query('SELECT DISTINCT county_code FROM loans.loans ORDER BY 1');
    return rows.map((r) => r.county_code);
  }

  /**
   * Computes and stores the month for every county and bank (a rerun replaces the month), and each
   * township's coverage of its listed households (eligibleByTownship: the roster per township).
   */
  async compute(
    month: string,
    counties: readonly string[],
    eligibleByCounty: Map<string, number>,
    eligibleByTownship: Map<string, number> = new Map(),
  ): Promise<number> {
    if (!MONTH.test(month)) throw badInput(`month "${month}" is not YYYY-MM`, 'month');
    const end = monthEnd(month);
    const { versions } = await this.policyData.load({ fresh: true });
    const tolerance = counties.map((c) => policyInForce(versions, c, end)?.rules.nplTolerancePp.toFixed(2) ?? null);
    const eligible = counties.map((c) => eligibleByCounty.get(c) ?? null);
    const rows: { n: number }[] = await this.dataSource.query(
      `WITH per_bank AS (
         SELECT county_code, bank_code,
                count(DISTINCT household_id) FILTER (WHERE book_status = ANY($2::text[]))::int AS borrowers,
                count(*) FILTER (WHERE to_char(contract_date, 'YYYY-MM') = $1)::int AS new_loans,
                coalesce(sum(amount) FILTER (WHERE to_char(contract_date, 'YYYY-MM') = $1), 0) AS new_amount,
                coalesce(sum(outstanding_principal) FILTER (WHERE book_status = ANY($2::text[])), 0) AS balance,
                coalesce(sum(outstanding_principal) FILTER (WHERE book_status = 'OVERDUE'), 0) AS overdue_balance,
                coalesce(sum(outstanding_principal) FILTER (WHERE book_status = 'NPL'), 0) AS npl_balance,
                count(*) FILTER (WHERE book_status = ANY($2::text[]) AND maturity_date > $3::date AND maturity_date <= $4::date)::int AS maturing_3m_count,
                coalesce(sum(outstanding_principal) FILTER (WHERE book_status = ANY($2::text[]) AND maturity_date > $3::date AND maturity_date <= $4::date), 0) AS maturing_3m_amount,
                count(*) FILTER (WHERE book_status = ANY($2::text[]) AND maturity_date > $3::date AND maturity_date <= $5::date)::int AS maturing_6m_count,
                coalesce(sum(outstanding_principal) FILTER (WHERE book_status = ANY($2::text[]) AND maturity_date > $3::date AND maturity_date <= $5::date), 0) AS maturing_6m_amount
         FROM ${LOANS_ON_BOOKS_SQL} loans
         GROUP BY county_code, bank_code),
       county AS (SELECT * FROM unnest($6::text[], $7::numeric[], $8::int[]) AS c(county_code, tolerance, eligible)),
       written AS (
         INSERT INTO loans.monthly_statistics (county_code, bank_code, month, borrowers, borrower_change, abnormal_swing, new_loans, new_amount, balance,
           overdue_balance, npl_balance, npl_rate, npl_tolerance_pp, eligible_households, maturing_3m_count, maturing_3m_amount, maturing_6m_count, maturing_6m_amount, computed_at)
         SELECT b.county_code, b.bank_code, $1, b.borrowers, b.borrowers - prev.borrowers,
                prev.borrowers IS NOT NULL AND abs(b.borrowers - prev.borrowers) >= 10 AND abs(b.borrowers - prev.borrowers) * 5 >= prev.borrowers,
                b.new_loans, b.new_amount, b.balance, b.overdue_balance, b.npl_balance,
                CASE WHEN b.balance = 0 THEN 0 ELSE round(b.npl_balance / b.balance, 6) END, c.tolerance, c.eligible,
                b.maturing_3m_count, b.maturing_3m_amount, b.maturing_6m_count, b.maturing_6m_amount, now()
         FROM per_bank b
         LEFT JOIN county c ON c.county_code = b.county_code
         LEFT JOIN loans.monthly_statistics prev ON prev.county_code = b.county_code AND prev.bank_code = b.bank_code
           AND prev.month = to_char(($1 || '-01')::date - interval '1 month', 'YYYY-MM')
         ON CONFLICT (county_code, bank_code, month) DO UPDATE SET borrowers = excluded.borrowers, borrower_change = excluded.borrower_change,
           abnormal_swing = excluded.abnormal_swing, new_loans = excluded.new_loans, new_amount = excluded.new_amount, balance = excluded.balance,
           overdue_balance = excluded.overdue_balance, npl_balance = excluded.npl_balance, npl_rate = excluded.npl_rate, npl_tolerance_pp = excluded.npl_tolerance_pp,
           eligible_households = excluded.eligible_households, maturing_3m_count = excluded.maturing_3m_count, maturing_3m_amount = excluded.maturing_3m_amount,
           maturing_6m_count = excluded.maturing_6m_count, maturing_6m_amount = excluded.maturing_6m_amount, computed_at = excluded.computed_at
         RETURNING 1)
       SELECT count(*)::int AS n FROM written`,
      [month, [...OUTSTANDING_STATUSES], end, monthEnd(month, 3), monthEnd(month, 6), [...counties], tolerance, eligible],
    );
    await this.computeTownships(month, counties, eligibleByTownship);
    return rows[0].n;
  }

  /**
   * Per township of the counties: households with an outstanding loan at any bank, and the
   * households its roster lists (null when the job was given none for the township). A township
   * with listed households but no borrower is kept (coverage 0); the month is replaced as a whole.
   */
  private async computeTownships(month: string, counties: readonly string[], eligibleByTownship: Map<string, number>): Promise<void> {
    const listed = [...eligibleByTownship].filter(([township]) => counties.includes(township.slice(0, 6)));
    await this.dataSource.transaction(async (manager) => {
      await manager.query('DELETE FROM loans.monthly_township_statistics WHERE month = $1', [month]);
      await manager.query(
        `WITH per_township AS (
           SELECT township_code, count(DISTINCT household_id) FILTER (WHERE book_status = ANY($2::text[]))::int AS borrowers
           FROM ${LOANS_ON_BOOKS_SQL} loans WHERE county_code = ANY($3::text[])
           GROUP BY township_code),
         listed AS (SELECT * FROM unnest($4::text[], $5::int[]) AS t(township_code, eligible))
         INSERT INTO loans.monthly_township_statistics (township_code, month, county_code, borrowers, eligible_households, computed_at)
         SELECT coalesce(p.township_code, l.township_code), $1, left(coalesce(p.township_code, l.township_code), 6), coalesce(p.borrowers, 0), l.eligible, now()
         FROM per_township p FULL JOIN listed l ON l.township_code = p.township_code`,
        [month, [...OUTSTANDING_STATUSES], [...counties], listed.map(([t]) => t), listed.map(([, n]) => n)],
      );
    });
  }

  /** The townships of each 'county month' key (county-months list() gave the caller), one statement; a bank sees none. */
  async townshipsOf(caller: Caller, keys: readonly string[]): Promise<MonthlyTownshipStatisticsRecord[]> {
    if (caller.role === 'bank' || keys.length === 0) return [];
    return this.dataSource
      .getRepository(MonthlyTownshipStatisticsRecord)
      .createQueryBuilder('t')
      .where('(t.county_code, t.month) IN (SELECT * FROM unnest(:counties::text[], :months::text[]))', {
        counties: keys.map((k) => k.slice(0, 6)),
        months: keys.map((k) => k.slice(7)),
      })
      .orderBy('t.month')
      .addOrderBy('t.townshipCode')
      .getMany();
  }

  /**
   * The townships' coverage for the same months and counties as list(), same scoping; a bank sees
   * none (a township's borrowers are every bank's).
   */
  async townships(caller: Caller, filter: { countyCode: string | null; from: string; to: string }): Promise<MonthlyTownshipStatisticsRecord[]> {
    if (caller.role === 'bank') return [];
    const query = this.dataSource
      .getRepository(MonthlyTownshipStatisticsRecord)
      .createQueryBuilder('t')
      .where('t.month BETWEEN :from AND :to', { from: filter.from, to: filter.to });
    if (filter.countyCode) query.andWhere('t.countyCode = :county', { county: filter.countyCode });
    return query.orderBy('t.month').addOrderBy('t.townshipCode').getMany();
  }

  /** Months from..to of a county (or of every county for regulators and admins when countyCode is null), scoped by role. */
  async list(caller: Caller, filter: { countyCode: string | null; from: string; to: string }): Promise<MonthlyStatisticsRecord[]> {
    for (const field of ['from', 'to'] as const) if (!MONTH.test(filter[field])) throw badInput(`${field} "${filter[field]}" is not YYYY-MM`, field);
    // YYYY-MM compares as text. A reversed range would match nothing and answer [] as if there were no figures.
    if (filter.from > filter.to) throw badInput(`from ${filter.from} is after to ${filter.to}: give the earlier month first`, 'from');
    const query = this.dataSource
      .getRepository(MonthlyStatisticsRecord)
      .createQueryBuilder('s')
      .where('s.month BETWEEN :from AND :to', { from: filter.from, to: filter.to });
    if (filter.countyCode) query.andWhere('s.countyCode = :county', { county: filter.countyCode });
    switch (caller.role) {
      case 'admin':
      case 'regulator':
        break;
      case 'bureau':
      case 'finance':
        if (!filter.countyCode || !caller.counties.includes(filter.countyCode))
          throw forbidden('a bureau sees the statistics of its own counties (name the county)');
        break;
      case 'bank':
        query.andWhere('s.bankCode = :bank', { bank: caller.bank });
        break;
    }
    // The rows are summed per county and month by the caller: a cut-off list would sum a part of a
    // county without saying so, so a range too large is refused instead.
    const rows = await query
      .orderBy('s.month')
      .addOrderBy('s.countyCode')
      .addOrderBy('s.bankCode')
      .limit(MAX_STATISTICS_ROWS + 1)
      .getMany();
    if (rows.length > MAX_STATISTICS_ROWS) {
      throw badInput(`more than ${MAX_STATISTICS_ROWS} county-bank months from ${filter.from} to ${filter.to}: name a county or a shorter range`, 'from');
    }
    return rows;
  }
}
