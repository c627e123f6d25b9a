import { MigrationInterface, QueryRunner } from 'typeorm';

export class SubsidyPipeline1795390000000 implements MigrationInterface {
  name = 'SubsidyPipeline1795390000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"funds\".\"finance_notices\" (\"id\" BIGSERIAL NOT NULL, \"notice_key\" character varying(120) NOT NULL, \"county_code\" character varying(6) NOT NULL, \"quarter\" character varying(6) NOT NULL, \"kind\" character varying(24) NOT NULL, \"message_zh\" text NOT NULL, \"message_en\" text NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"finance_notices_kind_ck\" CHECK (\"kind\" IN ('QUARTER_COMPUTED', 'BATCHES_AWAIT_APPROVAL', 'BATCH_ANSWERED', 'QUARTER_RECONCILED')), CONSTRAINT \"PK_2afeced2c3fbcfb5af70c6d5d9a\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"finance_notices_county_idx\" ON \"funds\".\"finance_notices\"  (\"county_code\", \"id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"finance_notices_key_uq\" ON \"funds\".\"finance_notices\"  (\"notice_key\") ");
    await queryRunner.query("CREATE TABLE \"funds\".\"subsidy_reconciliations\" (\"county_code\" character varying(6) NOT NULL, \"quarter\" character varying(6) NOT NULL, \"computed\" numeric(16,2) NOT NULL, \"instructed\" numeric(16,2) NOT NULL, \"confirmed\" numeric(16,2) NOT NULL, \"ledger_confirmed\" numeric(16,2) NOT NULL, \"difference_count\" integer NOT NULL, \"balanced\" boolean NOT NULL, \"reconciled_at\" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT \"PK_aceece6a6ea462e6cf2b5f4cd46\" PRIMARY KEY (\"county_code\", \"quarter\"))");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE \"funds\".\"subsidy_reconciliations\"");
    await queryRunner.query("DROP INDEX \"funds\".\"finance_notices_key_uq\"");
    await queryRunner.query("DROP INDEX \"funds\".\"finance_notices_county_idx\"");
    await queryRunner.query("DROP TABLE \"funds\".\"finance_notices\"");
  }
}
