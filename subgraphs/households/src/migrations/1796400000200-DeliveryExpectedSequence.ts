import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The sequence a bank's SEQUENCE_GAP answer named, kept on the delivery as a number (issue 14):
 * a resync starts from it instead of reading it out of last_error. Deliveries refused before keep
 * theirs: read once here from the message the sender wrote ("the bank expects N"). Written by hand.
 */
export class DeliveryExpectedSequence1796400000200 implements MigrationInterface {
  name = 'DeliveryExpectedSequence1796400000200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "households"."list_deliveries" ADD "expected_sequence" bigint`);
    await queryRunner.query(
      `UPDATE "households"."list_deliveries" SET "expected_sequence" = substring("last_error" from 'the bank expects ([0-9]{1,15})')::bigint
       WHERE "last_error" ~ 'SEQUENCE_GAP' AND "last_error" ~ 'the bank expects [0-9]+'`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "households"."list_deliveries" DROP COLUMN "expected_sequence"`);
  }
}
