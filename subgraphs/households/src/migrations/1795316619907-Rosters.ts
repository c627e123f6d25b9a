import { MigrationInterface, QueryRunner } from 'typeorm';

export class Rosters1795316619907 implements MigrationInterface {
  name = 'Rosters1795316619907';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"households\".\"pii_access_audit\" (\"id\" BIGSERIAL NOT NULL, \"subject\" character varying(128) NOT NULL, \"role\" character varying(16) NOT NULL, \"household_id\" uuid NOT NULL, \"field\" character varying(32) NOT NULL, \"reason\" character varying(200) NOT NULL, \"request_id\" character varying(64) NOT NULL, \"accessed_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_da09c3ddecd8189f48586cff5e6\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"pii_access_audit_household_idx\" ON \"households\".\"pii_access_audit\"  (\"household_id\", \"accessed_at\") ");
    await queryRunner.query("CREATE TABLE \"households\".\"outbox_events\" (\"id\" BIGSERIAL NOT NULL, \"event_type\" character varying(32) NOT NULL, \"county_code\" character varying(6) NOT NULL, \"payload\" jsonb NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"dispatched_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_6689a16c00d09b8089f6237f1d2\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"outbox_events_pending_idx\" ON \"households\".\"outbox_events\"  (\"id\") WHERE \"dispatched_at\" IS NULL");
    await queryRunner.query("CREATE TABLE \"households\".\"roster_header_mappings\" (\"county_code\" character varying(6) NOT NULL, \"header\" character varying(64) NOT NULL, \"field\" character varying(24) NOT NULL, CONSTRAINT \"PK_aa7896b4ba07126a4f66dd78c78\" PRIMARY KEY (\"county_code\", \"header\"))");
    await queryRunner.query("CREATE TABLE \"households\".\"roster_entries\" (\"version_id\" uuid NOT NULL, \"household_no\" character varying(32) NOT NULL, \"row_number\" integer NOT NULL, \"township_code\" character varying(9) NOT NULL, \"village_code\" character varying(12) NOT NULL, \"head_name_sealed\" bytea NOT NULL, \"head_name_hash\" character(64) NOT NULL, \"id_number_sealed\" bytea NOT NULL, \"id_number_hash\" character(64) NOT NULL, \"phone_sealed\" bytea, \"phone_hash\" character(64), \"pii_key_id\" character varying(32) NOT NULL, \"category\" character varying(24) NOT NULL, \"is_monitored\" boolean NOT NULL, \"risk_eliminated\" boolean, \"lifted_out_year\" smallint, \"member_count\" smallint NOT NULL, \"data_date\" date, \"content_hash\" character(32) NOT NULL, CONSTRAINT \"PK_7573bb7db43da26b9cf7b9ee5ec\" PRIMARY KEY (\"version_id\", \"household_no\"))");
    await queryRunner.query("CREATE INDEX \"roster_entries_id_hash_idx\" ON \"households\".\"roster_entries\"  (\"version_id\", \"id_number_hash\") ");
    await queryRunner.query("CREATE TABLE \"households\".\"roster_import_errors\" (\"id\" BIGSERIAL NOT NULL, \"import_id\" uuid NOT NULL, \"row\" integer NOT NULL, \"column_name\" character varying(64) NOT NULL, \"value\" character varying(64) NOT NULL, \"code\" character varying(48) NOT NULL, \"message_zh\" character varying(200) NOT NULL, \"message_en\" character varying(200) NOT NULL, CONSTRAINT \"PK_e9f8d50271b45d19a7706a6a0b5\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"roster_import_errors_import_idx\" ON \"households\".\"roster_import_errors\"  (\"import_id\", \"row\", \"id\") ");
    await queryRunner.query("CREATE TABLE \"households\".\"roster_imports\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"county_code\" character varying(6) NOT NULL, \"content_sha256\" character(64) NOT NULL, \"file_name\" character varying(255) NOT NULL, \"format\" character varying(8) NOT NULL, \"encoding\" character varying(16), \"mode\" character varying(16) NOT NULL, \"status\" character varying(16) NOT NULL, \"total_rows\" integer NOT NULL, \"accepted_rows\" integer NOT NULL, \"error_count\" integer NOT NULL, \"version_id\" uuid, \"imported_by\" character varying(128) NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"PK_0d59095c8b83e5bb74bde511464\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"roster_imports_county_idx\" ON \"households\".\"roster_imports\"  (\"county_code\", \"created_at\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"roster_imports_county_sha_uq\" ON \"households\".\"roster_imports\"  (\"county_code\", \"content_sha256\") WHERE \"version_id\" IS NOT NULL");
    await queryRunner.query("CREATE TABLE \"households\".\"roster_versions\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"county_code\" character varying(6) NOT NULL, \"number\" integer NOT NULL, \"status\" character varying(12) NOT NULL, \"import_id\" uuid NOT NULL, \"household_count\" integer NOT NULL, \"created_by\" character varying(128) NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"published_by\" character varying(128), \"published_at\" TIMESTAMP WITH TIME ZONE, \"superseded_at\" TIMESTAMP WITH TIME ZONE, CONSTRAINT \"PK_cb5ebde8ee2d89d84efb7efe43d\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE UNIQUE INDEX \"roster_versions_one_published_uq\" ON \"households\".\"roster_versions\"  (\"county_code\") WHERE \"status\" = 'published'");
    await queryRunner.query("CREATE UNIQUE INDEX \"roster_versions_county_number_uq\" ON \"households\".\"roster_versions\"  (\"county_code\", \"number\") ");
    await queryRunner.query("ALTER TABLE \"households\".\"households\" ADD \"risk_eliminated\" boolean");
    await queryRunner.query("ALTER TABLE \"households\".\"households\" ADD \"on_roster\" boolean NOT NULL DEFAULT true");
    await queryRunner.query("ALTER TABLE \"households\".\"households\" ADD \"roster_version_id\" uuid");
    await queryRunner.query("ALTER TABLE \"households\".\"households\" ADD \"content_hash\" character(32)");
    await queryRunner.query("CREATE UNIQUE INDEX \"households_county_household_no_uq\" ON \"households\".\"households\"  (\"county_code\", \"household_no\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"households\".\"households_county_household_no_uq\"");
    await queryRunner.query("ALTER TABLE \"households\".\"households\" DROP COLUMN \"content_hash\"");
    await queryRunner.query("ALTER TABLE \"households\".\"households\" DROP COLUMN \"roster_version_id\"");
    await queryRunner.query("ALTER TABLE \"households\".\"households\" DROP COLUMN \"on_roster\"");
    await queryRunner.query("ALTER TABLE \"households\".\"households\" DROP COLUMN \"risk_eliminated\"");
    await queryRunner.query("DROP INDEX \"households\".\"roster_versions_county_number_uq\"");
    await queryRunner.query("DROP INDEX \"households\".\"roster_versions_one_published_uq\"");
    await queryRunner.query("DROP TABLE \"households\".\"roster_versions\"");
    await queryRunner.query("DROP INDEX \"households\".\"roster_imports_county_sha_uq\"");
    await queryRunner.query("DROP INDEX \"households\".\"roster_imports_county_idx\"");
    await queryRunner.query("DROP TABLE \"households\".\"roster_imports\"");
    await queryRunner.query("DROP INDEX \"households\".\"roster_import_errors_import_idx\"");
    await queryRunner.query("DROP TABLE \"households\".\"roster_import_errors\"");
    await queryRunner.query("DROP INDEX \"households\".\"roster_entries_id_hash_idx\"");
    await queryRunner.query("DROP TABLE \"households\".\"roster_entries\"");
    await queryRunner.query("DROP TABLE \"households\".\"roster_header_mappings\"");
    await queryRunner.query("DROP INDEX \"households\".\"outbox_events_pending_idx\"");
    await queryRunner.query("DROP TABLE \"households\".\"outbox_events\"");
    await queryRunner.query("DROP INDEX \"households\".\"pii_access_audit_household_idx\"");
    await queryRunner.query("DROP TABLE \"households\".\"pii_access_audit\"");
  }
}
