import { MigrationInterface, QueryRunner } from 'typeorm';

export class Initial1795314452667 implements MigrationInterface {
  name = 'Initial1795314452667';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("CREATE TABLE \"households\".\"township_assignments\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"township_code\" character varying(9) NOT NULL, \"bank_code\" character varying(16) NOT NULL, \"effective_from\" date NOT NULL, \"effective_to\" date, CONSTRAINT \"township_assignments_period_ck\" CHECK (\"effective_to\" IS NULL OR \"effective_to\" > \"effective_from\"), CONSTRAINT \"township_assignments_no_overlap\" EXCLUDE USING gist (\"township_code\" WITH =, daterange(\"effective_from\", \"effective_to\", '[)') WITH &&), CONSTRAINT \"PK_f5b05456bf990f082dfa601d36d\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"township_assignments_bank_idx\" ON \"households\".\"township_assignments\"  (\"bank_code\") ");
    await queryRunner.query("CREATE TABLE \"households\".\"households\" (\"id\" uuid NOT NULL DEFAULT gen_random_uuid(), \"household_no\" character varying(32) NOT NULL, \"county_code\" character varying(6) NOT NULL, \"township_code\" character varying(9) NOT NULL, \"village_code\" character varying(12) NOT NULL, \"head_name_sealed\" bytea NOT NULL, \"id_number_sealed\" bytea NOT NULL, \"id_number_hash\" character(64) NOT NULL, \"phone_sealed\" bytea, \"phone_hash\" character(64), \"pii_key_id\" character varying(32) NOT NULL, \"category\" character varying(24) NOT NULL, \"is_monitored\" boolean NOT NULL DEFAULT false, \"lifted_out_year\" smallint, \"member_count\" smallint NOT NULL, \"created_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), \"updated_at\" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT \"households_member_count_ck\" CHECK (\"member_count\" > 0), CONSTRAINT \"households_region_codes_ck\" CHECK (\"township_code\" LIKE \"county_code\" || '___' AND \"village_code\" LIKE \"township_code\" || '___'), CONSTRAINT \"PK_2b1aef2640717132e9231aac756\" PRIMARY KEY (\"id\"))");
    await queryRunner.query("CREATE INDEX \"households_township_idx\" ON \"households\".\"households\"  (\"township_code\", \"id\") ");
    await queryRunner.query("CREATE INDEX \"households_scope_idx\" ON \"households\".\"households\"  (\"county_code\", \"township_code\", \"village_code\", \"id\") ");
    await queryRunner.query("CREATE UNIQUE INDEX \"households_county_id_hash_uq\" ON \"households\".\"households\"  (\"county_code\", \"id_number_hash\") ");
    await queryRunner.query("CREATE TABLE \"households\".\"regions\" (\"code\" character varying(12) NOT NULL, \"name\" character varying(100) NOT NULL, \"level\" character varying(8) NOT NULL, \"parent_code\" character varying(12), \"county_code\" character varying(6) NOT NULL, CONSTRAINT \"PK_4f6dc5a464961e7c65a395ea4c6\" PRIMARY KEY (\"code\"))");
    await queryRunner.query("CREATE INDEX \"regions_parent_idx\" ON \"households\".\"regions\"  (\"parent_code\") ");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"households\".\"regions_parent_idx\"");
    await queryRunner.query("DROP TABLE \"households\".\"regions\"");
    await queryRunner.query("DROP INDEX \"households\".\"households_county_id_hash_uq\"");
    await queryRunner.query("DROP INDEX \"households\".\"households_scope_idx\"");
    await queryRunner.query("DROP INDEX \"households\".\"households_township_idx\"");
    await queryRunner.query("DROP TABLE \"households\".\"households\"");
    await queryRunner.query("DROP INDEX \"households\".\"township_assignments_bank_idx\"");
    await queryRunner.query("DROP TABLE \"households\".\"township_assignments\"");
  }
}
