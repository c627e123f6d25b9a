import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Maker-checker on payout batches (issue 14): the maker of record (confirmed_by, confirmed_at).
 * A batch a person prepared has that person as its maker; one the quarterly job drafted
 * ('scheduler') has none until a person of the finance bureau confirms it. Batches stored before
 * keep what they had: a person's batch gets its preparer as maker, the scheduler's none.
 * (The check is written by hand: the generator does not compare check constraints.)
 */
export class PayoutMaker1796300000000 implements MigrationInterface {
  name = 'PayoutMaker1796300000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "funds"."payout_batches" ADD "confirmed_by" character varying(128)`);
    await queryRunner.query(`ALTER TABLE "funds"."payout_batches" ADD "confirmed_at" TIMESTAMP WITH TIME ZONE`);
    await queryRunner.query(`UPDATE "funds"."payout_batches" SET "confirmed_by" = "created_by", "confirmed_at" = "created_at" WHERE "created_by" <> 'scheduler'`);
    await queryRunner.query(
      `ALTER TABLE "funds"."payout_batches" ADD CONSTRAINT "payout_batches_four_eyes_ck" CHECK ("confirmed_by" IS NULL OR "approved_by" IS NULL OR "approved_by" <> "confirmed_by")`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "funds"."payout_batches" DROP CONSTRAINT "payout_batches_four_eyes_ck"`);
    await queryRunner.query(`ALTER TABLE "funds"."payout_batches" DROP COLUMN "confirmed_at"`);
    await queryRunner.query(`ALTER TABLE "funds"."payout_batches" DROP COLUMN "confirmed_by"`);
  }
}
