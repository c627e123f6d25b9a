import { MigrationInterface, QueryRunner } from 'typeorm';

/** The households side's copy of the bank registry (record-bank-directory). */
export class BankDirectory1796310000001 implements MigrationInterface {
  name = 'BankDirectory1796310000001';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "households"."bank_directory" ("code" character varying(16) NOT NULL, "name" character varying(100) NOT NULL, "county_codes" text array NOT NULL, "retired" boolean NOT NULL, "revision" bigint NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_households_bank_directory" PRIMARY KEY ("code"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "households"."bank_directory"`);
  }
}
