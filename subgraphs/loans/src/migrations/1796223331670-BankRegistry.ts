import { MigrationInterface, QueryRunner } from 'typeorm';

export class BankRegistry1796223331670 implements MigrationInterface {
  name = 'BankRegistry1796223331670';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"loans\".\"bank_changes\" (\"id\" BIGSERIAL NOT NULL, \"bank_code\" character varying(16) NOT NULL, \"action\" character varying(16) NOT NULL, \"actor\" character varying(100) NOT NULL, \"at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"changes\" jsonb NOT NULL, \"reason\" character varying(500), CONSTRAINT \"PK_e7f69b9ff22823aafcae6642d5e\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"bank_changes_bank_idx\" ON \"loans\".\"bank_changes\"  (\"bank_code\", \"at\") ");
    await queryRunner.query("ALTER TABLE \"loans\".\"banks\" ADD \"name_en\" character varying(200)");
    await queryRunner.query("ALTER TABLE \"loans\".\"banks\" ADD \"card_prefixes\" text array NOT NULL DEFAULT '{}'");
    await queryRunner.query("ALTER TABLE \"loans\".\"banks\" ADD \"county_codes\" text array NOT NULL DEFAULT '{}'");
    await queryRunner.query("ALTER TABLE \"loans\".\"banks\" ADD \"connector_url\" character varying(300)");
    await queryRunner.query("ALTER TABLE \"loans\".\"banks\" ADD \"credential_ref\" character varying(130)");
    await queryRunner.query("ALTER TABLE \"loans\".\"banks\" ADD \"registered_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"loans\".\"banks\" ADD \"registered_by\" character varying(100)");
    await queryRunner.query("ALTER TABLE \"loans\".\"banks\" ADD \"updated_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"loans\".\"banks\" ADD \"updated_by\" character varying(100)");
    await queryRunner.query("ALTER TABLE \"loans\".\"banks\" ADD \"retired_at\" TIMESTAMP WITH TIME ZONE");
    await queryRunner.query("ALTER TABLE \"loans\".\"banks\" ADD \"retired_by\" character varying(100)");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"loans\".\"banks\" DROP COLUMN \"retired_by\"");
    await queryRunner.query("ALTER TABLE \"loans\".\"banks\" DROP COLUMN \"retired_at\"");
    await queryRunner.query("ALTER TABLE \"loans\".\"banks\" DROP COLUMN \"updated_by\"");
    await queryRunner.query("ALTER TABLE \"loans\".\"banks\" DROP COLUMN \"updated_at\"");
    await queryRunner.query("ALTER TABLE \"loans\".\"banks\" DROP COLUMN \"registered_by\"");
    await queryRunner.query("ALTER TABLE \"loans\".\"banks\" DROP COLUMN \"registered_at\"");
    await queryRunner.query("ALTER TABLE \"loans\".\"banks\" DROP COLUMN \"credential_ref\"");
    await queryRunner.query("ALTER TABLE \"loans\".\"banks\" DROP COLUMN \"connector_url\"");
    await queryRunner.query("ALTER TABLE \"loans\".\"banks\" DROP COLUMN \"county_codes\"");
    await queryRunner.query("ALTER TABLE \"loans\".\"banks\" DROP COLUMN \"card_prefixes\"");
    await queryRunner.query("ALTER TABLE \"loans\".\"banks\" DROP COLUMN \"name_en\"");
    await queryRunner.query("DROP INDEX \"loans\".\"bank_changes_bank_idx\"");
    await queryRunner.query("DROP TABLE \"loans\".\"bank_changes\"");
  }
}
