import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Hand-written: the ledger's rules that TypeORM cannot declare, enforced by PostgreSQL so that
 * no code path (a raw query, a future service, a psql session) can break them.
 * - Every journal entry has at least two postings summing to exactly 0, checked at COMMIT by
 *   deferred constraint triggers, so the entry and its postings can be inserted in any order
 *   within the transaction. Fired both by postings and by the entry itself (an entry with no
 *   postings at all fires no posting trigger).
 * - Journal entries and postings are immutable: UPDATE, DELETE and TRUNCATE are refused.
 *   Corrections are REVERSAL entries.
 */
export class LedgerGuards1795325700000 implements MigrationInterface {
  name = 'LedgerGuards1795325700000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`
      CREATE FUNCTION "funds"."ledger_assert_entry_balanced"(checked_entry uuid) RETURNS void
      LANGUAGE plpgsql AS $$
      DECLARE
        posting_count integer;
        posting_sum numeric;
      BEGIN
        SELECT count(*), coalesce(sum(amount), 0) INTO posting_count, posting_sum
          FROM "funds"."postings" WHERE entry_id = checked_entry;
        IF posting_count < 2 OR posting_sum <> 0 THEN
          RAISE EXCEPTION 'journal entry % does not balance: % postings summing to %', checked_entry, posting_count, posting_sum
            USING ERRCODE = 'check_violation', CONSTRAINT = 'journal_entries_balanced', TABLE = 'journal_entries', SCHEMA = 'funds';
        END IF;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION "funds"."ledger_posting_balanced_trg"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM "funds"."ledger_assert_entry_balanced"(NEW.entry_id);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE FUNCTION "funds"."ledger_entry_balanced_trg"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM "funds"."ledger_assert_entry_balanced"(NEW.id);
        RETURN NULL;
      END $$`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER "postings_balanced_trg" AFTER INSERT ON "funds"."postings"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "funds"."ledger_posting_balanced_trg"()`);
    await queryRunner.query(`
      CREATE CONSTRAINT TRIGGER "journal_entries_balanced_trg" AFTER INSERT ON "funds"."journal_entries"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION "funds"."ledger_entry_balanced_trg"()`);
    await queryRunner.query(`
      CREATE FUNCTION "funds"."ledger_refuse_change"() RETURNS trigger
      LANGUAGE plpgsql AS $$
      BEGIN
        RAISE EXCEPTION 'funds.% is append-only: % refused (correct an entry by reversing it)', TG_TABLE_NAME, TG_OP
          USING ERRCODE = 'restrict_violation', TABLE = TG_TABLE_NAME, SCHEMA = TG_TABLE_SCHEMA;
      END $$`);
    // Accounts too: a posted amount must keep meaning what it meant (kind, side, county, bank).
    for (const table of ['ledger_accounts', 'journal_entries', 'postings']) {
      await queryRunner.query(`CREATE TRIGGER "${table}_immutable_trg" BEFORE UPDATE OR DELETE ON "funds"."${table}" FOR EACH ROW EXECUTE FUNCTION "funds"."ledger_refuse_change"()`);
      await queryRunner.query(`CREATE TRIGGER "${table}_no_truncate_trg" BEFORE TRUNCATE ON "funds"."${table}" FOR EACH STATEMENT EXECUTE FUNCTION "funds"."ledger_refuse_change"()`);
    }
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['postings', 'journal_entries', 'ledger_accounts']) {
      await queryRunner.query(`DROP TRIGGER "${table}_no_truncate_trg" ON "funds"."${table}"`);
      await queryRunner.query(`DROP TRIGGER "${table}_immutable_trg" ON "funds"."${table}"`);
    }
    await queryRunner.query(`DROP FUNCTION "funds"."ledger_refuse_change"()`);
    await queryRunner.query(`DROP TRIGGER "journal_entries_balanced_trg" ON "funds"."journal_entries"`);
    await queryRunner.query(`DROP TRIGGER "postings_balanced_trg" ON "funds"."postings"`);
    await queryRunner.query(`DROP FUNCTION "funds"."ledger_entry_balanced_trg"()`);
    await queryRunner.query(`DROP FUNCTION "funds"."ledger_posting_balanced_trg"()`);
    await queryRunner.query(`DROP FUNCTION "funds"."ledger_assert_entry_balanced"(uuid)`);
  }
}
