import { MigrationInterface, QueryRunner } from 'typeorm';

export class PayoutLineIndex1795420000000 implements MigrationInterface {
  name = 'PayoutLineIndex1795420000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE INDEX \"payout_instructions_line_settled_idx\" ON \"funds\".\"payout_instructions\"  (\"subsidy_line_id\", \"settled_at\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"funds\".\"payout_instructions_line_settled_idx\"");
  }
}
