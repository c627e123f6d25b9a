import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: TypeORM cannot express these. Exactly one responsible bank per township on
 * any date (000 national §四(三); 001 §二(四)), enforced by the database, not by code.
 */
export class TownshipAssignmentNoOverlap1795313990000 implements MigrationInterface {
  name = 'TownshipAssignmentNoOverlap1795313990000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
    await queryRunner.query(
      `ALTER TABLE "households"."township_assignments" ADD CONSTRAINT "township_assignments_period_ck" CHECK ("effective_to" IS NULL OR "effective_to" > "effective_from")`,
    );
    await queryRunner.query(
      `ALTER TABLE "households"."township_assignments" ADD CONSTRAINT "township_assignments_no_overlap" EXCLUDE USING gist ("township_code" WITH =, daterange("effective_from", "effective_to", '[)') WITH &&)`,
    );
    await queryRunner.query(`ALTER TABLE "households"."households" ADD CONSTRAINT "households_region_codes_ck" CHECK ("county_code" ~ '^\\d{6}$' AND "township_code" ~ '^\\d{9}$' AND "village_code" ~ '^\\d{12}$' AND left("township_code", 6) = "county_code" AND left("village_code", 9) = "township_code")`);
    await queryRunner.query(`ALTER TABLE "households"."households" ADD CONSTRAINT "households_member_count_ck" CHECK ("member_count" > 0)`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "households"."households" DROP CONSTRAINT "households_member_count_ck"`);
    await queryRunner.query(`ALTER TABLE "households"."households" DROP CONSTRAINT "households_region_codes_ck"`);
    await queryRunner.query(`ALTER TABLE "households"."township_assignments" DROP CONSTRAINT "township_assignments_no_overlap"`);
    await queryRunner.query(`ALTER TABLE "households"."township_assignments" DROP CONSTRAINT "township_assignments_period_ck"`);
  }
}
