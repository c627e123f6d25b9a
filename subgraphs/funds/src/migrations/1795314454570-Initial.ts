import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795314454570 implements MigrationInterface {
  name = 'Initial1795314454570';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"funds\".\"fund_accounts\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"county_code\" character varying(6) NOT NULL, \"bank_code\" character varying(16) NOT NULL, \"kind\" character varying(24) NOT NULL, \"opened_on\" date NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_3a466b22b4e89e0b6f0afcca4ae\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"fund_accounts_county_bank_kind_uq\" ON \"funds\".\"fund_accounts\"  (\"county_code\", \"bank_code\", \"kind\") ");
    await queryRunner.query("CREATE TABLE \"funds\".\"one_card_accounts\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"household_id\" uuid NOT NULL, \"county_code\" character varying(6) NOT NULL, \"issuing_bank_code\" character varying(16) NOT NULL, \"account_number_sealed\" bytea NOT NULL, \"account_number_hash\" character(64) NOT NULL, \"holder_name_sealed\" bytea NOT NULL, \"pii_key_id\" character varying(32) NOT NULL, \"status\" character varying(8) NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_a98a7305674502f78de7de23997\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"one_card_accounts_county_idx\" ON \"funds\".\"one_card_accounts\"  (\"county_code\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"one_card_accounts_number_hash_idx\" ON \"funds\".\"one_card_accounts\"  (\"account_number_hash\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"one_card_accounts_household_uq\" ON \"funds\".\"one_card_accounts\"  (\"household_id\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"funds\".\"one_card_accounts_household_uq\"");
    await queryRunner.query("DROP INDEX \"funds\".\"one_card_accounts_number_hash_idx\"");
    await queryRunner.query("DROP INDEX \"funds\".\"one_card_accounts_county_idx\"");
    await queryRunner.query("DROP TABLE \"funds\".\"one_card_accounts\"");
    await queryRunner.query("DROP INDEX \"funds\".\"fund_accounts_county_bank_kind_uq\"");
    await queryRunner.query("DROP TABLE \"funds\".\"fund_accounts\"");
  }
}
