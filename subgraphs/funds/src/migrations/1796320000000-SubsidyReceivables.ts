import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Receivables are recovered (issue 14): funds.subsidy_receivables (what a household still owed
 * after a run's netting) and their append-only history funds.subsidy_receivable_events (netted in
 * a later run, repaid, written off); a run's total_recovered; the ledger's receivable account kind
 * and its four reasons. Hand-written (the generator would also take other engineers' uncommitted
 * entity changes). Both tables refuse UPDATE, DELETE and TRUNCATE, like the ledger.
 */
const KINDS_BEFORE = ['SUBSIDY_BUDGET', 'SUBSIDY_FUNDING', 'SUBSIDY_PAYABLE', 'SUBSIDY_IN_TRANSIT', 'SUBSIDY_PAID', 'RISK_FUND', 'RISK_FUND_SOURCE', 'RISK_COMPENSATION_PAID'];
const SIDES_BEFORE: Record<string, string> = {
  SUBSIDY_BUDGET: 'CREDIT',
  SUBSIDY_FUNDING: 'DEBIT',
  SUBSIDY_PAYABLE: 'CREDIT',
  SUBSIDY_IN_TRANSIT: 'CREDIT',
  SUBSIDY_PAID: 'DEBIT',
  RISK_FUND: 'DEBIT',
  RISK_FUND_SOURCE: 'CREDIT',
  RISK_COMPENSATION_PAID: 'DEBIT',
};
const REASONS_BEFORE = [
  'BUDGET_ALLOCATED',
  'SUBSIDY_COMPUTED',
  'PAYOUT_INSTRUCTED',
  'PAYOUT_CONFIRMED',
  'PAYOUT_FAILED',
  'FUND_DEPOSIT',
  'FUND_INTEREST',
  'COMPENSATION_PAID',
  'RECOVERY_RETURNED',
  'REVERSAL',
];
const RECEIVABLE_REASONS = ['RECEIVABLE_FOUND', 'RECEIVABLE_NETTED', 'RECEIVABLE_REPAID', 'RECEIVABLE_WRITTEN_OFF'];

const list = (values: string[]) => values.map((v) => `'${v}'`).join(', ');
const sides = (map: Record<string, string>) =>
  Object.entries(map)
    .map(([kind, side]) => `("kind" = '${kind}' AND "normal_side" = '${side}')`)
    .join(' OR ');

async function ledgerChecks(queryRunner: QueryRunner, kinds: Record<string, string>, reasons: string[]): Promise<void> {
  await queryRunner.query(`ALTER TABLE "funds"."ledger_accounts" DROP CONSTRAINT "ledger_accounts_kind_ck"`);
  await queryRunner.query(`ALTER TABLE "funds"."ledger_accounts" DROP CONSTRAINT "ledger_accounts_kind_side_ck"`);
  await queryRunner.query(`ALTER TABLE "funds"."ledger_accounts" ADD CONSTRAINT "ledger_accounts_kind_ck" CHECK ("kind" IN (${list(Object.keys(kinds))}))`);
  await queryRunner.query(`ALTER TABLE "funds"."ledger_accounts" ADD CONSTRAINT "ledger_accounts_kind_side_ck" CHECK (${sides(kinds)})`);
  await queryRunner.query(`ALTER TABLE "funds"."journal_entries" DROP CONSTRAINT "journal_entries_reason_ck"`);
  await queryRunner.query(`ALTER TABLE "funds"."journal_entries" ADD CONSTRAINT "journal_entries_reason_ck" CHECK ("reason_code" IN (${list(reasons)}))`);
}

