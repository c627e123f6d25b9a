import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { groupLoader } from '../../../../common/loaders';
import { Loan } from '../loan/loan.type';
import { toLoanFlagChange, toPolicyReevaluation } from './policy-reevaluation.mapper';
import { PolicyReevaluationService } from './policy-reevaluation.service';
import { LoanFlagChange, PolicyReevaluation } from './policy-reevaluation.type';

@Resolver(() => Loan)
export class PolicyReevaluationResolver {
  constructor(private readonly reevaluations: PolicyReevaluationService) {}

  @Query(() => [PolicyReevaluation], { description: 'Re-evaluations of stored loans after policy data changed, newest first, with their progress (admin).' })
  async policyReevaluations(@Ctx() context: SubgraphContext, @Arg('first', () => Int, { defaultValue: 20 }) first: number): Promise<PolicyReevaluation[]> {
    return (await this.reevaluations.list(context.caller, Math.min(Math.max(first, 1), 100))).map(toPolicyReevaluation);
  }

  @FieldResolver(() => [LoanFlagChange], {
    description: 'Each time the loan was judged again with another outcome (a policy version or LPR fixing recorded after it), oldest first.',
  })
  async flagHistory(@Root() loan: Loan, @Ctx() context: SubgraphContext): Promise<LoanFlagChange[]> {
    const loader = context.loaders.get('loan-flag-changes', () =>
      groupLoader(
        (ids: readonly string[]) => this.reevaluations.flagChanges(ids),
        (c) => c.loanId,
      ),
    );
    return (await loader.load(loan.id)).map(toLoanFlagChange);
  }
}
