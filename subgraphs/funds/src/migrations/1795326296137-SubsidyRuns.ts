import { MigrationInterface, QueryRunner } from 'typeorm';

export class SubsidyRuns1795326296137 implements MigrationInterface {
  name = 'SubsidyRuns1795326296137';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"funds\".\"subsidy_runs\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"county_code\" character varying(6) NOT NULL, \"quarter\" character varying(6) NOT NULL, \"window_start\" date NOT NULL, \"window_end\" date NOT NULL, \"status\" character varying(12) NOT NULL, \"line_count\" integer NOT NULL DEFAULT '0', \"total_interest\" numeric(16,2) NOT NULL DEFAULT '0', \"total_subsidy\" numeric(16,2) NOT NULL DEFAULT '0', \"requested_by\" character varying(128) NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"computed_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"subsidy_runs_status_ck\" CHECK (\"status\" IN ('COMPUTING', 'COMPUTED')), CONSTRAINT \"PK_943f2f8dd12814ac2051cfb3702\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"subsidy_runs_county_quarter_uq\" ON \"funds\".\"subsidy_runs\"  (\"county_code\", \"quarter\") ");
    await queryRunner.query("CREATE TABLE \"funds\".\"subsidy_lines\" (\"id\" BIGSERIAL NOT NULL, \"run_id\" uuid NOT NULL, \"quarter\" character varying(6) NOT NULL, \"loan_id\" uuid NOT NULL, \"contract_no\" character varying(64) NOT NULL, \"bank_code\" character varying(16) NOT NULL, \"household_id\" uuid NOT NULL, \"township_code\" character varying(9) NOT NULL, \"interest_paid\" numeric(14,2) NOT NULL, \"overdue_interest_paid\" numeric(14,2) NOT NULL, \"subsidy_ratio\" numeric(5,4) NOT NULL, \"subsidy\" numeric(14,2) NOT NULL, \"reason\" character varying(32), \"notes\" text array NOT NULL, \"detail\" character varying(500) NOT NULL, CONSTRAINT \"subsidy_lines_amounts_ck\" CHECK (\"subsidy\" >= 0 AND \"interest_paid\" >= 0 AND \"overdue_interest_paid\" >= 0), CONSTRAINT \"PK_67803794bee81f10cff6708de00\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"subsidy_lines_run_idx\" ON \"funds\".\"subsidy_lines\"  (\"run_id\", \"id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"subsidy_lines_loan_quarter_uq\" ON \"funds\".\"subsidy_lines\"  (\"loan_id\", \"quarter\") ");
    await queryRunner.query("ALTER TABLE \"funds\".\"subsidy_lines\" ADD CONSTRAINT \"subsidy_lines_run_fk\" FOREIGN KEY (\"run_id\") REFERENCES \"funds\".\"subsidy_runs\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"funds\".\"subsidy_lines\" DROP CONSTRAINT \"subsidy_lines_run_fk\"");
    await queryRunner.query("DROP INDEX \"funds\".\"subsidy_lines_loan_quarter_uq\"");
    await queryRunner.query("DROP INDEX \"funds\".\"subsidy_lines_run_idx\"");
    await queryRunner.query("DROP TABLE \"funds\".\"subsidy_lines\"");
    await queryRunner.query("DROP INDEX \"funds\".\"subsidy_runs_county_quarter_uq\"");
    await queryRunner.query("DROP TABLE \"funds\".\"subsidy_runs\"");
  }
}
