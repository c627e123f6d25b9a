import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * households.created_txid: the transaction that created each household, the order in which the
 * funds side copies household → county pairs (its ownership check for 一卡通 accounts). Rows
 * that exist already get this migration's own transaction id, so they are copied first.
 */
export class HouseholdCreatedTxid1795540000000 implements MigrationInterface {
  name = 'HouseholdCreatedTxid1795540000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // A function, not the cast expression itself, so that TypeORM reads back the default it declares.
    await queryRunner.query(`CREATE FUNCTION "households"."current_txid"() RETURNS bigint LANGUAGE sql VOLATILE AS 'SELECT pg_current_xact_id()::text::bigint'`);
    await queryRunner.query(`ALTER TABLE "households"."households" ADD "created_txid" bigint NOT NULL DEFAULT households.current_txid()`);
    await queryRunner.query(`CREATE INDEX "households_created_txid_idx" ON "households"."households" ("created_txid", "id")`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "households"."households_created_txid_idx"`);
    await queryRunner.query(`ALTER TABLE "households"."households" DROP COLUMN "created_txid"`);
    await queryRunner.query(`DROP FUNCTION "households"."current_txid"()`);
  }
}
