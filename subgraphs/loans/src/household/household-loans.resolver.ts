import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { groupLoader } from '../../../../common/loaders';
import { LoanService } from '../loan/loan.service';
import { Loan } from '../loan/loan.type';
import { Household } from '../federation/household.reference';

export function loansByHouseholdLoader(context: SubgraphContext, loans: LoanService) {
  return context.loaders.get('loans-by-household', () =>
    groupLoader(
      (ids: readonly string[]) => loans.findByHouseholds(context.caller, ids),
      (l) => l.householdId,
    ),
  );
}

@Resolver(() => Household)
export class HouseholdLoansResolver {
  constructor(private readonly loanService: LoanService) {}

  @FieldResolver(() => [Loan], { description: "The household's loans the caller may see (a bank sees only its own)." })
  loans(@Root() household: Household, @Ctx() context: SubgraphContext): Promise<Loan[]> {
    return loansByHouseholdLoader(context, this.loanService).load(household.id);
  }
}
