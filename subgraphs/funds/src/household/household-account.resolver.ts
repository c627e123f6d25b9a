import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { rowLoader } from '../../../../common/loaders';
import { OneCardAccountService } from '../one-card-account/one-card-account.service';
import { OneCardAccount } from '../one-card-account/one-card-account.type';
import { Household } from '../federation/household.reference';

@Resolver(() => Household)
export class HouseholdAccountResolver {
  constructor(private readonly accountService: OneCardAccountService) {}

  @FieldResolver(() => OneCardAccount, { nullable: true, description: "The household's 一卡通 account, if the caller may see it." })
  oneCardAccount(@Root() household: Household, @Ctx() context: SubgraphContext): Promise<OneCardAccount | null> {
    const loader = context.loaders.get('account-by-household', () =>
      rowLoader(
        (ids: readonly string[]) => this.accountService.findByHouseholds(context.caller, ids),
        (a) => a.householdId,
      ),
    );
    return loader.load(household.id);
  }
}
