/**
 * The working-day deadlines of a claim's steps (004 第十九、二十条) and of a recovery's return: set
 * when the step happens, left open when the working-day calendar does not cover the year yet and
 * filled in later, and the claims waiting past theirs.
 */
import type { DataSource } from 'typeorm';
import { CLAIM_STEPS, claimStepDeadline, type ClaimStep } from './domain/compensation';
import { RiskFundInputError } from './domain/risk-fund-error';
import type { RiskFundRules } from './domain/risk-fund-rules';
import type { WorkingDayCalendar } from './domain/working-days';
import type { ReferenceFiguresService } from './reference/reference-figures.service';
import { RiskFundClaimRecord } from './risk-fund-claim.entity';
import type { RiskFundService } from './risk-fund.service';

/** The step's deadline, or null when the rules set none or the working-day calendar does not cover the year (yet). */
export function stepDeadline(step: ClaimStep, from: string, rules: RiskFundRules, calendar: WorkingDayCalendar): string | null {
  try {
    return claimStepDeadline(step, from, rules, calendar);
  } catch (error) {
    if (error instanceof RiskFundInputError && error.code === 'RISK_FUND_DATE_NOT_COVERED') return null;
    throw error;
  }
}

/** A claim waiting past a step's deadline. */
export interface OverdueStep {
  claim: RiskFundClaimRecord;
  step: 'TOWNSHIP_REVIEW' | 'CONFIRMATION';
  due: string;
}

export class RiskFundClaimDeadlineService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly riskFunds: RiskFundService,
    private readonly figures: ReferenceFiguresService,
  ) {}

  /**
   * Deadlines left open because the working-day calendar did not cover their year when the step
   * happened, computed now that it may (an admin records each year's arrangement when the State
   * Council publishes it). A recovery reported after a deadline found this way is marked late.
   */
  async fillMissingDeadlines(): Promise<{ filled: number; stillOpen: number }> {
    const open: {
      id: string;
      kind: 'TOWNSHIP_REVIEW' | 'CONFIRMATION' | 'RECOVERY_RETURN';
      from_day: string;
      rules_version_id: string;
      reported_on: string | null;
    }[] = await this.dataSource.query(
      `SELECT c.id::text, 'TOWNSHIP_REVIEW' AS kind, to_char(c.filed_on, 'YYYY-MM-DD') AS from_day, c.rules_version_id, NULL AS reported_on
         FROM funds.risk_fund_claims c WHERE c.status = 'VERIFIED' AND c.township_review_due IS NULL
       UNION ALL
       SELECT c.id::text, 'CONFIRMATION', to_char((e.at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD'), c.rules_version_id, NULL
         FROM funds.risk_fund_claims c JOIN funds.risk_fund_claim_events e ON e.claim_id = c.id AND e.step = 'APPROVED'
         WHERE c.status = 'APPROVED' AND c.confirmation_due IS NULL
       UNION ALL
       SELECT r.id::text, 'RECOVERY_RETURN', to_char(r.received_on, 'YYYY-MM-DD'), c.rules_version_id, to_char((r.reported_at AT TIME ZONE 'Asia/Shanghai')::date, 'YYYY-MM-DD')
         FROM funds.risk_fund_recoveries r JOIN funds.risk_fund_claims c ON c.id = r.claim_id WHERE r.return_due IS NULL`,
    );
    if (open.length === 0) return { filled: 0, stillOpen: 0 };
    const calendar = await this.figures.calendar();
    const versions = new Map<string, RiskFundRules>();
    let filled = 0;
    let stillOpen = 0;
    for (const row of open) {
      if (!versions.has(row.rules_version_id)) versions.set(row.rules_version_id, (await this.riskFunds.version(row.rules_version_id)).rules);
      const rules = versions.get(row.rules_version_id)!;
      // The rules set no deadline for the step (Chuxiong): there is none to find.
      if (rules.deadlines[CLAIM_STEPS[row.kind]] === null) continue;
      const due = stepDeadline(row.kind, row.from_day, rules, calendar);
      if (due === null) {
        stillOpen += 1;
        continue;
      }
      if (row.kind === 'RECOVERY_RETURN') {
        await this.dataSource.query('UPDATE funds.risk_fund_recoveries SET return_due = $2, late = $3 WHERE id = $1 AND return_due IS NULL', [
          row.id,
          due,
          row.reported_on! > due,
        ]);
      } else {
        const column = row.kind === 'TOWNSHIP_REVIEW' ? 'township_review_due' : 'confirmation_due';
        await this.dataSource.query(`UPDATE funds.risk_fund_claims SET ${column} = $2 WHERE id = $1 AND ${column} IS NULL`, [row.id, due]);
      }
      filled += 1;
    }
    return { filled, stillOpen };
  }

  /** Claims whose township review, or confirmation and payment after approval, is past its working-day deadline (004 第十九、二十条) on `today`. */
  async overdueSteps(today: string): Promise<OverdueStep[]> {
    const claims = await this.dataSource
      .getRepository(RiskFundClaimRecord)
      .createQueryBuilder('c')
      .where(`(c.status = 'VERIFIED' AND c.townshipReviewDue < :today) OR (c.status = 'APPROVED' AND c.confirmationDue < :today)`, { today })
      .orderBy('c.createdAt')
      .getMany();
    return claims.map((claim) =>
      claim.status === 'VERIFIED'
        ? { claim, step: 'TOWNSHIP_REVIEW' as const, due: claim.townshipReviewDue! }
        : { claim, step: 'CONFIRMATION' as const, due: claim.confirmationDue! },
    );
  }
}
