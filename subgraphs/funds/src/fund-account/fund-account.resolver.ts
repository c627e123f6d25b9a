import { Arg, Ctx, FieldResolver, Int, Query, Resolver, Root } from 'type-graphql';
import { isIsoDate } from '../../../../common/domain/calendar-date';
import { badInput } from '../../../../common/errors/hub-error';
import { groupLoader } from '../../../../common/loaders';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { Bank } from '../federation/bank.reference';
import { FundAccountService } from './fund-account.service';
import { FundAccount, FundAccountMovement } from './fund-account.type';

@Resolver(() => FundAccount)
export class FundAccountResolver {
  constructor(private readonly fundAccountService: FundAccountService) {}

  @Query(() => [FundAccount], { description: "Fund accounts of the caller's counties, or of the caller's bank." })
  fundAccounts(@Ctx() context: SubgraphContext, @Arg('countyCode', () => String, { nullable: true }) countyCode: string | null): Promise<FundAccount[]> {
    return this.fundAccountService.list(context.caller, countyCode ?? null);
  }

  @FieldResolver(() => Bank)
  bank(@Root() account: FundAccount): Bank {
    return { code: account.bankCode };
  }

  @FieldResolver(() => [FundAccountMovement], {
    description: "The account's statement: its latest entries effective from … to (both included, either open), newest first.",
  })
  movements(
    @Ctx() context: SubgraphContext,
    @Root() account: FundAccount,
    @Arg('from', () => String, { nullable: true }) from: string | null,
    @Arg('to', () => String, { nullable: true }) to: string | null,
    @Arg('first', () => Int, { defaultValue: 100 }) first: number,
  ): Promise<FundAccountMovement[]> {
    // An omitted variable arrives as undefined, not null.
    from ??= null;
    to ??= null;
    for (const [field, value] of [
      ['from', from],
      ['to', to],
    ] as const)
      if (value !== null && !isIsoDate(value)) throw badInput(`${field} "${value}" is not a YYYY-MM-DD date`, field);
    if (!Number.isInteger(first) || first < 1 || first > 1000) throw badInput('first must be 1 to 1000', 'first');
    // One statement for every account in the answer (the window is the same for all of them).
    return context.loaders
      .get(`fund-account-movements:${from}:${to}:${first}`, () =>
        groupLoader(
          (codes: readonly string[]) => this.fundAccountService.movements(codes, { from, to, first }),
          (m) => m.accountCode,
        ),
      )
      .load(account.accountCode);
  }
}
