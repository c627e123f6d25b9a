import { Arg, Ctx, FieldResolver, ID, Mutation, Query, Resolver, Root } from 'type-graphql';
import { COUNTY_CODE, UUID_PATTERN } from '../../../../common/codes';
import { badInput } from '../../../../common/errors/hub-error';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { groupLoader } from '../../../../common/loaders';
import type { PiiProtector } from '../../../../common/pii/protector';
import { OneCardAccountWriter } from '../one-card-account/one-card-account-writer';
import { PayoutService } from './payout.service';
import { PayoutBatch, PayoutInstruction, PayoutPreparation } from './payout.type';
import { OneCardAccountInput } from './payout.input';
import { toPayoutBatch, toPayoutInstruction, toWaitingPayoutLine } from './payout.mapper';

@Resolver(() => PayoutBatch)
export class PayoutResolver {
  constructor(
    private readonly payouts: PayoutService,
    private readonly accounts: OneCardAccountWriter,
    private readonly pii: PiiProtector,
  ) {}

  @Query(() => [PayoutBatch], { description: "The quarter's payout batches (finance bureau, bureau, admins)." })
  async payoutBatches(
    @Ctx() context: SubgraphContext,
    @Arg('countyCode', () => String) countyCode: string,
    @Arg('quarter', () => String) quarter: string,
  ): Promise<PayoutBatch[]> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    return (await this.payouts.batches(context.caller, countyCode, quarter)).map(toPayoutBatch);
  }

  @Mutation(() => PayoutPreparation, {
    description: 'Puts every payable line without a live payment into DRAFT batches per issuing bank; lists the lines that must wait.',
  })
  async preparePayoutBatches(
    @Ctx() context: SubgraphContext,
    @Arg('countyCode', () => String) countyCode: string,
    @Arg('quarter', () => String) quarter: string,
  ): Promise<PayoutPreparation> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    const prepared = await this.payouts.prepare(context.caller, countyCode, quarter);
    return {
      batches: prepared.batches.map(toPayoutBatch),
      waiting: prepared.waiting.map(toWaitingPayoutLine),
    };
  }

  @Mutation(() => PayoutBatch, {
    description:
      'Maker-checker for a batch the quarterly job drafted: a person of the county’s finance bureau reviews it and confirms it as its maker (制单), recorded as confirmedBy; another person then approves it. A batch a person prepared has that person as its maker already.',
  })
  async confirmPayoutBatch(@Ctx() context: SubgraphContext, @Arg('id', () => ID) id: string): Promise<PayoutBatch> {
    if (!UUID_PATTERN.test(id)) throw badInput(`"${id}" is not a batch id`, 'id');
    return toPayoutBatch(await this.payouts.confirm(context.caller, id));
  }

  @Mutation(() => PayoutBatch, {
    description:
      'A person of the finance bureau other than its maker approves a DRAFT batch (one the quarterly job drafted once a person has confirmed it: PAYOUT_BATCH_NOT_CONFIRMED before), drawing its total from the year’s subsidy budget; the worker then sends it to the bank.',
  })
  async approvePayoutBatch(@Ctx() context: SubgraphContext, @Arg('id', () => ID) id: string): Promise<PayoutBatch> {
    if (!UUID_PATTERN.test(id)) throw badInput(`"${id}" is not a batch id`, 'id');
    return toPayoutBatch(await this.payouts.approve(context.caller, id));
  }

  @Mutation(() => Boolean, { description: "Records or corrects a household's 一卡通 account (finance bureau of its county)." })
  async setOneCardAccount(@Ctx() context: SubgraphContext, @Arg('input', () => OneCardAccountInput) input: OneCardAccountInput): Promise<boolean> {
    await this.accounts.set(context.caller, input);
    return true;
  }

  @FieldResolver(() => [PayoutInstruction])
  instructions(@Root() batch: PayoutBatch, @Ctx() context: SubgraphContext): Promise<PayoutInstruction[]> {
    const loader = context.loaders.get('payout-instructions', () =>
      groupLoader(
        async (ids: readonly string[]) => (await this.payouts.instructions(ids)).map((i) => toPayoutInstruction(i, this.pii)),
        (i) => i.batchId,
      ),
    );
    return loader.load(batch.id);
  }
}
