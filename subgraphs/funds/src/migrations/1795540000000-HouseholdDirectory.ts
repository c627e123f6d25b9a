import { MigrationInterface, QueryRunner } from 'typeorm';

/** The funds side's copy of household → county, and how far it has read the households side. */
export class HouseholdDirectory1795540000000 implements MigrationInterface {
  name = 'HouseholdDirectory1795540000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "funds"."household_directory" ("household_id" uuid NOT NULL, "county_code" character varying(6) NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_household_directory" PRIMARY KEY ("household_id"))`,
    );
    await queryRunner.query(
      `CREATE TABLE "funds"."household_directory_cursor" ("id" smallint NOT NULL DEFAULT '1', "after_txid" bigint NOT NULL, "after_household_id" uuid NOT NULL, "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_household_directory_cursor" PRIMARY KEY ("id"))`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE "funds"."household_directory_cursor"`);
    await queryRunner.query(`DROP TABLE "funds"."household_directory"`);
  }
}
