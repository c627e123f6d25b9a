import { Arg, Ctx, Directive, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { Bank } from '../federation/bank.reference';
import { Household } from '../federation/household.reference';
import { OneCardAccountFilter } from './one-card-account.input';
import { OneCardAccountService } from './one-card-account.service';
import { UUID_PATTERN } from '../../../../common/codes';
import { OneCardAccount, OneCardAccountConnection } from './one-card-account.type';

@Resolver(() => OneCardAccount)
export class OneCardAccountResolver {
  constructor(private readonly accountService: OneCardAccountService) {}

  @Query(() => OneCardAccountConnection, { description: '一卡通 accounts the caller may see, filtered, in pages.' })
  async oneCardAccounts(
    @Ctx() context: SubgraphContext,
    @Arg('filter', () => OneCardAccountFilter, { nullable: true }) filter: OneCardAccountFilter | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<OneCardAccountConnection> {
    const size = pageSize(first);
    const rows = await this.accountService.list(context.caller, filter ?? {}, size, decodeCursor(after, UUID_PATTERN));
    return toPage(rows, size, (a) => a.id);
  }

  // Its name from this side's bank directory: an account is only written for an issuer the directory knows.
  @FieldResolver(() => Bank, { description: 'The bank that issued the card.' })
  @Directive('@provides(fields: "name")')
  issuingBank(@Root() account: OneCardAccount): Bank {
    return account.issuingBankName !== undefined ? { code: account.issuingBankCode, name: account.issuingBankName } : { code: account.issuingBankCode };
  }

  @FieldResolver(() => Household, { nullable: true, description: 'The account holder household, if the caller may see it.' })
  household(@Root() account: OneCardAccount): Household {
    return { id: account.householdId };
  }
}
