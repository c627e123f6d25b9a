import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * A household's personal fields (head's name, ID number, phone) in one sealed envelope per row
 * instead of three ciphertexts (issue 17: a seal costs mostly its cipher's set-up). Rows sealed
 * before keep their ciphertexts, wrapped as they are in the envelope's field-by-field format
 * (format byte 0, then each ciphertext length-prefixed, 0xffff for no phone): no key is needed
 * here, and PiiProtector.openEnvelope opens both formats. Written by hand.
 */
export class OneEnvelopePii1796500000000 implements MigrationInterface {
  name = 'OneEnvelopePii1796500000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['households', 'roster_entries']) {
      await queryRunner.query(`ALTER TABLE "households"."${table}" ADD "pii_sealed" bytea`);
      await queryRunner.query(
        `UPDATE "households"."${table}" SET "pii_sealed" = '\\x00'::bytea
           || int2send(length("head_name_sealed")::int2) || "head_name_sealed"
           || int2send(length("id_number_sealed")::int2) || "id_number_sealed"
           || CASE WHEN "phone_sealed" IS NULL THEN '\\xffff'::bytea ELSE int2send(length("phone_sealed")::int2) || "phone_sealed" END`,
      );
      await queryRunner.query(`ALTER TABLE "households"."${table}" ALTER COLUMN "pii_sealed" SET NOT NULL`);
      await queryRunner.query(`ALTER TABLE "households"."${table}" DROP COLUMN "head_name_sealed", DROP COLUMN "id_number_sealed", DROP COLUMN "phone_sealed"`);
    }
  }

  /**
   * Splits the field-by-field containers back into three columns. A row sealed as one envelope
   * cannot be split without the key: the revert refuses while any is stored.
   */
  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['households', 'roster_entries']) {
      await queryRunner.query(
        `DO $$ BEGIN
           IF EXISTS (SELECT 1 FROM "households"."${table}" WHERE get_byte("pii_sealed", 0) <> 0) THEN
             RAISE EXCEPTION 'households.${table} holds rows sealed as one envelope: they need the PII key to be split again; restore a backup taken before this migration';
           END IF;
         END $$`,
      );
      await queryRunner.query(`ALTER TABLE "households"."${table}" ADD "head_name_sealed" bytea, ADD "id_number_sealed" bytea, ADD "phone_sealed" bytea`);
      // Each field: a big-endian u16 length (0xffff: none), then its ciphertext.
      await queryRunner.query(
        `UPDATE "households"."${table}" t SET ("head_name_sealed", "id_number_sealed", "phone_sealed") = (
           SELECT substring(p from 4 for l1), substring(p from 6 + l1 for l2), CASE WHEN l3 = 65535 THEN NULL ELSE substring(p from 8 + l1 + l2 for l3) END
           FROM (SELECT p, l1, l2, get_byte(p, 5 + l1 + l2) * 256 + get_byte(p, 6 + l1 + l2) AS l3
                 FROM (SELECT p, l1, get_byte(p, 3 + l1) * 256 + get_byte(p, 4 + l1) AS l2
                       FROM (SELECT t."pii_sealed" AS p, get_byte(t."pii_sealed", 1) * 256 + get_byte(t."pii_sealed", 2) AS l1) a) b) c)`,
      );
      await queryRunner.query(
        `ALTER TABLE "households"."${table}" ALTER COLUMN "head_name_sealed" SET NOT NULL, ALTER COLUMN "id_number_sealed" SET NOT NULL, DROP COLUMN "pii_sealed"`,
      );
    }
  }
}
