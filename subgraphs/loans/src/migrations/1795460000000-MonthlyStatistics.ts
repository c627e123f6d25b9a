import { MigrationInterface, QueryRunner } from 'typeorm';

export class MonthlyStatistics1795460000000 implements MigrationInterface {
  name = 'MonthlyStatistics1795460000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"loans\".\"monthly_statistics\" (\"county_code\" character varying(6) NOT NULL, \"bank_code\" character varying(16) NOT NULL, \"month\" character varying(7) NOT NULL, \"borrowers\" integer NOT NULL, \"borrower_change\" integer, \"abnormal_swing\" boolean NOT NULL, \"new_loans\" integer NOT NULL, \"new_amount\" numeric(16,2) NOT NULL, \"balance\" numeric(16,2) NOT NULL, \"overdue_balance\" numeric(16,2) NOT NULL, \"npl_balance\" numeric(16,2) NOT NULL, \"npl_rate\" numeric(9,6) NOT NULL, \"npl_tolerance_pp\" numeric(6,2), \"eligible_households\" integer, \"maturing_3m_count\" integer NOT NULL, \"maturing_3m_amount\" numeric(16,2) NOT NULL, \"maturing_6m_count\" integer NOT NULL, \"maturing_6m_amount\" numeric(16,2) NOT NULL, \"computed_at\" TIMESTAMP WITH TIME ZONE NOT NULL, CONSTRAINT \"PK_3c347bab16726de7390b87c9da2\" PRIMARY KEY (\"county_code\", \"bank_code\", \"month\"))");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE \"loans\".\"monthly_statistics\"");
  }
}
