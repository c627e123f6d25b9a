import { MigrationInterface, QueryRunner } from 'typeorm';

export class PolicyReevaluations1796223563270 implements MigrationInterface {
  name = 'PolicyReevaluations1796223563270';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"loans\".\"policy_reevaluations\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"policy_version_id\" character varying(64), \"lpr_effective_date\" date, \"region_code\" character varying(6) NOT NULL, \"contract_from\" date NOT NULL, \"contract_to\" date, \"status\" character varying(8) NOT NULL DEFAULT 'PENDING', \"loans_total\" integer, \"loans_checked\" integer NOT NULL DEFAULT '0', \"loans_changed\" integer NOT NULL DEFAULT '0', \"after_loan_id\" uuid, \"requested_by\" character varying(128) NOT NULL, \"requested_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"started_at\" TIMESTAMP WITH TIME ZONE, \"finished_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"policy_reevaluations_status_ck\" CHECK (\"status\" IN ('PENDING', 'RUNNING', 'DONE')), CONSTRAINT \"policy_reevaluations_trigger_ck\" CHECK ((\"policy_version_id\" IS NULL) <> (\"lpr_effective_date\" IS NULL)), CONSTRAINT \"PK_793313184427b5f5d219c08bba8\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"policy_reevaluations_version_uq\" ON \"loans\".\"policy_reevaluations\"  (\"policy_version_id\") WHERE \"policy_version_id\" IS NOT NULL");
    await queryRunner.query("CREATE INDEX \"policy_reevaluations_unfinished_idx\" ON \"loans\".\"policy_reevaluations\"  (\"requested_at\") WHERE \"status\" <> 'DONE'");
    await queryRunner.query("CREATE TABLE \"loans\".\"loan_flag_changes\" (\"id\" BIGSERIAL NOT NULL, \"loan_id\" uuid NOT NULL, \"reevaluation_id\" uuid NOT NULL, \"policy_version_id\" character varying(64), \"from_flag_codes\" text array NOT NULL, \"to_flag_codes\" text array NOT NULL, \"from_subsidized_amount\" numeric(14,2) NOT NULL, \"to_subsidized_amount\" numeric(14,2) NOT NULL, \"changed_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_1488d88c3f6e99ee8dc67922c10\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"loan_flag_changes_loan_idx\" ON \"loans\".\"loan_flag_changes\"  (\"loan_id\", \"id\") ");
    await queryRunner.query("ALTER TABLE \"loans\".\"loan_flag_changes\" ADD CONSTRAINT \"loan_flag_changes_loan_fk\" FOREIGN KEY (\"loan_id\") REFERENCES \"loans\".\"loans\"(\"id\") ON DELETE CASCADE ON UPDATE NO ACTION");
    await queryRunner.query("ALTER TABLE \"loans\".\"loan_flag_changes\" ADD CONSTRAINT \"loan_flag_changes_reevaluation_fk\" FOREIGN KEY (\"reevaluation_id\") REFERENCES \"loans\".\"policy_reevaluations\"(\"id\") ON DELETE RESTRICT ON UPDATE NO ACTION");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"loans\".\"loan_flag_changes\" DROP CONSTRAINT \"loan_flag_changes_reevaluation_fk\"");
    await queryRunner.query("ALTER TABLE \"loans\".\"loan_flag_changes\" DROP CONSTRAINT \"loan_flag_changes_loan_fk\"");
    await queryRunner.query("DROP INDEX \"loans\".\"loan_flag_changes_loan_idx\"");
    await queryRunner.query("DROP TABLE \"loans\".\"loan_flag_changes\"");
    await queryRunner.query("DROP INDEX \"loans\".\"policy_reevaluations_unfinished_idx\"");
    await queryRunner.query("DROP INDEX \"loans\".\"policy_reevaluations_version_uq\"");
    await queryRunner.query("DROP TABLE \"loans\".\"policy_reevaluations\"");
  }
}
