/**
 * Reconciliation of a county's quarter, to the fen: what was computed (subsidy lines), what was
 * instructed (live payment instructions: pending or paid), what the banks confirmed (paid), per
 * township and issuing bank, and every line where computed and confirmed differ, with the reason.
 * All in SQL over the funds tables; totals are sums of the stored, already rounded amounts.
 */
import Decimal from 'decimal.js';
import type { DataSource } from 'typeorm';
import { formatQuarter, parseQuarter } from '../subsidy/domain/settlement-window';
import { SubsidyRunRecord } from '../subsidy/subsidy-run.entity';

export interface ReconciliationGroup {
  townshipCode: string;
  /** The bank that issued the accounts ('' when the household has no account). */
  issuingBankCode: string;
  lines: number;
  computed: Decimal;
  instructed: Decimal;
  confirmed: Decimal;
}

export type DifferenceReason = 'NO_ACCOUNT' | 'NOT_INSTRUCTED' | 'PENDING' | 'FAILED';

export interface ReconciliationDifference {
  subsidyLineId: string;
  contractNo: string;
  householdId: string;
  townshipCode: string;
  issuingBankCode: string;
  computed: Decimal;
  confirmed: Decimal;
  reason: DifferenceReason;
  /** The bank's reason for the last failed payment, if any. */
  lastFailure: string | null;
}

export interface Reconciliation {
  countyCode: string;
  quarter: string;
  computed: Decimal;
  instructed: Decimal;
  confirmed: Decimal;
  groups: ReconciliationGroup[];
  differences: ReconciliationDifference[];
  /** Lines paid after an earlier payment failed (carried over to a later batch). */
  carriedOver: number;
}

export class ReconciliationService {
  constructor(private readonly dataSource: DataSource) {}

  async reconcile(countyCode: string, quarterText: string): Promise<Reconciliation | null> {
    const quarter = formatQuarter(parseQuarter(quarterText));
    const run = await this.dataSource.getRepository(SubsidyRunRecord).findOneBy({ countyCode, quarter });
    if (!run) return null;
    // One row per payable line: its live instruction (pending or paid) and its last failure.
    const perLine = `
      SELECT l.id, l.contract_no, l.household_id, l.township_code, l.subsidy,
             coalesce(a.issuing_bank_code, '') AS issuing_bank_code,
             live.status AS live_status, coalesce(live.amount, 0) AS instructed,
             CASE WHEN live.status = 'PAID' THEN live.amount ELSE 0 END AS confirmed,
             failed.failure_reason AS last_failure, failed.failures
      FROM funds.subsidy_lines l
      LEFT JOIN funds.one_card_accounts a ON a.household_id = l.household_id
      LEFT JOIN funds.payout_instructions live ON live.subsidy_line_id = l.id AND live.status <> 'FAILED'
      LEFT JOIN LATERAL (
        SELECT i.failure_reason, count(*) OVER () AS failures FROM funds.payout_instructions i
        WHERE i.subsidy_line_id = l.id AND i.status = 'FAILED' ORDER BY i.settled_at DESC LIMIT 1) failed ON TRUE
      WHERE l.run_id = $1 AND l.subsidy > 0`;
    const groups: Record<string, string>[] = await this.dataSource.query(
      `SELECT township_code, issuing_bank_code, count(*)::int AS lines, sum(subsidy)::text AS computed, sum(instructed)::text AS instructed, sum(confirmed)::text AS confirmed
       FROM (${perLine}) x GROUP BY township_code, issuing_bank_code ORDER BY township_code, issuing_bank_code`,
      [run.id],
    );
    const differences: Record<string, any>[] = await this.dataSource.query(
      `SELECT id, contract_no, household_id, township_code, issuing_bank_code, subsidy::text AS computed, confirmed::text AS confirmed, live_status, last_failure
       FROM (${perLine}) x WHERE confirmed <> subsidy ORDER BY township_code, contract_no`,
      [run.id],
    );
    const [{ carried }] = await this.dataSource.query(`SELECT count(*)::int AS carried FROM (${perLine}) x WHERE live_status = 'PAID' AND failures > 0`, [run.id]);
    const sum = (field: 'computed' | 'instructed' | 'confirmed') => groups.reduce((total, g) => total.plus(g[field]), new Decimal(0));
    return {
      countyCode,
      quarter,
      computed: sum('computed'),
      instructed: sum('instructed'),
      confirmed: sum('confirmed'),
      groups: groups.map((g) => ({
        townshipCode: g.township_code,
        issuingBankCode: g.issuing_bank_code,
        lines: Number(g.lines),
        computed: new Decimal(g.computed),
        instructed: new Decimal(g.instructed),
        confirmed: new Decimal(g.confirmed),
      })),
      differences: differences.map((d) => ({
        subsidyLineId: d.id,
        contractNo: d.contract_no,
        householdId: d.household_id,
        townshipCode: d.township_code,
        issuingBankCode: d.issuing_bank_code,
        computed: new Decimal(d.computed),
        confirmed: new Decimal(d.confirmed),
        reason: d.live_status === 'PENDING' ? 'PENDING' : d.issuing_bank_code === '' ? 'NO_ACCOUNT' : d.last_failure ? 'FAILED' : 'NOT_INSTRUCTED',
        lastFailure: d.last_failure,
      })),
      carriedOver: Number(carried),
    };
  }
}

/**
 * The reconciliation as finance bureaus file it: CSV with Chinese headers, UTF-8 with a BOM so
 * Excel reads it. Townships by code (their names live in the households subgraph); no names or
 * account numbers.
 */
export function reconciliationCsv(reconciliation: Reconciliation): string {
  const rows: string[][] = [['县(市、区)代码', '季度', '乡(镇)代码', '发卡银行', '笔数', '应贴息金额(元)', '已发指令金额(元)', '已到账金额(元)', '差额(元)']];
  for (const g of reconciliation.groups) {
    rows.push([
      reconciliation.countyCode,
      reconciliation.quarter,
      g.townshipCode,
      g.issuingBankCode || '(无一卡通账户)',
      String(g.lines),
      g.computed.toFixed(2),
      g.instructed.toFixed(2),
      g.confirmed.toFixed(2),
      g.computed.minus(g.confirmed).toFixed(2),
    ]);
  }
  rows.push([reconciliation.countyCode, reconciliation.quarter, '合计', '', String(reconciliation.groups.reduce((n, g) => n + g.lines, 0)), reconciliation.computed.toFixed(2), reconciliation.instructed.toFixed(2), reconciliation.confirmed.toFixed(2), reconciliation.computed.minus(reconciliation.confirmed).toFixed(2)]);
  rows.push([]);
  rows.push(['差异明细', '合同编号', '户ID', '乡(镇)代码', '发卡银行', '应贴息金额(元)', '已到账金额(元)', '原因', '银行退回原因']);
  const reasonZh: Record<DifferenceReason, string> = { NO_ACCOUNT: '无一卡通账户', NOT_INSTRUCTED: '未发指令', PENDING: '待银行回复', FAILED: '支付失败' };
  for (const d of reconciliation.differences) {
    rows.push(['', d.contractNo, d.householdId, d.townshipCode, d.issuingBankCode, d.computed.toFixed(2), d.confirmed.toFixed(2), reasonZh[d.reason], d.lastFailure ?? '']);
  }
  const cell = (value: string) => (/[",\n]/.test(value) ? `"${value.replaceAll('"', '""')}"` : value);
  return '\uFEFF' + rows.map((row) => row.map(cell).join(',')).join('\r\n') + '\r\n';
}
