import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written, and first: the township-assignment exclusion constraint compares a text column
 * with `=` inside a GiST index, which needs btree_gist (shipped with PostgreSQL's contrib).
 */
export class EnableBtreeGist1795313900000 implements MigrationInterface {
  name = 'EnableBtreeGist1795313900000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query('CREATE EXTENSION IF NOT EXISTS btree_gist');
  }

  public async down(): Promise<void> {
    // Left installed: other schemas in the database may use it.
  }
}
