import { MigrationInterface, QueryRunner } from 'typeorm';

/** A re-evaluation's heartbeat (issue 14): the dispatcher queues again only a run whose last page is old. Written by hand. */
export class ReevaluationHeartbeat1796400000100 implements MigrationInterface {
  name = 'ReevaluationHeartbeat1796400000100';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "loans"."policy_reevaluations" ADD "progress_at" TIMESTAMP WITH TIME ZONE`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE "loans"."policy_reevaluations" DROP COLUMN "progress_at"`);
  }
}
