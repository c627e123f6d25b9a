/**
 * The committed SDL in schema/ is what the code prints, and it composes. Migrations leave no
 * drift between entities and tables, and every migration can be reverted.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import { createScratchDatabase } from '../../common/db/scratch-database';
import { createDataSourceFor, migrate } from '../../common/subgraph-service';
import { composeSupergraph, SUBGRAPHS } from '../../gateway/src/supergraph';
import { SCHEMA_DIR, SUPERGRAPH_FILE } from '../../gateway/src/supergraph-file';
import { baseDatabaseUrl, testConfig } from '../../demo/test-hub';

describe('schema/', () => {
  it('holds exactly what the code prints (run `npm run schema` after changing a type)', async () => {
    const composition = await composeSupergraph(testConfig());
    for (const [name, sdl] of Object.entries(composition.subgraphs)) {
      expect(readFileSync(join(SCHEMA_DIR, `${name}.graphql`), 'utf8')).toBe(sdl);
    }
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(composition.supergraph);
  });

  it('composition reports a conflict between subgraphs as an error', () => {
    const households = readFileSync(join(SCHEMA_DIR, 'households.graphql'), 'utf8');
    // A second subgraph defining Region as a value type, with a different field type, must not compose.
    const conflicting = `extend schema @link(url: "https://specs.apollo.dev/federation/v2.7", import: ["@key"])
      type Query { other: Region }
      type Region { code: Int! }`;
    const result = composeServices([
      { name: 'households', url: 'http://h/graphql', typeDefs: parse(households) },
      { name: 'other', url: 'http://o/graphql', typeDefs: parse(conflicting) },
    ]);
    expect(result.errors?.length).toBeGreaterThan(0);
  });

  it('makes every subgraph contribute to Household', () => {
    const supergraph = readFileSync(SUPERGRAPH_FILE, 'utf8');
    expect(supergraph).toMatch(/type Household\s[\s\S]*@join__type\(graph: FUNDS, key: "id"\)/);
    expect(supergraph).toMatch(/loans: \[Loan!\]! @join__field\(graph: LOANS\)/);
    expect(supergraph).toMatch(/oneCardAccount: OneCardAccount @join__field\(graph: FUNDS\)/);
  });
});

describe('migrations', () => {
  it.each(SUBGRAPHS.map((s) => [s.name, s] as const))('%s: migrate up leaves no drift, and down reverts everything', async (_name, module) => {
    const scratch = await createScratchDatabase(baseDatabaseUrl(), 'huinong_migrations');
    const dataSource = createDataSourceFor(module, scratch.url);
    try {
      await dataSource.initialize();
      const applied = await migrate(module, dataSource);
      expect(applied.length).toBe((module.migrations as unknown[]).length);
      const drift = await dataSource.driver.createSchemaBuilder().log();
      expect(drift.upQueries.map((q) => q.query)).toEqual([]);
      // Running again applies nothing.
      expect(await migrate(module, dataSource)).toEqual([]);
      for (let i = 0; i < applied.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
      const tables = await dataSource.query(`SELECT table_name FROM information_schema.tables WHERE table_schema = $1 AND table_name <> 'typeorm_migrations'`, [
        module.dbSchema,
      ]);
      expect(tables).toEqual([]);
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await scratch.drop();
    }
  });

  it('keeps each subgraph inside its own PostgreSQL schema', async () => {
    const scratch = await createScratchDatabase(baseDatabaseUrl(), 'huinong_migrations');
    try {
      for (const module of SUBGRAPHS) {
        const dataSource = await createDataSourceFor(module, scratch.url).initialize();
        await migrate(module, dataSource);
        await dataSource.destroy();
      }
      const dataSource = await createDataSourceFor(SUBGRAPHS[0], scratch.url).initialize();
      const rows: { table_schema: string; table_name: string }[] = await dataSource.query(
        `SELECT table_schema, table_name FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema') ORDER BY 1, 2`,
      );
      await dataSource.destroy();
      const bySchema = new Map<string, string[]>();
      for (const row of rows) bySchema.set(row.table_schema, [...(bySchema.get(row.table_schema) ?? []), row.table_name]);
      expect([...bySchema.keys()].sort()).toEqual(['funds', 'households', 'loans']);
      expect(bySchema.get('households')).toEqual([
        'bank_directory',
        'bank_list_sequences',
        'households',
        'list_deliveries',
        'list_delivery_items',
        'outbox_events',
        'pii_access_audit',
        'regions',
        'roster_entries',
        'roster_header_mappings',
        'roster_import_errors',
        'roster_imports',
        'roster_versions',
        'township_assignments',
        'typeorm_migrations',
      ]);
      expect(bySchema.get('loans')).toEqual([
        'bank_changes',
        'bank_list_members',
        'bank_pull_cursors',
        'banks',
        'compensated_loans',
        'loan_flag_changes',
        'loan_interest_payments',
        'loan_policy_versions',
        'loan_record_digests',
        'loan_record_rejections',
        'loan_status_events',
        'loans',
        'lpr_fixings',
        'monthly_statistics',
        'monthly_township_statistics',
        'policy_data_revision',
        'policy_reevaluations',
        'received_list_deliveries',
        'typeorm_migrations',
      ]);
      expect(bySchema.get('funds')).toEqual([
        'bank_directory',
        'bank_npl_targets',
        'deposit_rates',
        'finance_notices',
        'fund_accounts',
        'holiday_arrangements',
        'household_directory',
        'household_directory_cursor',
        'journal_entries',
        'ledger_accounts',
        'lending_rewards',
        'one_card_accounts',
        'one_card_import_errors',
        'one_card_import_rows',
        'one_card_imports',
        'payout_batches',
        'payout_instructions',
        'postings',
        'risk_fund_assessments',
        'risk_fund_claim_events',
        'risk_fund_claim_lines',
        'risk_fund_claims',
        'risk_fund_recoveries',
        'risk_fund_rule_versions',
        'subsidy_lines',
        'subsidy_receivable_events',
        'subsidy_receivables',
        'subsidy_reconciliations',
        'subsidy_runs',
        'subsidy_settlement_rules',
        'typeorm_migrations',
      ]);
    } finally {
      await scratch.drop();
    }
  });
});
