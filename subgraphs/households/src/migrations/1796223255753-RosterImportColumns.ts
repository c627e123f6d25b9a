import { MigrationInterface, QueryRunner } from 'typeorm';

export class RosterImportColumns1796223255753 implements MigrationInterface {
  name = 'RosterImportColumns1796223255753';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"households\".\"roster_header_mappings\" ADD \"required\" boolean NOT NULL DEFAULT false");
    await queryRunner.query("ALTER TABLE \"households\".\"roster_imports\" ADD \"columns\" jsonb");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"households\".\"roster_imports\" DROP COLUMN \"columns\"");
    await queryRunner.query("ALTER TABLE \"households\".\"roster_header_mappings\" DROP COLUMN \"required\"");
  }
}
