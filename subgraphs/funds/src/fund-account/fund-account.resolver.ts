import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { BankRef } from '../bank/bank.type';
import { FundAccountService } from './fund-account.service';
import { FundAccount } from './fund-account.type';

@Resolver(() => FundAccount)
export class FundAccountResolver {
  constructor(private readonly fundAccountService: FundAccountService) {}

  @Query(() => [FundAccount], { description: "Fund accounts of the caller's counties, or of the caller's bank." })
  fundAccounts(@Ctx() context: SubgraphContext, @Arg('countyCode', () => String, { nullable: true }) countyCode: string | null): Promise<FundAccount[]> {
    return this.fundAccountService.list(context.caller, countyCode ?? null);
  }

  @FieldResolver(() => BankRef)
  bank(@Root() account: FundAccount): BankRef {
    return { code: account.bankCode };
  }
}
