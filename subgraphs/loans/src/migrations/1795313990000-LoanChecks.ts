import { MigrationInterface, QueryRunner } from 'typeorm';

/** Hand-written: value checks TypeORM cannot express, so no code path can store an impossible loan. */
export class LoanChecks1795313990000 implements MigrationInterface {
  name = 'LoanChecks1795313990000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "loans"."loans" ADD CONSTRAINT "loans_amount_ck" CHECK ("amount" > 0)`);
    await queryRunner.query(`ALTER TABLE "loans"."loans" ADD CONSTRAINT "loans_rate_ck" CHECK ("annual_rate" >= 0 AND "annual_rate" < 1)`);
    await queryRunner.query(`ALTER TABLE "loans"."loans" ADD CONSTRAINT "loans_term_ck" CHECK ("term_months" > 0 AND "maturity_date" > "contract_date")`);
    await queryRunner.query(`ALTER TABLE "loans"."loans" ADD CONSTRAINT "loans_bank_fk" FOREIGN KEY ("bank_code") REFERENCES "loans"."banks"("code")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "loans"."loans" DROP CONSTRAINT "loans_bank_fk"`);
    await queryRunner.query(`ALTER TABLE "loans"."loans" DROP CONSTRAINT "loans_term_ck"`);
    await queryRunner.query(`ALTER TABLE "loans"."loans" DROP CONSTRAINT "loans_rate_ck"`);
    await queryRunner.query(`ALTER TABLE "loans"."loans" DROP CONSTRAINT "loans_amount_ck"`);
  }
}
