import { MigrationInterface, QueryRunner } from 'typeorm';

export class ClaimLoansTold1795490000000 implements MigrationInterface {
  name = 'ClaimLoansTold1795490000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_claims\" ADD \"loans_told_at\" TIMESTAMP WITH TIME ZONE");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"funds\".\"risk_fund_claims\" DROP COLUMN \"loans_told_at\"");
  }
}
