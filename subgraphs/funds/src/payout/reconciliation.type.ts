import { Field, ID, Int, ObjectType } from 'type-graphql';
import type Decimal from 'decimal.js';
import { ConnectionType } from '../../../../common/graphql/pagination';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';
import { Bank } from '../federation/bank.reference';
import { Household } from '../federation/household.reference';

@ObjectType('ReconciliationGroup', { description: 'One township and issuing bank: computed vs instructed vs confirmed.' })
export class ReconciliationGroupType {
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
export class ReconciliationDifferenceType {
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
export class ReconciliationDifferenceConnection extends ConnectionType(ReconciliationDifferenceType) {}

@ObjectType('SubsidyReconciliation', {
  description: "A county's quarter reconciled to the fen (CSV with Chinese headers: GET /downloads/subsidy-reconciliation/{county}/{quarter}.csv).",
})
export class SubsidyReconciliation {
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

  @Field(() => [ReconciliationGroupType])
  groups: ReconciliationGroupType[];

  /** All of them; served a page at a time by the `differences` field. */
  allDifferences: ReconciliationDifferenceType[];

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
