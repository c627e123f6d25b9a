import { MigrationInterface, QueryRunner } from 'typeorm';

export class OneCardImportColumns1796223260299 implements MigrationInterface {
  name = 'OneCardImportColumns1796223260299';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"funds\".\"one_card_imports\" ADD \"columns\" jsonb");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"funds\".\"one_card_imports\" DROP COLUMN \"columns\"");
  }
}
