import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { decodeCursor, encodeCursor, pageSize } from '../../../../common/graphql/pagination';
import { COUNTY_CODE } from '../../../../common/codes';
import { badInput, forbidden } from '../../../../common/errors/hub-error';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { ReconciliationService } from './reconciliation.service';
import { isCountyOfficial } from '../../../../common/auth/caller';
import { ReconciliationDifferenceConnection, SubsidyReconciliation } from './reconciliation.type';
import { toSubsidyReconciliation } from './reconciliation.mapper';

@Resolver(() => SubsidyReconciliation)
export class ReconciliationResolver {
  constructor(private readonly reconciliations: ReconciliationService) {}

  @Query(() => SubsidyReconciliation, {
    nullable: true,
    description: "Computed vs instructed vs confirmed for a county's quarter (its finance bureau, its bureau, admins).",
  })
  async subsidyReconciliation(
    @Ctx() context: SubgraphContext,
    @Arg('countyCode', () => String) countyCode: string,
    @Arg('quarter', () => String) quarter: string,
  ): Promise<SubsidyReconciliation | null> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    const { caller } = context;
    if (!isCountyOfficial(caller, countyCode)) {
      throw forbidden(`the reconciliation of county ${countyCode} is shown to its finance bureau, its bureau and admins`);
    }
    const result = await this.reconciliations.reconcile(countyCode, quarter);
    if (!result) return null;
    const recorded = await this.reconciliations.recorded(countyCode, quarter);
    return toSubsidyReconciliation(result, recorded?.reconciledAt ?? null);
  }

  @FieldResolver(() => ReconciliationDifferenceConnection, {
    description: 'The differing lines by township and contract, in pages (differenceCount says how many in all).',
  })
  differences(
    @Root() reconciliation: SubsidyReconciliation,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): ReconciliationDifferenceConnection {
    const size = pageSize(first);
    // The list is computed whole for the totals; a cursor is the position after a page's last line.
    const start = Number(decodeCursor(after, /^\d+$/) ?? 0);
    const page = reconciliation.allDifferences.slice(start, start + size);
    const end = start + page.length;
    return { nodes: page, pageInfo: { hasNextPage: end < reconciliation.allDifferences.length, endCursor: page.length ? encodeCursor(String(end)) : null } };
  }
}
