import { MigrationInterface, QueryRunner } from 'typeorm';

export class DeferredIdUniqueness1795319670781 implements MigrationInterface {
  name = 'DeferredIdUniqueness1795319670781';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("DROP INDEX \"households\".\"households_county_id_hash_uq\"");
    await queryRunner.query("ALTER TABLE \"households\".\"households\" ADD CONSTRAINT \"households_one_holder_per_id\" EXCLUDE USING btree (\"county_code\" WITH =, \"id_number_hash\" WITH =) WHERE (\"on_roster\") DEFERRABLE INITIALLY DEFERRED");
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query("ALTER TABLE \"households\".\"households\" DROP CONSTRAINT \"households_one_holder_per_id\"");
    await queryRunner.query("CREATE UNIQUE INDEX \"households_county_id_hash_uq\" ON \"households\".\"households\" USING btree (\"county_code\", \"id_number_hash\") ");
  }
}
