import { MigrationInterface, QueryRunner } from 'typeorm';

export class ClaimCauses1795480000000 implements MigrationInterface {
  name = 'ClaimCauses1795480000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_claim_lines\" ADD \"cause\" character varying(32)");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_claim_lines\" DROP COLUMN \"cause\"");
  }
}
