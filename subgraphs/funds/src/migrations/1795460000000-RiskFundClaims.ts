import { MigrationInterface, QueryRunner } from 'typeorm';

export class RiskFundClaims1795460000000 implements MigrationInterface {
  name = 'RiskFundClaims1795460000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"funds\".\"risk_fund_claims\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"county_code\" character varying(6) NOT NULL, \"bank_code\" character varying(16) NOT NULL, \"quarter\" character varying(6) NOT NULL, \"status\" character varying(20) NOT NULL, \"filed_on\" date NOT NULL, \"filed_by\" character varying(128) NOT NULL, \"rules_version_id\" character varying(64), \"township_review_due\" date, \"confirmation_due\" date, \"reviewed_by\" character varying(128), \"approved_by\" character varying(128), \"rejection_reason\" character varying(500), \"fund_pays\" numeric(16,2) NOT NULL DEFAULT '0', \"paid_entry_id\" uuid, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"risk_fund_claims_status_ck\" CHECK (\"status\" IN ('FILED', 'VERIFIED', 'TOWNSHIP_REVIEWED', 'APPROVED', 'PAID', 'REJECTED')), CONSTRAINT \"PK_4deec2d9dd8089708f8b6526e5e\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"risk_fund_claims_one_per_quarter_uq\" ON \"funds\".\"risk_fund_claims\"  (\"county_code\", \"bank_code\", \"quarter\") WHERE \"status\" <> 'REJECTED'");
    await queryRunner.query("CREATE TABLE \"funds\".\"risk_fund_claim_lines\" (\"id\" BIGSERIAL NOT NULL, \"claim_id\" uuid NOT NULL, \"contract_no\" character varying(64) NOT NULL, \"insurance_paid\" numeric(14,2) NOT NULL, \"documents\" text array NOT NULL, \"loan_id\" uuid, \"refusal\" character varying(24), \"refusal_detail\" character varying(300), \"loss\" numeric(14,2), \"compensable\" numeric(14,2), \"fund_pays\" numeric(14,2), \"bank_bears\" numeric(14,2), \"notes\" text array NOT NULL DEFAULT '{}', \"flags\" text array NOT NULL DEFAULT '{}', CONSTRAINT \"PK_24061b0a27a12ccd949a102af8e\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"risk_fund_claim_lines_claim_contract_uq\" ON \"funds\".\"risk_fund_claim_lines\"  (\"claim_id\", \"contract_no\") ");
    await queryRunner.query("CREATE TABLE \"funds\".\"risk_fund_claim_events\" (\"id\" BIGSERIAL NOT NULL, \"claim_id\" uuid NOT NULL, \"step\" character varying(20) NOT NULL, \"actor\" character varying(128) NOT NULL, \"note\" character varying(500), \"at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_76de5104bac5615e6ee4084dea2\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"risk_fund_claim_events_claim_idx\" ON \"funds\".\"risk_fund_claim_events\"  (\"claim_id\", \"id\") ");
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_claim_lines\" ADD CONSTRAINT \"risk_fund_claim_lines_claim_fk\" FOREIGN KEY (\"claim_id\") REFERENCES \"funds\".\"risk_fund_claims\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_claim_events\" ADD CONSTRAINT \"risk_fund_claim_events_claim_fk\" FOREIGN KEY (\"claim_id\") REFERENCES \"funds\".\"risk_fund_claims\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_claim_events\" DROP CONSTRAINT \"risk_fund_claim_events_claim_fk\"");
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_claim_lines\" DROP CONSTRAINT \"risk_fund_claim_lines_claim_fk\"");
    await queryRunner.query("DROP INDEX \"funds\".\"risk_fund_claim_events_claim_idx\"");
    await queryRunner.query("DROP TABLE \"funds\".\"risk_fund_claim_events\"");
    await queryRunner.query("DROP INDEX \"funds\".\"risk_fund_claim_lines_claim_contract_uq\"");
    await queryRunner.query("DROP TABLE \"funds\".\"risk_fund_claim_lines\"");
    await queryRunner.query("DROP INDEX \"funds\".\"risk_fund_claims_one_per_quarter_uq\"");
    await queryRunner.query("DROP TABLE \"funds\".\"risk_fund_claims\"");
  }
}
