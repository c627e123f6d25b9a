import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A quarter recomputed on request is a new run (its revision) superseding or correcting the last
 * one; lines are one per loan a run, adjustment lines carry a correction into a later quarter.
 * (The two checks are written by hand: the generator does not compare check constraints.)
 */
export class SubsidyRevisions1796223191664 implements MigrationInterface {
  name = 'SubsidyRevisions1796223191664';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"funds\".\"subsidy_runs_county_quarter_uq\"");
    await queryRunner.query("DROP INDEX \"funds\".\"subsidy_lines_loan_quarter_uq\"");
    await queryRunner.query("ALTER TABLE \"funds\".\"subsidy_runs\" ADD \"revision\" integer NOT NULL DEFAULT '1'");
    await queryRunner.query("ALTER TABLE \"funds\".\"subsidy_runs\" ADD \"supersedes_run_id\" uuid");
    await queryRunner.query("ALTER TABLE \"funds\".\"subsidy_lines\" ADD \"adjusts_quarter\" character varying(6)");
    await queryRunner.query("ALTER TABLE \"funds\".\"subsidy_lines\" ADD \"adjusts_line_id\" bigint");
    await queryRunner.query("ALTER TABLE \"funds\".\"subsidy_lines\" ADD \"correction_line_id\" bigint");
    await queryRunner.query(`ALTER TABLE "funds"."subsidy_runs" DROP CONSTRAINT "subsidy_runs_status_ck"`);
    await queryRunner.query(`ALTER TABLE "funds"."subsidy_runs" ADD CONSTRAINT "subsidy_runs_status_ck" CHECK ("status" IN ('COMPUTING', 'COMPUTED', 'SUPERSEDED', 'CORRECTION'))`);
    await queryRunner.query(`ALTER TABLE "funds"."subsidy_lines" DROP CONSTRAINT "subsidy_lines_amounts_ck"`);
    await queryRunner.query(`ALTER TABLE "funds"."subsidy_lines" ADD CONSTRAINT "subsidy_lines_amounts_ck" CHECK (("subsidy" >= 0 OR "adjusts_quarter" IS NOT NULL) AND "interest_paid" >= 0 AND "overdue_interest_paid" >= 0)`);
    await queryRunner.query("CREATE UNIQUE INDEX \"subsidy_runs_computing_uq\" ON \"funds\".\"subsidy_runs\"  (\"county_code\", \"quarter\") WHERE \"status\" = 'COMPUTING'");
    await queryRunner.query("CREATE UNIQUE INDEX \"subsidy_runs_computed_uq\" ON \"funds\".\"subsidy_runs\"  (\"county_code\", \"quarter\") WHERE \"status\" = 'COMPUTED'");
    await queryRunner.query("CREATE UNIQUE INDEX \"subsidy_runs_county_quarter_revision_uq\" ON \"funds\".\"subsidy_runs\"  (\"county_code\", \"quarter\", \"revision\") ");
    await queryRunner.query("CREATE INDEX \"subsidy_lines_loan_quarter_idx\" ON \"funds\".\"subsidy_lines\"  (\"loan_id\", \"quarter\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"subsidy_lines_run_adjustment_uq\" ON \"funds\".\"subsidy_lines\"  (\"run_id\", \"loan_id\", \"adjusts_quarter\") WHERE \"adjusts_quarter\" IS NOT NULL");
    await queryRunner.query("CREATE UNIQUE INDEX \"subsidy_lines_run_loan_uq\" ON \"funds\".\"subsidy_lines\"  (\"run_id\", \"loan_id\") WHERE \"adjusts_quarter\" IS NULL");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"funds\".\"subsidy_lines_run_loan_uq\"");
    await queryRunner.query("DROP INDEX \"funds\".\"subsidy_lines_run_adjustment_uq\"");
    await queryRunner.query("DROP INDEX \"funds\".\"subsidy_lines_loan_quarter_idx\"");
    await queryRunner.query("DROP INDEX \"funds\".\"subsidy_runs_county_quarter_revision_uq\"");
    await queryRunner.query("DROP INDEX \"funds\".\"subsidy_runs_computed_uq\"");
    await queryRunner.query("DROP INDEX \"funds\".\"subsidy_runs_computing_uq\"");
    await queryRunner.query(`ALTER TABLE "funds"."subsidy_lines" DROP CONSTRAINT "subsidy_lines_amounts_ck"`);
    await queryRunner.query(`ALTER TABLE "funds"."subsidy_lines" ADD CONSTRAINT "subsidy_lines_amounts_ck" CHECK ("subsidy" >= 0 AND "interest_paid" >= 0 AND "overdue_interest_paid" >= 0)`);
    await queryRunner.query(`ALTER TABLE "funds"."subsidy_runs" DROP CONSTRAINT "subsidy_runs_status_ck"`);
    await queryRunner.query(`ALTER TABLE "funds"."subsidy_runs" ADD CONSTRAINT "subsidy_runs_status_ck" CHECK ("status" IN ('COMPUTING', 'COMPUTED'))`);
    await queryRunner.query("ALTER TABLE \"funds\".\"subsidy_lines\" DROP COLUMN \"correction_line_id\"");
    await queryRunner.query("ALTER TABLE \"funds\".\"subsidy_lines\" DROP COLUMN \"adjusts_line_id\"");
    await queryRunner.query("ALTER TABLE \"funds\".\"subsidy_lines\" DROP COLUMN \"adjusts_quarter\"");
    await queryRunner.query("ALTER TABLE \"funds\".\"subsidy_runs\" DROP COLUMN \"supersedes_run_id\"");
    await queryRunner.query("ALTER TABLE \"funds\".\"subsidy_runs\" DROP COLUMN \"revision\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"subsidy_lines_loan_quarter_uq\" ON \"funds\".\"subsidy_lines\" USING btree (\"quarter\", \"loan_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"subsidy_runs_county_quarter_uq\" ON \"funds\".\"subsidy_runs\" USING btree (\"county_code\", \"quarter\") ");
  }
}
