import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The policy data's revision (issue 14): one row, moved with every policy version or LPR fixing
 * written; each loan and each re-evaluation keeps the revision that judged it (0: before this
 * migration). Written by hand.
 */
export class PolicyDataRevision1796400000000 implements MigrationInterface {
  name = 'PolicyDataRevision1796400000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "loans"."policy_data_revision" ("id" smallint NOT NULL, "revision" integer NOT NULL, "changed_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "policy_data_revision_one_row_ck" CHECK ("id" = 1), CONSTRAINT "PK_530bcd3b8cfa564faa75886f9cd" PRIMARY KEY ("id"))`,
    );
    await queryRunner.query(`INSERT INTO "loans"."policy_data_revision" ("id", "revision") VALUES (1, 0)`);
    await queryRunner.query(`ALTER TABLE "loans"."loans" ADD "policy_revision" integer NOT NULL DEFAULT '0'`);
    await queryRunner.query(`ALTER TABLE "loans"."policy_reevaluations" ADD "policy_revision" integer NOT NULL DEFAULT '0'`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "loans"."policy_reevaluations" DROP COLUMN "policy_revision"`);
    await queryRunner.query(`ALTER TABLE "loans"."loans" DROP COLUMN "policy_revision"`);
    await queryRunner.query(`DROP TABLE "loans"."policy_data_revision"`);
  }
}
