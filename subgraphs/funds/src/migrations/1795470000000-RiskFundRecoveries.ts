import { MigrationInterface, QueryRunner } from 'typeorm';

export class RiskFundRecoveries1795470000000 implements MigrationInterface {
  name = 'RiskFundRecoveries1795470000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"funds\".\"risk_fund_recoveries\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"claim_id\" uuid NOT NULL, \"contract_no\" character varying(64) NOT NULL, \"reference\" character varying(64) NOT NULL, \"recovered\" numeric(14,2) NOT NULL, \"return_to_fund\" numeric(14,2) NOT NULL, \"received_on\" date NOT NULL, \"return_due\" date, \"late\" boolean NOT NULL, \"entry_id\" uuid, \"reported_by\" character varying(128) NOT NULL, \"reported_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"risk_fund_recoveries_amounts_ck\" CHECK (\"recovered\" > 0 AND \"return_to_fund\" >= 0 AND \"return_to_fund\" <= \"recovered\"), CONSTRAINT \"PK_fb7db6dc32971dfdcfc5366eff7\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"risk_fund_recoveries_claim_reference_uq\" ON \"funds\".\"risk_fund_recoveries\"  (\"claim_id\", \"reference\") ");
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_recoveries\" ADD CONSTRAINT \"risk_fund_recoveries_claim_fk\" FOREIGN KEY (\"claim_id\") REFERENCES \"funds\".\"risk_fund_claims\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_recoveries\" DROP CONSTRAINT \"risk_fund_recoveries_claim_fk\"");
    await queryRunner.query("DROP INDEX \"funds\".\"risk_fund_recoveries_claim_reference_uq\"");
    await queryRunner.query("DROP TABLE \"funds\".\"risk_fund_recoveries\"");
  }
}
