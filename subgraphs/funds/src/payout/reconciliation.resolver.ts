import type Decimal from 'decimal.js';
import { Arg, Ctx, Field, FieldResolver, ID, Int, ObjectType, Query, Resolver, Root } from 'type-graphql';
import { ConnectionType, decodeCursor, encodeCursor, pageSize } from '../../../../common/graphql/pagination';
import { COUNTY_CODE } from '../../../../common/codes';
import { badInput, forbidden } from '../../../../common/errors/hub-error';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { Bank } from '../federation/bank.reference';
import { Household } from '../federation/household.reference';
import { ReconciliationService } from './reconciliation.service';
import { isCountyOfficial } from '../../../../common/auth/caller';

@ObjectType('ReconciliationGroup', { description: 'One township and issuing bank: computed vs instructed vs confirmed.' })
class ReconciliationGroupView {
  @Field()
  townshipCode: string;

  @Field(() => Bank, { nullable: true, description: 'The issuing bank; null for households without an account.' })
  issuingBank: Bank | null;

  @Field(() => Int)
  lines: number;

  @Field(() => DecimalScalar)
  computed: Decimal;

  @Field(() => DecimalScalar)
  instructed: Decimal;

  @Field(() => DecimalScalar)
  confirmed: Decimal;
}

@ObjectType('ReconciliationDifference', { description: 'A line whose confirmed payment differs from what was computed, and why.' })
class ReconciliationDifferenceView {
  @Field(() => ID)
  subsidyLineId: string;

  @Field()
  contractNo: string;

  @Field(() => Household, { nullable: true })
  household: Household;

  @Field()
  townshipCode: string;

  @Field(() => DecimalScalar)
  computed: Decimal;

  @Field(() => DecimalScalar)
  confirmed: Decimal;

  @Field({ description: 'NO_ACCOUNT, NOT_INSTRUCTED, PENDING or FAILED.' })
  reason: string;

  @Field(() => String, { nullable: true, description: "The bank's reason for the last failed payment." })
  lastFailure: string | null;
}

@ObjectType('ReconciliationDifferenceConnection')
class ReconciliationDifferenceConnection extends ConnectionType(ReconciliationDifferenceView) {}

@ObjectType('SubsidyReconciliation', { description: "A county's quarter reconciled to the fen (CSV with Chinese headers: GET /downloads/subsidy-reconciliation/{county}/{quarter}.csv)." })
class ReconciliationView {
  @Field()
  countyCode: string;

  @Field()
  quarter: string;

  @Field(() => DecimalScalar)
  computed: Decimal;

  @Field(() => DecimalScalar)
  instructed: Decimal;

  @Field(() => DecimalScalar)
  confirmed: Decimal;

  @Field(() => [ReconciliationGroupView])
  groups: ReconciliationGroupView[];

  /** All of them; served a page at a time by the `differences` field. */
  allDifferences: ReconciliationDifferenceView[];

  @Field(() => Int, { description: 'How many lines differ.' })
  differenceCount: number;

  @Field(() => Int, { description: 'Lines paid in a later batch after a failed payment.' })
  carriedOver: number;

  @Field(() => DecimalScalar, { description: "What the ledger's PAYOUT_CONFIRMED entries of the quarter's batches moved." })
  ledgerConfirmed: Decimal;

  @Field({ description: 'Every computed fen confirmed paid, no difference left, and the ledger agrees.' })
  balanced: boolean;

  @Field(() => Date, { nullable: true, description: 'When the quarterly jobs last recorded this reconciliation (after a bank answered); null if never.' })
  lastRecordedAt: Date | null;
}

@Resolver(() => ReconciliationView)
export class ReconciliationResolver {
  constructor(private readonly reconciliations: ReconciliationService) {}

  @Query(() => ReconciliationView, { nullable: true, description: "Computed vs instructed vs confirmed for a county's quarter (its finance bureau, its bureau, admins)." })
  async subsidyReconciliation(@Ctx() context: SubgraphContext, @Arg('countyCode', () => String) countyCode: string, @Arg('quarter', () => String) quarter: string): Promise<ReconciliationView | null> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    const { caller } = context;
    if (!(isCountyOfficial(caller, countyCode))) {
      throw forbidden(`the reconciliation of county ${countyCode} is shown to its finance bureau, its bureau and admins`);
    }
    const result = await this.reconciliations.reconcile(countyCode, quarter);
    if (!result) return null;
    const recorded = await this.reconciliations.recorded(countyCode, quarter);
    return {
      ...result,
      lastRecordedAt: recorded?.reconciledAt ?? null,
      groups: result.groups.map((g) => ({ ...g, issuingBank: g.issuingBankCode ? { code: g.issuingBankCode } : null })),
      allDifferences: result.differences.map((d) => ({ ...d, household: { id: d.householdId } })),
      differenceCount: result.differences.length,
    };
  }

  @FieldResolver(() => ReconciliationDifferenceConnection, { description: 'The differing lines by township and contract, in pages (differenceCount says how many in all).' })
  differences(
    @Root() reconciliation: ReconciliationView,
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
