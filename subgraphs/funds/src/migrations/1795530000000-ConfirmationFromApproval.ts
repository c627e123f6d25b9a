import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Written by hand (no entity changed): 004 第二十条's three working days run from the approval,
 * not from the township review. Deadlines set the old way on claims not yet paid are cleared;
 * the daily job counts them again from each claim's approval (fillMissingDeadlines). Paid and
 * rejected claims keep what was recorded then.
 */
export class ConfirmationFromApproval1795530000000 implements MigrationInterface {
  name = 'ConfirmationFromApproval1795530000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("UPDATE funds.risk_fund_claims SET confirmation_due = NULL WHERE status IN ('TOWNSHIP_REVIEWED', 'APPROVED')");
  }

  public async down(): Promise<void> {
    // Nothing to restore: the cleared deadlines were counted from the wrong day.
  }
}
