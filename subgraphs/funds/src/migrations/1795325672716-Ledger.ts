import { MigrationInterface, QueryRunner } from 'typeorm';

export class Ledger1795325672716 implements MigrationInterface {
  name = 'Ledger1795325672716';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"funds\".\"journal_entries\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"idempotency_key\" character varying(100) NOT NULL, \"request_hash\" character(64) NOT NULL, \"reason_code\" character varying(24) NOT NULL, \"description\" character varying(500) NOT NULL, \"effective_date\" date NOT NULL, \"reverses_entry_id\" uuid, \"created_by\" character varying(64) NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"journal_entries_idempotency_key_ck\" CHECK (char_length(\"idempotency_key\") >= 8), CONSTRAINT \"journal_entries_request_hash_ck\" CHECK (\"request_hash\" ~ '^[0-9a-f]{64}$'), CONSTRAINT \"journal_entries_reversal_ck\" CHECK ((\"reason_code\" = 'REVERSAL') = (\"reverses_entry_id\" IS NOT NULL)), CONSTRAINT \"journal_entries_reason_ck\" CHECK (\"reason_code\" IN ('BUDGET_ALLOCATED', 'SUBSIDY_COMPUTED', 'PAYOUT_INSTRUCTED', 'PAYOUT_CONFIRMED', 'PAYOUT_FAILED', 'FUND_DEPOSIT', 'FUND_INTEREST', 'COMPENSATION_PAID', 'RECOVERY_RETURNED', 'REVERSAL')), CONSTRAINT \"PK_a70368e64230434457c8d007ab3\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"journal_entries_reverses_uq\" ON \"funds\".\"journal_entries\"  (\"reverses_entry_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"journal_entries_idempotency_key_uq\" ON \"funds\".\"journal_entries\"  (\"idempotency_key\") ");
    await queryRunner.query("CREATE TABLE \"funds\".\"ledger_accounts\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"code\" character varying(80) NOT NULL, \"kind\" character varying(24) NOT NULL, \"county_code\" character varying(6) NOT NULL, \"bank_code\" character varying(16), \"normal_side\" character varying(6) NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"ledger_accounts_county_ck\" CHECK (\"county_code\" ~ '^[0-9]{6}$'), CONSTRAINT \"ledger_accounts_kind_side_ck\" CHECK ((\"kind\" = 'SUBSIDY_BUDGET' AND \"normal_side\" = 'CREDIT') OR (\"kind\" = 'SUBSIDY_FUNDING' AND \"normal_side\" = 'DEBIT') OR (\"kind\" = 'SUBSIDY_PAYABLE' AND \"normal_side\" = 'CREDIT') OR (\"kind\" = 'SUBSIDY_IN_TRANSIT' AND \"normal_side\" = 'CREDIT') OR (\"kind\" = 'SUBSIDY_PAID' AND \"normal_side\" = 'DEBIT') OR (\"kind\" = 'RISK_FUND' AND \"normal_side\" = 'DEBIT') OR (\"kind\" = 'RISK_FUND_SOURCE' AND \"normal_side\" = 'CREDIT') OR (\"kind\" = 'RISK_COMPENSATION_PAID' AND \"normal_side\" = 'DEBIT')), CONSTRAINT \"ledger_accounts_kind_ck\" CHECK (\"kind\" IN ('SUBSIDY_BUDGET', 'SUBSIDY_FUNDING', 'SUBSIDY_PAYABLE', 'SUBSIDY_IN_TRANSIT', 'SUBSIDY_PAID', 'RISK_FUND', 'RISK_FUND_SOURCE', 'RISK_COMPENSATION_PAID')), CONSTRAINT \"PK_62b34396dda564757cf123fff0e\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"ledger_accounts_code_uq\" ON \"funds\".\"ledger_accounts\"  (\"code\") ");
    await queryRunner.query("CREATE TABLE \"funds\".\"postings\" (\"id\" BIGSERIAL NOT NULL, \"entry_id\" uuid NOT NULL, \"account_id\" uuid NOT NULL, \"amount\" numeric(16,2) NOT NULL, CONSTRAINT \"postings_amount_ck\" CHECK (\"amount\" <> 0), CONSTRAINT \"PK_6bdb1a5dc47d018aa7877aa9ffb\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"postings_account_idx\" ON \"funds\".\"postings\"  (\"account_id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"postings_entry_account_uq\" ON \"funds\".\"postings\"  (\"entry_id\", \"account_id\") ");
    await queryRunner.query("ALTER TABLE \"funds\".\"journal_entries\" ADD CONSTRAINT \"journal_entries_reverses_fk\" FOREIGN KEY (\"reverses_entry_id\") REFERENCES \"funds\".\"journal_entries\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"funds\".\"postings\" ADD CONSTRAINT \"postings_entry_fk\" FOREIGN KEY (\"entry_id\") REFERENCES \"funds\".\"journal_entries\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"funds\".\"postings\" ADD CONSTRAINT \"postings_account_fk\" FOREIGN KEY (\"account_id\") REFERENCES \"funds\".\"ledger_accounts\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"funds\".\"postings\" DROP CONSTRAINT \"postings_account_fk\"");
    await queryRunner.query("ALTER TABLE \"funds\".\"postings\" DROP CONSTRAINT \"postings_entry_fk\"");
    await queryRunner.query("ALTER TABLE \"funds\".\"journal_entries\" DROP CONSTRAINT \"journal_entries_reverses_fk\"");
    await queryRunner.query("DROP INDEX \"funds\".\"postings_entry_account_uq\"");
    await queryRunner.query("DROP INDEX \"funds\".\"postings_account_idx\"");
    await queryRunner.query("DROP TABLE \"funds\".\"postings\"");
    await queryRunner.query("DROP INDEX \"funds\".\"ledger_accounts_code_uq\"");
    await queryRunner.query("DROP TABLE \"funds\".\"ledger_accounts\"");
    await queryRunner.query("DROP INDEX \"funds\".\"journal_entries_idempotency_key_uq\"");
    await queryRunner.query("DROP INDEX \"funds\".\"journal_entries_reverses_uq\"");
    await queryRunner.query("DROP TABLE \"funds\".\"journal_entries\"");
  }
}
