import { MigrationInterface, QueryRunner } from 'typeorm';

export class MonthlyTownshipStatistics1796400000200 implements MigrationInterface {
  name = 'MonthlyTownshipStatistics1796400000200';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"loans\".\"monthly_township_statistics\" (\"township_code\" character varying(9) NOT NULL, \"month\" character varying(7) NOT NULL, \"county_code\" character varying(6) NOT NULL, \"borrowers\" integer NOT NULL, \"eligible_households\" integer, \"computed_at\" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT \"PK_e127f2ccb717731d9763df89d5b\" PRIMARY KEY (\"township_code\", \"month\"))");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE \"loans\".\"monthly_township_statistics\"");
  }
}
