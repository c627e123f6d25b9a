import { MigrationInterface, QueryRunner } from 'typeorm';

export class LendingRewards1795510000000 implements MigrationInterface {
  name = 'LendingRewards1795510000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"funds\".\"lending_rewards\" (\"county_code\" character varying(6) NOT NULL, \"bank_code\" character varying(16) NOT NULL, \"year\" integer NOT NULL, \"status\" character varying(12) NOT NULL, \"pursued_loans\" integer NOT NULL, \"collection_reference\" character varying(200) NOT NULL, \"declared_by\" character varying(128) NOT NULL, \"declared_at\" TIMESTAMP WITH TIME ZONE NOT NULL, \"declaration\" integer NOT NULL, \"rules_version_id\" character varying(64), \"new_lending\" numeric(16,2), \"principal_due\" numeric(16,2), \"repaid_by_maturity\" numeric(16,2), \"overdue_loans\" integer, \"recovery_rate\" numeric(9,6), \"collection_coverage\" numeric(9,6), \"eligible\" boolean, \"max_reward\" numeric(16,2), \"unmet\" text array NOT NULL DEFAULT '{}', \"assessed_at\" TIMESTAMP WITH TIME ZONE, \"awarded\" numeric(16,2), \"award_reference\" character varying(64), \"decided_by\" character varying(128), \"decided_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"lending_rewards_awarded_ck\" CHECK (\"awarded\" IS NULL OR (\"awarded\" >= 0 AND \"awarded\" <= \"max_reward\")), CONSTRAINT \"lending_rewards_status_ck\" CHECK (\"status\" IN ('DECLARED', 'ASSESSED', 'DECIDED')), CONSTRAINT \"PK_790d6779d62c6afc4239551381a\" PRIMARY KEY (\"county_code\", \"bank_code\", \"year\"))");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP TABLE \"funds\".\"lending_rewards\"");
  }
}
