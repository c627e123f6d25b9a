import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Overpayments are not payments (issue 14): a line's `netted` (withheld from a payable line, or
 * recovered of an overpayment, against the same household in the run) and a run's total_netted and
 * total_receivable. Runs stored before had nothing netted: their positive lines were batched in
 * full, so their total becomes the sum of those, and their overpayments are receivables.
 * (The check is written by hand: the generator does not compare check constraints.)
 */
export class OverpaymentNetting1796300000001 implements MigrationInterface {
  name = 'OverpaymentNetting1796300000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "funds"."subsidy_lines" ADD "netted" numeric(14,2) NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "funds"."subsidy_runs" ADD "total_netted" numeric(16,2) NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "funds"."subsidy_runs" ADD "total_receivable" numeric(16,2) NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "funds"."subsidy_lines" ADD CONSTRAINT "subsidy_lines_netted_ck" CHECK ("netted" >= 0 AND "netted" <= abs("subsidy"))`);
    await queryRunner.query(
      `UPDATE "funds"."subsidy_runs" r SET total_subsidy = t.payable, total_receivable = t.receivable
       FROM (SELECT run_id, coalesce(sum(subsidy) FILTER (WHERE subsidy > 0), 0) AS payable, coalesce(-sum(subsidy) FILTER (WHERE subsidy < 0), 0) AS receivable
             FROM "funds"."subsidy_lines" GROUP BY run_id HAVING bool_or(subsidy < 0)) t
       WHERE r.id = t.run_id`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `UPDATE "funds"."subsidy_runs" r SET total_subsidy = t.total
       FROM (SELECT run_id, sum(subsidy) AS total FROM "funds"."subsidy_lines" GROUP BY run_id HAVING bool_or(subsidy < 0)) t WHERE r.id = t.run_id`,
    );
    await queryRunner.query(`ALTER TABLE "funds"."subsidy_lines" DROP CONSTRAINT "subsidy_lines_netted_ck"`);
    await queryRunner.query(`ALTER TABLE "funds"."subsidy_runs" DROP COLUMN "total_receivable"`);
    await queryRunner.query(`ALTER TABLE "funds"."subsidy_runs" DROP COLUMN "total_netted"`);
    await queryRunner.query(`ALTER TABLE "funds"."subsidy_lines" DROP COLUMN "netted"`);
  }
}
