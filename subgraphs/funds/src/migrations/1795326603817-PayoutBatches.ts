import { MigrationInterface, QueryRunner } from 'typeorm';

export class PayoutBatches1795326603817 implements MigrationInterface {
  name = 'PayoutBatches1795326603817';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"funds\".\"payout_batches\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"run_id\" uuid NOT NULL, \"county_code\" character varying(6) NOT NULL, \"quarter\" character varying(6) NOT NULL, \"bank_code\" character varying(16) NOT NULL, \"idempotency_key\" character varying(80) NOT NULL, \"status\" character varying(12) NOT NULL, \"line_count\" integer NOT NULL, \"total_amount\" numeric(16,2) NOT NULL, \"paid_amount\" numeric(16,2) NOT NULL DEFAULT '0', \"failed_amount\" numeric(16,2) NOT NULL DEFAULT '0', \"created_by\" character varying(128) NOT NULL, \"approved_by\" character varying(128), \"approved_at\" TIMESTAMP WITH TIME ZONE, \"attempts\" integer NOT NULL DEFAULT '0', \"last_error\" character varying(500), \"closed_at\" TIMESTAMP WITH TIME ZONE, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"payout_batches_total_ck\" CHECK (\"total_amount\" > 0), CONSTRAINT \"payout_batches_status_ck\" CHECK (\"status\" IN ('DRAFT', 'APPROVED', 'SENT', 'CLOSED')), CONSTRAINT \"PK_aa57cb1e16d39cc0d41083145e4\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"payout_batches_run_idx\" ON \"funds\".\"payout_batches\"  (\"run_id\", \"bank_code\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"payout_batches_idempotency_key_uq\" ON \"funds\".\"payout_batches\"  (\"idempotency_key\") ");
    await queryRunner.query("CREATE TABLE \"funds\".\"payout_instructions\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"batch_id\" uuid NOT NULL, \"subsidy_line_id\" bigint NOT NULL, \"household_id\" uuid NOT NULL, \"account_id\" uuid NOT NULL, \"amount\" numeric(14,2) NOT NULL, \"status\" character varying(8) NOT NULL, \"failure_reason\" character varying(32), \"bank_reference\" character varying(64), \"settled_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"payout_instructions_amount_ck\" CHECK (\"amount\" > 0), CONSTRAINT \"payout_instructions_status_ck\" CHECK (\"status\" IN ('PENDING', 'PAID', 'FAILED')), CONSTRAINT \"PK_452a5c657c07cc18769b02d69e6\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"payout_instructions_batch_idx\" ON \"funds\".\"payout_instructions\"  (\"batch_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"payout_instructions_one_live_per_line_uq\" ON \"funds\".\"payout_instructions\"  (\"subsidy_line_id\") WHERE \"status\" <> 'FAILED'");
    await queryRunner.query("ALTER TABLE \"funds\".\"payout_batches\" ADD CONSTRAINT \"payout_batches_run_fk\" FOREIGN KEY (\"run_id\") REFERENCES \"funds\".\"subsidy_runs\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"funds\".\"payout_instructions\" ADD CONSTRAINT \"payout_instructions_batch_fk\" FOREIGN KEY (\"batch_id\") REFERENCES \"funds\".\"payout_batches\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"funds\".\"payout_instructions\" ADD CONSTRAINT \"payout_instructions_line_fk\" FOREIGN KEY (\"subsidy_line_id\") REFERENCES \"funds\".\"subsidy_lines\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"funds\".\"payout_instructions\" DROP CONSTRAINT \"payout_instructions_line_fk\"");
    await queryRunner.query("ALTER TABLE \"funds\".\"payout_instructions\" DROP CONSTRAINT \"payout_instructions_batch_fk\"");
    await queryRunner.query("ALTER TABLE \"funds\".\"payout_batches\" DROP CONSTRAINT \"payout_batches_run_fk\"");
    await queryRunner.query("DROP INDEX \"funds\".\"payout_instructions_one_live_per_line_uq\"");
    await queryRunner.query("DROP INDEX \"funds\".\"payout_instructions_batch_idx\"");
    await queryRunner.query("DROP TABLE \"funds\".\"payout_instructions\"");
    await queryRunner.query("DROP INDEX \"funds\".\"payout_batches_idempotency_key_uq\"");
    await queryRunner.query("DROP INDEX \"funds\".\"payout_batches_run_idx\"");
    await queryRunner.query("DROP TABLE \"funds\".\"payout_batches\"");
  }
}
