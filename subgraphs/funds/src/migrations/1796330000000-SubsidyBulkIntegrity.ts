import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The subsidy's two bulk tables keep their integrity by set-based checks instead of per-row
 * foreign keys (issue 17). Issue 17 measured on the 1M bench that the FK triggers cost 3.4 s per 1M lines and
 * 8.1 s per 985k instructions: one check per row. Here each INSERT statement is checked once, as
 * a set, in its own transaction — a statement trigger joins the statement's new rows (a
 * transition table) with their parents and raises if any has none:
 *   funds.subsidy_lines.run_id → subsidy_runs,
 *   funds.payout_instructions.batch_id → payout_batches, .subsidy_line_id → subsidy_lines.
 * The parents keep what was proved: runs and lines are never deleted (DELETE and TRUNCATE
 * refused); a batch is deleted only as a draft, with its instructions first, and each DELETE of
 * batches is checked the same way against the instructions left (the writers hold the run's
 * payout lock, so no instruction is added to a batch being deleted). An instruction's batch and
 * line are never changed. The instructions' key becomes time-ordered (UUIDv7: funds.uuid_v7(),
 * PostgreSQL 15 has no uuidv7()), so its index grows at its right edge, not at random pages.
 * Hand-written.
 */
const FOREIGN_KEYS = [
  ['subsidy_lines', 'subsidy_lines_run_fk', 'run_id', 'subsidy_runs'],
  ['payout_instructions', 'payout_instructions_batch_fk', 'batch_id', 'payout_batches'],
  ['payout_instructions', 'payout_instructions_line_fk', 'subsidy_line_id', 'subsidy_lines'],
] as const;

export class SubsidyBulkIntegrity1796330000000 implements MigrationInterface {
  name = 'SubsidyBulkIntegrity1796330000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    // A random v4 UUID with its first 48 bits replaced by the Unix time in ms and its version set to 7 (RFC 9562).
    await queryRunner.query(`CREATE FUNCTION "funds"."uuid_v7"() RETURNS uuid LANGUAGE sql VOLATILE AS $$
      SELECT encode(set_bit(set_bit(overlay(uuid_send(gen_random_uuid()) PLACING substring(int8send((extract(epoch FROM clock_timestamp()) * 1000)::bigint) FROM 3) FROM 1 FOR 6), 52, 1), 53, 1), 'hex')::uuid
    $$`);
    await queryRunner.query(`ALTER TABLE "funds"."payout_instructions" ALTER COLUMN "id" SET DEFAULT "funds"."uuid_v7"()`);
    for (const [table, name] of FOREIGN_KEYS) await queryRunner.query(`ALTER TABLE "funds"."${table}" DROP CONSTRAINT "${name}"`);

