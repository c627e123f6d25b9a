/**
 * The demo county's households as the bureau's export would have them (CSV, Chinese headers),
 * imported and published through the roster pipeline, so the demo has a published version to
 * diff against, query at a point in time and reveal (audited) from.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Caller } from '../common/auth/caller';
import {
  EXPORT_COLUMNS,
  exportHeader,
  HOUSEHOLD_CATEGORY_LABELS,
  HouseholdCategory,
  type HouseholdsApp,
  type RosterField,
  type RosterVersionRecord,
} from '../subgraphs/households/src/households.app';
import type { DemoCounty } from './demo-county';

const DEMO_CLERK: Caller = { subject: 'demo-bureau-chuxiong', role: 'bureau', counties: [], bank: null };

export function demoRosterCsv(demo: DemoCounty): string {
  const name = new Map(demo.regions.map((r) => [r.code, r.name]));
  const lines = demo.households.map((h) => {
    const row: Partial<Record<RosterField, unknown>> = {
      householdNo: h.householdNo,
      headName: h.headName,
      idNumber: h.idNumber,
      phone: h.phone,
      county: name.get(h.countyCode),
      township: name.get(h.townshipCode),
      village: name.get(h.villageCode),
      category: HOUSEHOLD_CATEGORY_LABELS[h.category],
      monitoringType: !h.isMonitored ? '' : h.category === HouseholdCategory.LIFTED_OUT ? '脱贫不稳定户' : HOUSEHOLD_CATEGORY_LABELS[h.category],
      liftedOutYear: h.liftedOutYear,
      memberCount: h.memberCount,
      dataDate: '2026-10-31',
    };
    return EXPORT_COLUMNS.map((field) => row[field] ?? '').join(',');
  });
  return [EXPORT_COLUMNS.map(exportHeader).join(','), ...lines].join('\r\n') + '\r\n';
}

/** Imports and publishes the demo roster once; households keep their ids (publishing upserts by 户编号). */
export async function publishDemoRoster(app: HouseholdsApp, demo: DemoCounty): Promise<RosterVersionRecord | null> {
  const clerk = { ...DEMO_CLERK, counties: [demo.countyCode] };
  // Any version of the county, whatever its status, means the demo roster was imported before.
  if ((await app.rosterVersions.versions(clerk, demo.countyCode, 1, null)).length > 0) return null;
  const dir = mkdtempSync(join(tmpdir(), 'huinong-demo-'));
  try {
    const path = join(dir, `${demo.countyCode}-脱贫人口名单.csv`);
    writeFileSync(path, demoRosterCsv(demo));
    const outcome = await app.rosterImports.importFile(clerk, { countyCode: demo.countyCode, path, mode: 'reject_file' });
    if (!outcome.import.versionId) throw new Error(`the demo roster was rejected with ${outcome.import.errorCount} errors`);
    return app.rosterVersions.publish(clerk, outcome.import.versionId);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
