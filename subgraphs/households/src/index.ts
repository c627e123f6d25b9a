/**
 * The households subgraph: region directory, household rosters, township → bank assignment.
 * Owns the PostgreSQL schema `households`.
 */
import { buildFederatedSchema } from '../../../common/graphql/federation';
import type { SubgraphContext } from '../../../common/graphql/subgraph-context';
import type { SubgraphModule } from '../../../common/subgraph-service';
import { TownshipAssignmentRecord } from './assignment/township-assignment.entity';
import { PiiAccessRecord } from './audit/pii-access.entity';
import { BankDirectoryRecord } from './bank-directory/bank-directory.entity';
import { OutboxEventRecord } from './outbox/outbox-event.entity';
import { BankListSequenceRecord } from './list-delivery/bank-list-sequence.entity';
import { ListDeliveryItemRecord } from './list-delivery/list-delivery-item.entity';
import { ListDeliveryRecord } from './list-delivery/list-delivery.entity';
import { BankListResolver, ListDeliveryResolver, RosterVersionDeliveriesResolver } from './list-delivery/list-delivery.resolver';
import { ListDeliveryItemsResolver } from './list-delivery/list-delivery-items';
import { RosterHeaderMappingRecord } from './roster/header-mapping.entity';
import { RosterEntryRecord } from './roster/roster-entry.entity';
import { RosterImportErrorRecord } from './roster/roster-import-error.entity';
import { RosterImportRecord } from './roster/roster-import.entity';
import { RosterVersionRecord } from './roster/roster-version.entity';
import { HouseholdRecord } from './household/household.entity';
import { householdLoader, HouseholdResolver } from './household/household.resolver';
import { MIGRATIONS } from './migrations';
import { RegionRecord } from './region/region.entity';
import { RegionResolver } from './region/region.resolver';
import { TownshipAssignmentResolver } from './assignment/township-assignment.resolver';
import { PiiAccessResolver } from './audit/pii-access.resolver';
import { HeaderMappingResolver } from './roster/header-mapping.resolver';
import { rosterRoutes } from './roster/roster-http';
import { RosterImportResolver } from './roster/roster-import.resolver';
import { RosterDiffResolver, RosterVersionResolver } from './roster/roster-version.resolver';
import { createHouseholdsApp, type HouseholdsApp } from './households.app';

export const householdsSubgraph: SubgraphModule<HouseholdsApp> = {
  name: 'households',
  dbSchema: 'households',
  entities: [
    RegionRecord,
    HouseholdRecord,
    TownshipAssignmentRecord,
    RosterImportRecord,
    RosterImportErrorRecord,
    RosterVersionRecord,
    RosterEntryRecord,
    RosterHeaderMappingRecord,
    OutboxEventRecord,
    PiiAccessRecord,
    ListDeliveryRecord,
    ListDeliveryItemRecord,
    BankListSequenceRecord,
    BankDirectoryRecord,
  ],
  migrations: MIGRATIONS,
  createApp: createHouseholdsApp,
  async buildSchema(app) {
    const { pii, regions, households, rosterVersions: versions, listDeliveries: deliveries } = app;
    const resolvers = new Map<Function, object>([
      [RegionResolver, new RegionResolver(regions)],
      [HouseholdResolver, new HouseholdResolver(households, regions, pii, app.piiAudit)],
      [RosterVersionResolver, new RosterVersionResolver(versions, pii)],
      [RosterDiffResolver, new RosterDiffResolver(versions, pii)],
      [RosterImportResolver, new RosterImportResolver(app.rosterReports, versions)],
      [TownshipAssignmentResolver, new TownshipAssignmentResolver(app.townshipAssignments)],
      [PiiAccessResolver, new PiiAccessResolver(app.piiAudit)],
      [HeaderMappingResolver, new HeaderMappingResolver(app.headerMappings)],
      [ListDeliveryResolver, new ListDeliveryResolver(deliveries)],
      [BankListResolver, new BankListResolver(deliveries)],
      [RosterVersionDeliveriesResolver, new RosterVersionDeliveriesResolver(deliveries)],
      [ListDeliveryItemsResolver, new ListDeliveryItemsResolver(app.dataSource, pii)],
    ]);
    return buildFederatedSchema(
      { resolvers: [...resolvers.keys()] as [Function, ...Function[]], container: { get: (resolverClass) => resolvers.get(resolverClass) } },
      {
        Household: {
          __resolveReference: (reference: { id: string }, context: SubgraphContext) => householdLoader(context, households).load(reference.id),
        },
        // Banks are owned by the loans subgraph; the code is all this one needs for its fields.
        Bank: { __resolveReference: (reference: { code: string }) => ({ code: reference.code }) },
      },
    );
  },
  routes: rosterRoutes,
};