    await queryRunner.query(`CREATE FUNCTION "funds"."subsidy_lines_have_runs"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE orphan text;
      BEGIN
        SELECT n.id::text INTO orphan FROM new_lines n WHERE NOT EXISTS (SELECT 1 FROM funds.subsidy_runs r WHERE r.id = n.run_id) LIMIT 1;
        IF orphan IS NOT NULL THEN
          RAISE EXCEPTION 'subsidy line % names no subsidy run', orphan USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END
    $$`);
    await queryRunner.query(
      `CREATE TRIGGER "subsidy_lines_have_runs_trg" AFTER INSERT ON "funds"."subsidy_lines" REFERENCING NEW TABLE AS new_lines FOR EACH STATEMENT EXECUTE FUNCTION "funds"."subsidy_lines_have_runs"()`,
    );
    await queryRunner.query(`CREATE FUNCTION "funds"."payout_instructions_have_parents"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE orphan text;
      BEGIN
        SELECT n.id::text INTO orphan FROM new_instructions n
        WHERE NOT EXISTS (SELECT 1 FROM funds.payout_batches b WHERE b.id = n.batch_id)
           OR NOT EXISTS (SELECT 1 FROM funds.subsidy_lines l WHERE l.id = n.subsidy_line_id) LIMIT 1;
        IF orphan IS NOT NULL THEN
          RAISE EXCEPTION 'payout instruction % names no payout batch or no subsidy line', orphan USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END
    $$`);
    await queryRunner.query(
      `CREATE TRIGGER "payout_instructions_have_parents_trg" AFTER INSERT ON "funds"."payout_instructions" REFERENCING NEW TABLE AS new_instructions FOR EACH STATEMENT EXECUTE FUNCTION "funds"."payout_instructions_have_parents"()`,
    );
    await queryRunner.query(`CREATE FUNCTION "funds"."payout_instructions_keep_parents"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'a payout instruction keeps its batch and its subsidy line' USING ERRCODE = 'restrict_violation';
      END
    $$`);
    await queryRunner.query(
      `CREATE TRIGGER "payout_instructions_keep_parents_trg" BEFORE UPDATE OF "batch_id", "subsidy_line_id" ON "funds"."payout_instructions" FOR EACH ROW EXECUTE FUNCTION "funds"."payout_instructions_keep_parents"()`,
    );
    await queryRunner.query(`CREATE FUNCTION "funds"."payout_batches_left_empty"() RETURNS trigger LANGUAGE plpgsql AS $$
      DECLARE orphan text;
      BEGIN
        SELECT i.id::text INTO orphan FROM funds.payout_instructions i JOIN gone_batches g ON g.id = i.batch_id LIMIT 1;
        IF orphan IS NOT NULL THEN
          RAISE EXCEPTION 'payout instruction % still names the deleted batch', orphan USING ERRCODE = 'foreign_key_violation';
        END IF;
        RETURN NULL;
      END
    $$`);
    await queryRunner.query(
      `CREATE TRIGGER "payout_batches_left_empty_trg" AFTER DELETE ON "funds"."payout_batches" REFERENCING OLD TABLE AS gone_batches FOR EACH STATEMENT EXECUTE FUNCTION "funds"."payout_batches_left_empty"()`,
    );
    await queryRunner.query(`CREATE FUNCTION "funds"."refuse_parent_delete"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'funds.% rows are never deleted: subsidy lines and payout instructions name them', TG_TABLE_NAME USING ERRCODE = 'restrict_violation';
      END
    $$`);
    for (const table of ['subsidy_runs', 'subsidy_lines'])
      await queryRunner.query(
        `CREATE TRIGGER "${table}_no_delete_trg" BEFORE DELETE OR TRUNCATE ON "funds"."${table}" FOR EACH STATEMENT EXECUTE FUNCTION "funds"."refuse_parent_delete"()`,
      );
    await queryRunner.query(
      `CREATE TRIGGER "payout_batches_no_truncate_trg" BEFORE TRUNCATE ON "funds"."payout_batches" FOR EACH STATEMENT EXECUTE FUNCTION "funds"."refuse_parent_delete"()`,
    );
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TRIGGER "payout_batches_no_truncate_trg" ON "funds"."payout_batches"`);
    for (const table of ['subsidy_runs', 'subsidy_lines']) await queryRunner.query(`DROP TRIGGER "${table}_no_delete_trg" ON "funds"."${table}"`);
    await queryRunner.query(`DROP TRIGGER "payout_batches_left_empty_trg" ON "funds"."payout_batches"`);
    await queryRunner.query(`DROP TRIGGER "payout_instructions_keep_parents_trg" ON "funds"."payout_instructions"`);
    await queryRunner.query(`DROP TRIGGER "payout_instructions_have_parents_trg" ON "funds"."payout_instructions"`);
    await queryRunner.query(`DROP TRIGGER "subsidy_lines_have_runs_trg" ON "funds"."subsidy_lines"`);
    for (const name of ['refuse_parent_delete', 'payout_batches_left_empty', 'payout_instructions_keep_parents', 'payout_instructions_have_parents', 'subsidy_lines_have_runs'])
      await queryRunner.query(`DROP FUNCTION "funds"."${name}"()`);
    for (const [table, name, column, parent] of FOREIGN_KEYS)
      await queryRunner.query(
        `ALTER TABLE "funds"."${table}" ADD CONSTRAINT "${name}" FOREIGN KEY ("${column}") REFERENCES "funds"."${parent}"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
      );
    await queryRunner.query(`ALTER TABLE "funds"."payout_instructions" ALTER COLUMN "id" SET DEFAULT gen_random_uuid()`);
    await queryRunner.query(`DROP FUNCTION "funds"."uuid_v7"()`);
  }
}
