import { MigrationInterface, QueryRunner } from 'typeorm';

export class SettlementRules1795430000000 implements MigrationInterface {
  name = 'SettlementRules1795430000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"funds\".\"subsidy_settlement_rules\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"region_code\" character varying(6) NOT NULL, \"effective_from\" date NOT NULL, \"settlement_day\" smallint NOT NULL, \"source\" character varying(200) NOT NULL, \"recorded_by\" character varying(128) NOT NULL, \"recorded_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"subsidy_settlement_rules_day_ck\" CHECK (\"settlement_day\" BETWEEN 1 AND 28), CONSTRAINT \"subsidy_settlement_rules_region_ck\" CHECK (\"region_code\" ~ '^([0-9]{2}|[0-9]{4}|[0-9]{6})$'), CONSTRAINT \"PK_ccff47a3b7e31e6828b853071b7\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"subsidy_settlement_rules_region_from_uq\" ON \"funds\".\"subsidy_settlement_rules\"  (\"region_code\", \"effective_from\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"funds\".\"subsidy_settlement_rules_region_from_uq\"");
    await queryRunner.query("DROP TABLE \"funds\".\"subsidy_settlement_rules\"");
  }
}
