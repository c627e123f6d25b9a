import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The registry's revision: one sequence across all banks, taken by every change of a bank under
 * the registry lock (so revisions commit in order). The record-bank-directory job copies the banks
 * changed after the revision a directory has seen; banks already registered get one each here.
 */
export class BankRegistryRevision1796310000000 implements MigrationInterface {
  name = 'BankRegistryRevision1796310000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE SEQUENCE "loans"."bank_registry_revision"`);
    await queryRunner.query(`ALTER TABLE "loans"."banks" ADD "revision" bigint NOT NULL DEFAULT '0'`);
    await queryRunner.query(
      `UPDATE "loans"."banks" b SET "revision" = r.revision FROM (SELECT code, nextval('loans.bank_registry_revision') AS revision FROM (SELECT code FROM "loans"."banks" ORDER BY code) c) r WHERE r.code = b.code`,
    );
    await queryRunner.query(`CREATE INDEX "banks_revision_idx" ON "loans"."banks" ("revision") `);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP INDEX "loans"."banks_revision_idx"`);
    await queryRunner.query(`ALTER TABLE "loans"."banks" DROP COLUMN "revision"`);
    await queryRunner.query(`DROP SEQUENCE "loans"."bank_registry_revision"`);
  }
}