export class SubsidyReceivables1796320000000 implements MigrationInterface {
  name = 'SubsidyReceivables1796320000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE TABLE "funds"."subsidy_receivables" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "county_code" character varying(6) NOT NULL, "household_id" uuid NOT NULL,
        "run_id" uuid NOT NULL, "quarter" character varying(6) NOT NULL, "amount" numeric(14,2) NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "subsidy_receivables_amount_ck" CHECK ("amount" > 0), CONSTRAINT "PK_subsidy_receivables" PRIMARY KEY ("id"),
        CONSTRAINT "subsidy_receivables_run_fk" FOREIGN KEY ("run_id") REFERENCES "funds"."subsidy_runs"("id") ON DELETE RESTRICT)`,
    );
    await queryRunner.query(`CREATE UNIQUE INDEX "subsidy_receivables_run_household_uq" ON "funds"."subsidy_receivables" ("run_id", "household_id")`);
    await queryRunner.query(`CREATE INDEX "subsidy_receivables_county_household_idx" ON "funds"."subsidy_receivables" ("county_code", "household_id", "created_at")`);
    await queryRunner.query(
      `CREATE TABLE "funds"."subsidy_receivable_events" ("id" BIGSERIAL NOT NULL, "receivable_id" uuid NOT NULL, "county_code" character varying(6) NOT NULL,
        "kind" character varying(12) NOT NULL, "amount" numeric(14,2) NOT NULL, "run_id" uuid, "reference" character varying(64), "paid_on" date, "reason" character varying(500),
        "recorded_by" character varying(128) NOT NULL, "recorded_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "subsidy_receivable_events_kind_ck" CHECK ("kind" IN ('NETTED', 'REPAID', 'WRITTEN_OFF')),
        CONSTRAINT "subsidy_receivable_events_amount_ck" CHECK ("amount" > 0),
        CONSTRAINT "subsidy_receivable_events_fields_ck" CHECK (("kind" = 'NETTED') = ("run_id" IS NOT NULL) AND ("kind" = 'REPAID') = ("reference" IS NOT NULL AND "paid_on" IS NOT NULL) AND ("kind" = 'WRITTEN_OFF') = ("reason" IS NOT NULL)),
        CONSTRAINT "PK_subsidy_receivable_events" PRIMARY KEY ("id"),
        CONSTRAINT "subsidy_receivable_events_receivable_fk" FOREIGN KEY ("receivable_id") REFERENCES "funds"."subsidy_receivables"("id") ON DELETE RESTRICT,
        CONSTRAINT "subsidy_receivable_events_run_fk" FOREIGN KEY ("run_id") REFERENCES "funds"."subsidy_runs"("id") ON DELETE RESTRICT)`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "subsidy_receivable_events_netted_uq" ON "funds"."subsidy_receivable_events" ("receivable_id", "run_id") WHERE "kind" = 'NETTED'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "subsidy_receivable_events_reference_uq" ON "funds"."subsidy_receivable_events" ("county_code", "reference") WHERE "kind" = 'REPAID'`,
    );
    await queryRunner.query(
      `CREATE UNIQUE INDEX "subsidy_receivable_events_written_off_uq" ON "funds"."subsidy_receivable_events" ("receivable_id") WHERE "kind" = 'WRITTEN_OFF'`,
    );
    await queryRunner.query(`CREATE INDEX "subsidy_receivable_events_receivable_idx" ON "funds"."subsidy_receivable_events" ("receivable_id", "id")`);
    await queryRunner.query(`CREATE INDEX "subsidy_receivable_events_run_idx" ON "funds"."subsidy_receivable_events" ("run_id")`);
    for (const table of ['subsidy_receivables', 'subsidy_receivable_events']) {
      await queryRunner.query(`CREATE TRIGGER "${table}_immutable_trg" BEFORE UPDATE OR DELETE ON "funds"."${table}" FOR EACH ROW EXECUTE FUNCTION "funds"."ledger_refuse_change"()`);
      await queryRunner.query(`CREATE TRIGGER "${table}_no_truncate_trg" BEFORE TRUNCATE ON "funds"."${table}" FOR EACH STATEMENT EXECUTE FUNCTION "funds"."ledger_refuse_change"()`);
    }
    await queryRunner.query(`ALTER TABLE "funds"."subsidy_runs" ADD "total_recovered" numeric(16,2) NOT NULL DEFAULT '0'`);
    await ledgerChecks(queryRunner, { ...SIDES_BEFORE, SUBSIDY_RECEIVABLE: 'DEBIT' }, [...REASONS_BEFORE.slice(0, -1), ...RECEIVABLE_REASONS, 'REVERSAL']);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    await ledgerChecks(queryRunner, Object.fromEntries(KINDS_BEFORE.map((k) => [k, SIDES_BEFORE[k]])), REASONS_BEFORE);
    await queryRunner.query(`ALTER TABLE "funds"."subsidy_runs" DROP COLUMN "total_recovered"`);
    await queryRunner.query(`DROP TABLE "funds"."subsidy_receivable_events"`);
    await queryRunner.query(`DROP TABLE "funds"."subsidy_receivables"`);
  }
}
