import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A line keeps the figures behind it instead of a detail text (written from them when shown), so
 * the set-based computation stores what the pure module computes. Lines computed before get
 * zero figures (the defaults exist only while the columns are added): none were ever paid from a
 * landed version.
 */
export class SubsidyLineFigures1795410000000 implements MigrationInterface {
  name = 'SubsidyLineFigures1795410000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"funds\".\"subsidy_lines\" DROP COLUMN \"detail\"");
    await queryRunner.query("ALTER TABLE \"funds\".\"subsidy_lines\" ADD \"eligible_interest\" numeric NOT NULL DEFAULT 0, ADD \"removed_by_cap\" numeric NOT NULL DEFAULT 0, ADD \"payments_in_window\" smallint NOT NULL DEFAULT 0, ADD \"subsidized_amount\" numeric(14,2) NOT NULL DEFAULT 0, ADD \"annual_rate\" numeric(8,6) NOT NULL DEFAULT 0, ADD \"flag_codes\" text array NOT NULL DEFAULT '{}'");
    await queryRunner.query("ALTER TABLE \"funds\".\"subsidy_lines\" ALTER \"eligible_interest\" DROP DEFAULT, ALTER \"removed_by_cap\" DROP DEFAULT, ALTER \"payments_in_window\" DROP DEFAULT, ALTER \"subsidized_amount\" DROP DEFAULT, ALTER \"annual_rate\" DROP DEFAULT, ALTER \"flag_codes\" DROP DEFAULT");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"funds\".\"subsidy_lines\" DROP COLUMN \"flag_codes\"");
    await queryRunner.query("ALTER TABLE \"funds\".\"subsidy_lines\" DROP COLUMN \"annual_rate\"");
    await queryRunner.query("ALTER TABLE \"funds\".\"subsidy_lines\" DROP COLUMN \"subsidized_amount\"");
    await queryRunner.query("ALTER TABLE \"funds\".\"subsidy_lines\" DROP COLUMN \"payments_in_window\"");
    await queryRunner.query("ALTER TABLE \"funds\".\"subsidy_lines\" DROP COLUMN \"removed_by_cap\"");
    await queryRunner.query("ALTER TABLE \"funds\".\"subsidy_lines\" DROP COLUMN \"eligible_interest\"");
    await queryRunner.query("ALTER TABLE \"funds\".\"subsidy_lines\" ADD \"detail\" character varying(500) NOT NULL DEFAULT ''");
    await queryRunner.query("ALTER TABLE \"funds\".\"subsidy_lines\" ALTER \"detail\" DROP DEFAULT");
  }
}
