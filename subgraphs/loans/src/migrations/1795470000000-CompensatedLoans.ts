import { MigrationInterface, QueryRunner } from 'typeorm';

export class CompensatedLoans1795470000000 implements MigrationInterface {
  name = 'CompensatedLoans1795470000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"loans\".\"compensated_loans\" (\"loan_id\" uuid NOT NULL, \"claim_id\" uuid NOT NULL, \"compensated_on\" date NOT NULL, \"recorded_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_85e16a94bb486d6a826ae8322d2\" PRIMARY KEY (\"loan_id\"))");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE \"loans\".\"compensated_loans\"");
  }
}
