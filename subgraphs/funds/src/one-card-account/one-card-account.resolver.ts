import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { BankRef } from '../bank/bank.type';
import { HouseholdRef } from '../household/household.type';
import { OneCardAccountFilterInput } from './one-card-account.input';
import { OneCardAccountService } from './one-card-account.service';
import { UUID_PATTERN } from '../../../../common/codes';
import { OneCardAccount, OneCardAccountConnection } from './one-card-account.type';

@Resolver(() => OneCardAccount)
export class OneCardAccountResolver {
  constructor(private readonly accountService: OneCardAccountService) {}

  @Query(() => OneCardAccountConnection, { description: '一卡通 accounts the caller may see, filtered, in pages.' })
  async oneCardAccounts(
    @Ctx() context: SubgraphContext,
    @Arg('filter', () => OneCardAccountFilterInput, { nullable: true }) filter: OneCardAccountFilterInput | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<OneCardAccountConnection> {
    const size = pageSize(first);
    const rows = await this.accountService.list(context.caller, filter ?? {}, size, decodeCursor(after, UUID_PATTERN));
    return toPage(rows, size, (a) => a.id);
  }

  @FieldResolver(() => BankRef, { description: 'The bank that issued the card.' })
  issuingBank(@Root() account: OneCardAccount): BankRef {
    return { code: account.issuingBankCode };
  }

  @FieldResolver(() => HouseholdRef, { nullable: true, description: 'The account holder household, if the caller may see it.' })
  household(@Root() account: OneCardAccount): HouseholdRef {
    return { id: account.householdId };
  }
}
