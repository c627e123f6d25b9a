import { MigrationInterface, QueryRunner } from 'typeorm';

export class AssessmentBreachSince1795520000000 implements MigrationInterface {
  name = 'AssessmentBreachSince1795520000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_assessments\" ADD \"breach_since\" date");
    // Written by hand: each stored breach gets the first day of its run of consecutive breached
    // assessments (a run ends at an assessment without a breach), as the daily job now records it.
    await queryRunner.query(`
      UPDATE funds.risk_fund_assessments a SET breach_since = runs.since
      FROM (
        SELECT county_code, bank_code, assessed_on, breach,
               min(assessed_on) FILTER (WHERE breach) OVER (PARTITION BY county_code, bank_code, run) AS since
        FROM (SELECT county_code, bank_code, assessed_on, breach,
                     count(*) FILTER (WHERE NOT breach) OVER (PARTITION BY county_code, bank_code ORDER BY assessed_on) AS run
              FROM funds.risk_fund_assessments) numbered
      ) runs
      WHERE runs.breach AND a.county_code = runs.county_code AND a.bank_code = runs.bank_code AND a.assessed_on = runs.assessed_on`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_assessments\" DROP COLUMN \"breach_since\"");
  }
}
