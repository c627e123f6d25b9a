import type Decimal from 'decimal.js';
import { Field, ID, ObjectType } from 'type-graphql';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';
import { ConnectionType } from '../../../../common/graphql/pagination';
import { Household } from '../federation/household.reference';

@ObjectType('OverpaymentReceivableEvent', { description: 'One change to a receivable, never edited: netted in a run, repaid, or written off.' })
export class OverpaymentReceivableEvent {
  @Field(() => ID)
  id: string;

  @Field({ description: 'NETTED (withheld from the household’s lines of a later run), REPAID, WRITTEN_OFF.' })
  kind: string;

  @Field(() => DecimalScalar)
  amount: Decimal;

  @Field(() => ID, { nullable: true, description: 'NETTED: the run whose lines it was withheld from.' })
  runId: string | null;

  @Field(() => String, { nullable: true, description: "NETTED: that run's quarter." })
  quarter: string | null;

  @Field(() => String, { nullable: true, description: 'REPAID: the payment’s reference.' })
  reference: string | null;

  @Field(() => String, { nullable: true, description: 'REPAID: the day the household paid.' })
  paidOn: string | null;

  @Field(() => String, { nullable: true, description: 'WRITTEN_OFF: the decision.' })
  reason: string | null;

  @Field()
  recordedBy: string;

  @Field(() => Date)
  recordedAt: Date;

  @Field({ description: 'False for the netting of a run since superseded by a recomputation: it does not count.' })
  counts: boolean;
}

@ObjectType('OverpaymentReceivable', {
  description:
    "What a household still owed after a run's netting (overpayments found later that its own lines did not cover): withheld from its payable lines of the next runs of the county until settled, repaid, or written off.",
})
export class OverpaymentReceivable {
  @Field(() => ID)
  id: string;

  @Field()
  countyCode: string;

  @Field(() => Household, { nullable: true })
  household: Household;

  @Field(() => ID, { description: 'The run that found it.' })
  runId: string;

  @Field({ description: "That run's quarter." })
  quarter: string;

  @Field(() => DecimalScalar, { description: 'Owed when found.' })
  amount: Decimal;

  @Field(() => DecimalScalar, { description: 'Still owed: amount less what counts of its history.' })
  open: Decimal;

  @Field({
    description: 'OPEN; SETTLED (netted and repaid in full); WRITTEN_OFF; VOID (the run that found it was superseded by a recomputation: it never stood).',
  })
  status: string;

  @Field(() => Date)
  createdAt: Date;

  @Field(() => [OverpaymentReceivableEvent], { description: 'Every change, oldest first.' })
  history: OverpaymentReceivableEvent[];
}

@ObjectType('OverpaymentReceivableConnection')
export class OverpaymentReceivableConnection extends ConnectionType(OverpaymentReceivable) {}
