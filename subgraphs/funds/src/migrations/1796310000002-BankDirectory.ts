import { MigrationInterface, QueryRunner } from 'typeorm';

/** The funds side's copy of the bank registry (record-bank-directory). */
export class BankDirectory1796310000002 implements MigrationInterface {
  name = 'BankDirectory1796310000002';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "funds"."bank_directory" ("code" character varying(16) NOT NULL, "name" character varying(100) NOT NULL, "name_en" character varying(200), "card_prefixes" text array NOT NULL, "retired" boolean NOT NULL, "revision" bigint NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_funds_bank_directory" PRIMARY KEY ("code"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "funds"."bank_directory"`);
  }
}
