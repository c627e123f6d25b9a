import { MigrationInterface, QueryRunner } from 'typeorm';

export class RiskFundRules1795440000000 implements MigrationInterface {
  name = 'RiskFundRules1795440000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"funds\".\"risk_fund_rule_versions\" (\"id\" character varying(64) NOT NULL, \"region_code\" character varying(6) NOT NULL, \"effective_from\" date NOT NULL, \"effective_to\" date, \"name\" character varying(200) NOT NULL, \"source\" character varying(300) NOT NULL, \"rules\" jsonb NOT NULL, \"recorded_by\" character varying(128) NOT NULL, \"recorded_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"risk_fund_rule_versions_dates_ck\" CHECK (\"effective_to\" IS NULL OR \"effective_to\" > \"effective_from\"), CONSTRAINT \"risk_fund_rule_versions_region_ck\" CHECK (\"region_code\" ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6})?$'), CONSTRAINT \"PK_8ceed7b51bd0613d79ff1768343\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"risk_fund_rule_versions_region_from_uq\" ON \"funds\".\"risk_fund_rule_versions\"  (\"region_code\", \"effective_from\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"funds\".\"risk_fund_rule_versions_region_from_uq\"");
    await queryRunner.query("DROP TABLE \"funds\".\"risk_fund_rule_versions\"");
  }
}
