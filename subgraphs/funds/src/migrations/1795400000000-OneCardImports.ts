import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * 一卡通 account files imported by finance bureaus: the import (same content applied once per
 * county, unless rejected), its valid rows staged until the worker matches them to households,
 * and its row errors; and the holder name's keyed hash on one_card_accounts (an account is
 * rewritten, and its updated_at moved, only when something differs). Written by hand; the
 * entities in one-card-import/ and one-card-account/ declare the same columns and constraints
 * (test/integration/schema.test.ts checks there is no drift).
 */
export class OneCardImports1795400000000 implements MigrationInterface {
  name = 'OneCardImports1795400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // The holder name's keyed hash, so that a write can tell whether the (sealed) name changed;
    // accounts recorded before have none (NULL), and their next write counts as a change.
    await queryRunner.query(`ALTER TABLE "funds"."one_card_accounts" ADD "holder_name_hash" character(64)`);

    await queryRunner.query(`CREATE TABLE "funds"."one_card_imports" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "county_code" character varying(6) NOT NULL,
      "content_sha256" character(64) NOT NULL,
      "file_name" character varying(255) NOT NULL,
      "format" character varying(8) NOT NULL,
      "encoding" character varying(16),
      "mode" character varying(16) NOT NULL,
      "status" character varying(16) NOT NULL,
      "total_rows" integer NOT NULL,
      "valid_rows" integer NOT NULL,
      "applied_rows" integer NOT NULL DEFAULT '0',
      "error_count" integer NOT NULL,
      "id_number_column" character varying(64) NOT NULL,
      "imported_by" character varying(128) NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "finished_at" TIMESTAMP WITH TIME ZONE,
      CONSTRAINT "one_card_imports_counts_ck" CHECK ("valid_rows" <= "total_rows" AND "applied_rows" <= "valid_rows" AND "applied_rows" >= 0 AND "error_count" >= 0),
      CONSTRAINT "one_card_imports_mode_ck" CHECK ("mode" IN ('reject_file', 'skip_bad_rows')),
      CONSTRAINT "one_card_imports_status_ck" CHECK ("status" IN ('PENDING_MATCH', 'APPLIED', 'REJECTED')),
      CONSTRAINT "PK_c9aae4bb3de771c2872da98edb2" PRIMARY KEY ("id"))`);
    // The same file is applied once per county; a rejected one may be tried again.
    await queryRunner.query(`CREATE UNIQUE INDEX "one_card_imports_county_sha_uq" ON "funds"."one_card_imports" ("county_code", "content_sha256") WHERE "status" <> 'REJECTED'`);
    await queryRunner.query(`CREATE INDEX "one_card_imports_county_idx" ON "funds"."one_card_imports" ("county_code", "created_at")`);
    // What the worker's dispatcher looks for.
    await queryRunner.query(`CREATE INDEX "one_card_imports_pending_idx" ON "funds"."one_card_imports" ("created_at") WHERE "status" = 'PENDING_MATCH'`);

    await queryRunner.query(`CREATE TABLE "funds"."one_card_import_rows" (
      "import_id" uuid NOT NULL,
      "row_number" integer NOT NULL,
      "id_number_hash" character(64) NOT NULL,
      "id_number_masked" character varying(18) NOT NULL,
      "holder_name_sealed" bytea NOT NULL,
      "holder_name_hash" character(64) NOT NULL,
      "account_number_sealed" bytea NOT NULL,
      "account_number_hash" character(64) NOT NULL,
      "pii_key_id" character varying(32) NOT NULL,
      "issuing_bank_code" character varying(16) NOT NULL,
      "account_status" character varying(8) NOT NULL,
      "household_id" uuid,
      CONSTRAINT "one_card_import_rows_status_ck" CHECK ("account_status" IN ('ACTIVE', 'FROZEN', 'CLOSED')),
      CONSTRAINT "PK_c63aec5f100f5129f92e4860ba5" PRIMARY KEY ("import_id", "row_number"))`);
    await queryRunner.query(
      `ALTER TABLE "funds"."one_card_import_rows" ADD CONSTRAINT "one_card_import_rows_import_fk" FOREIGN KEY ("import_id") REFERENCES "funds"."one_card_imports"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );

    await queryRunner.query(`CREATE TABLE "funds"."one_card_import_errors" (
      "id" BIGSERIAL NOT NULL,
      "import_id" uuid NOT NULL,
      "row" integer NOT NULL,
      "column_name" character varying(64) NOT NULL,
      "value" character varying(64) NOT NULL,
      "code" character varying(48) NOT NULL,
      "message_zh" character varying(200) NOT NULL,
      "message_en" character varying(200) NOT NULL,
      CONSTRAINT "PK_61a3c82d5fcfef7384c05138b63" PRIMARY KEY ("id"))`);
    await queryRunner.query(`CREATE INDEX "one_card_import_errors_import_idx" ON "funds"."one_card_import_errors" ("import_id", "row", "id")`);
    await queryRunner.query(
      `ALTER TABLE "funds"."one_card_import_errors" ADD CONSTRAINT "one_card_import_errors_import_fk" FOREIGN KEY ("import_id") REFERENCES "funds"."one_card_imports"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "funds"."one_card_import_errors" DROP CONSTRAINT "one_card_import_errors_import_fk"`);
    await queryRunner.query(`DROP INDEX "funds"."one_card_import_errors_import_idx"`);
    await queryRunner.query(`DROP TABLE "funds"."one_card_import_errors"`);
    await queryRunner.query(`ALTER TABLE "funds"."one_card_import_rows" DROP CONSTRAINT "one_card_import_rows_import_fk"`);
    await queryRunner.query(`DROP TABLE "funds"."one_card_import_rows"`);
    await queryRunner.query(`DROP INDEX "funds"."one_card_imports_pending_idx"`);
    await queryRunner.query(`DROP INDEX "funds"."one_card_imports_county_idx"`);
    await queryRunner.query(`DROP INDEX "funds"."one_card_imports_county_sha_uq"`);
    await queryRunner.query(`DROP TABLE "funds"."one_card_imports"`);
    await queryRunner.query(`ALTER TABLE "funds"."one_card_accounts" DROP COLUMN "holder_name_hash"`);
  }
}
