import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Daily risk-fund assessments, and RISK_FUND_ALERT among the finance notices (written by hand:
 * TypeORM does not see a changed CHECK expression under the same name).
 */
export class RiskFundAssessments1795450000000 implements MigrationInterface {
  name = 'RiskFundAssessments1795450000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"funds\".\"risk_fund_assessments\" (\"county_code\" character varying(6) NOT NULL, \"bank_code\" character varying(16) NOT NULL, \"assessed_on\" date NOT NULL, \"rules_version_id\" character varying(64) NOT NULL, \"loan_balance\" numeric(16,2) NOT NULL, \"npl_balance\" numeric(16,2) NOT NULL, \"fund_balance\" numeric(16,2) NOT NULL, \"lending_limit\" numeric(18,2) NOT NULL, \"breach\" boolean NOT NULL, \"top_up_due\" numeric(16,2) NOT NULL, \"top_up_deadline\" date, \"npl_rate\" numeric(9,6) NOT NULL, \"trigger_reached\" boolean, \"pause_lending\" boolean, CONSTRAINT \"PK_61ca57181e8b4af8bf18d9dbcfc\" PRIMARY KEY (\"county_code\", \"bank_code\", \"assessed_on\"))");
    await queryRunner.query(
      `ALTER TABLE "funds"."finance_notices" DROP CONSTRAINT "finance_notices_kind_ck", ADD CONSTRAINT "finance_notices_kind_ck" CHECK ("kind" IN ('QUARTER_COMPUTED', 'BATCHES_AWAIT_APPROVAL', 'BATCH_ANSWERED', 'QUARTER_RECONCILED', 'RISK_FUND_ALERT'))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DELETE FROM "funds"."finance_notices" WHERE "kind" = 'RISK_FUND_ALERT'`);
    await queryRunner.query(
      `ALTER TABLE "funds"."finance_notices" DROP CONSTRAINT "finance_notices_kind_ck", ADD CONSTRAINT "finance_notices_kind_ck" CHECK ("kind" IN ('QUARTER_COMPUTED', 'BATCHES_AWAIT_APPROVAL', 'BATCH_ANSWERED', 'QUARTER_RECONCILED'))`,
    );
    await queryRunner.query("DROP TABLE \"funds\".\"risk_fund_assessments\"");
  }
}
