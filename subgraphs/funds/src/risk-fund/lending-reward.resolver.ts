import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { COUNTY_CODE } from '../../../../common/codes';
import { shanghaiDate } from '../../../../common/domain/calendar-date';
import { badInput } from '../../../../common/errors/hub-error';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { LendingRewardService } from './lending-reward.service';
import { LendingReward } from './lending-reward.type';
import { LendingRewardDecisionInput, LendingRewardDeclarationInput } from './lending-reward.input';
import { toLendingReward } from './lending-reward.mapper';

@Resolver()
export class LendingRewardResolver {
  constructor(private readonly rewards: LendingRewardService) {}

  @Query(() => [LendingReward], { description: "A county's lending rewards, newest year first (its bureau, finance bureau and admins; a bank its own)." })
  async lendingRewards(@Ctx() context: SubgraphContext, @Arg('countyCode', () => String) countyCode: string): Promise<LendingReward[]> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    return (await this.rewards.list(context.caller, countyCode)).map(toLendingReward);
  }

  @Mutation(() => LendingReward, {
    description: 'A bank declares its collection for a past year; the hub assesses the reward within a minute. Again, until decided.',
  })
  async declareLendingRewardCollection(
    @Ctx() context: SubgraphContext,
    @Arg('input', () => LendingRewardDeclarationInput) input: LendingRewardDeclarationInput,
  ): Promise<LendingReward> {
    return toLendingReward(await this.rewards.declare(context.caller, input, shanghaiDate()));
  }

  @Mutation(() => LendingReward, {
    description: "The county's finance bureau decides an assessed reward: an amount up to the ceiling and its payment voucher, once.",
  })
  async decideLendingReward(
    @Ctx() context: SubgraphContext,
    @Arg('input', () => LendingRewardDecisionInput) input: LendingRewardDecisionInput,
  ): Promise<LendingReward> {
    return toLendingReward(await this.rewards.decide(context.caller, input));
  }
}
