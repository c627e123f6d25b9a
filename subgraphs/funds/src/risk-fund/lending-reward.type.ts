import { Field, Int, ObjectType } from 'type-graphql';
import type Decimal from 'decimal.js';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';
import { Bank } from '../federation/bank.reference';

@ObjectType('LendingReward', {
  description:
    "A bank's yearly reward for collection in a county (004 第十三条): declared by the bank, assessed by the hub, decided by the county's finance bureau.",
})
export class LendingReward {
  @Field()
  countyCode: string;

  @Field(() => Bank)
  bank: Bank;

  @Field(() => Int)
  year: number;

  @Field({ description: 'DECLARED, ASSESSED or DECIDED.' })
  status: string;

  @Field(() => Int, { description: 'Overdue loans the bank declares it pursued (催收).' })
  pursuedLoans: number;

  @Field()
  collectionReference: string;

  @Field(() => DecimalScalar, { nullable: true, description: 'Program loans contracted in the year.' })
  newLending: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Principal that fell due in the year.' })
  principalDue: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Of it, repaid (or renewed) by maturity.' })
  repaidByMaturity: Decimal | null;

  @Field(() => Int, { nullable: true, description: 'Loans overdue at some time in the year, as the bank reported them.' })
  overdueLoans: number | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Repaid by maturity ÷ due (到期回收率).' })
  recoveryRate: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'Pursued ÷ overdue (催收面).' })
  collectionCoverage: Decimal | null;

  @Field(() => Boolean, { nullable: true })
  eligible: boolean | null;

  @Field(() => DecimalScalar, { nullable: true, description: "The ceiling: new lending × the rules' share, rounded down to the fen; 0 when not eligible." })
  maxReward: Decimal | null;

  @Field(() => [String], { description: 'Each condition not met, in words.' })
  unmet: string[];

  @Field(() => DecimalScalar, { nullable: true })
  awarded: Decimal | null;

  @Field(() => String, { nullable: true, description: 'The payment voucher.' })
  awardReference: string | null;

  @Field(() => String, { nullable: true })
  decidedBy: string | null;
}
