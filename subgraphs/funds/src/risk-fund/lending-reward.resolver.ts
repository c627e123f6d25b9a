import type Decimal from 'decimal.js';
import { Arg, Ctx, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { COUNTY_CODE } from '../../../../common/codes';
import { shanghaiDate } from '../../../../common/domain/calendar-date';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';
import { badInput } from '../../../../common/errors/hub-error';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { Bank } from '../federation/bank.reference';
import type { LendingRewardRecord } from './lending-reward.entity';
import { LendingRewardService } from './lending-reward.service';

@ObjectType('LendingReward', {
  description: "A bank's yearly reward for collection in a county (004 第十三条): declared by the bank, assessed by the hub, decided by the county's finance bureau.",
})
class LendingRewardView {
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

@InputType('LendingRewardDeclarationInput')
class DeclarationInputView {
  @Field()
  countyCode: string;

  @Field(() => Int, { description: 'A past year.' })
  year: number;

  @Field(() => Int, { description: 'How many of its overdue loans in the county the bank pursued in the year.' })
  pursuedLoans: number;

  @Field({ description: 'Its collection register (催收台账) reference.' })
  reference: string;
}

@InputType('LendingRewardDecisionInput')
class DecisionInputView {
  @Field()
  countyCode: string;

  @Field()
  bankCode: string;

  @Field(() => Int)
  year: number;

  @Field({ description: 'Yuan, from 0 to the ceiling.' })
  amount: string;

  @Field({ description: 'The payment voucher (4 to 64 letters, digits or . _ : - /).' })
  reference: string;
}

const toView = ({ bankCode, ...record }: LendingRewardRecord): LendingRewardView => ({ ...record, bank: { code: bankCode } });

@Resolver()
export class LendingRewardResolver {
  constructor(private readonly rewards: LendingRewardService) {}

  @Query(() => [LendingRewardView], { description: "A county's lending rewards, newest year first (its bureau, finance bureau and admins; a bank its own)." })
  async lendingRewards(@Ctx() context: SubgraphContext, @Arg('countyCode', () => String) countyCode: string): Promise<LendingRewardView[]> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    return (await this.rewards.list(context.caller, countyCode)).map(toView);
  }

  @Mutation(() => LendingRewardView, { description: 'A bank declares its collection for a past year; the hub assesses the reward within a minute. Again, until decided.' })
  async declareLendingRewardCollection(@Ctx() context: SubgraphContext, @Arg('input', () => DeclarationInputView) input: DeclarationInputView): Promise<LendingRewardView> {
    return toView(await this.rewards.declare(context.caller, input, shanghaiDate()));
  }

  @Mutation(() => LendingRewardView, { description: "The county's finance bureau decides an assessed reward: an amount up to the ceiling and its payment voucher, once." })
  async decideLendingReward(@Ctx() context: SubgraphContext, @Arg('input', () => DecisionInputView) input: DecisionInputView): Promise<LendingRewardView> {
    return toView(await this.rewards.decide(context.caller, input));
  }
}
