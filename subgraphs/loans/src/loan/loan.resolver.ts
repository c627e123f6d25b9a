import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import { badInput } from '../../../../common/errors/hub-error';
import { decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { groupLoader, rowLoader } from '../../../../common/loaders';
import { bankLoader } from '../bank/bank.resolver';
import { BankService } from '../bank/bank.service';
import { Bank } from '../bank/bank.type';
import { Household } from '../federation/household.reference';
import { LoanFilter } from './loan.input';
import { LoanService } from './loan.service';
import { UUID_PATTERN } from '../../../../common/codes';
import { InterestPayment, Loan, LoanConnection, LoanStatusEvent } from './loan.type';

@Resolver(() => Loan)
export class LoanResolver {
  constructor(
    private readonly loanService: LoanService,
    private readonly bankService: BankService,
  ) {}

  @Query(() => LoanConnection, { description: 'Loans the caller may see, filtered, in pages.' })
  async loans(
    @Ctx() context: SubgraphContext,
    @Arg('filter', () => LoanFilter, { nullable: true }) filter: LoanFilter | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<LoanConnection> {
    const size = pageSize(first);
    const rows = await this.loanService.list(context.caller, filter ?? {}, size, decodeCursor(after, UUID_PATTERN));
    return toPage(rows, size, (l) => l.id);
  }

  @Query(() => Loan, { nullable: true })
  async loan(@Arg('id', () => ID) id: string, @Ctx() context: SubgraphContext): Promise<Loan | null> {
    if (!UUID_PATTERN.test(id)) throw badInput(`"${id}" is not a loan id`, 'id');
    const loader = context.loaders.get('loan', () =>
      rowLoader(
        (ids: readonly string[]) => this.loanService.findByIds(context.caller, ids),
        (l) => l.id,
      ),
    );
    return loader.load(id);
  }

  @FieldResolver(() => Bank, { nullable: true })
  bank(@Root() loan: Loan, @Ctx() context: SubgraphContext): Promise<Bank | null> {
    return bankLoader(context, this.bankService).load(loan.bankCode);
  }

  @FieldResolver(() => [LoanStatusEvent], { description: 'Every status change, oldest first.' })
  statusHistory(@Root() loan: Loan, @Ctx() context: SubgraphContext): Promise<LoanStatusEvent[]> {
    return context.loaders
      .get('loan-status-events', () =>
        groupLoader(
          (ids: readonly string[]) => this.loanService.statusEvents(ids),
          (e) => e.loanId,
        ),
      )
      .load(loan.id);
  }

  @FieldResolver(() => [InterestPayment], { description: 'Interest paid per quarterly settlement, oldest first.' })
  interestPayments(@Root() loan: Loan, @Ctx() context: SubgraphContext): Promise<InterestPayment[]> {
    return context.loaders
      .get('loan-interest-payments', () =>
        groupLoader(
          (ids: readonly string[]) => this.loanService.interestPayments(ids),
          (p) => p.loanId,
        ),
      )
      .load(loan.id);
  }

  // Nullable: the households subgraph returns null for a household outside the caller's scope
  // (e.g. a township since reassigned to another bank), and that must not fail the whole list.
  @FieldResolver(() => Household, { nullable: true, description: 'The borrowing household, if the caller may see it (resolved by the households subgraph).' })
  household(@Root() loan: Loan): Household {
    return { id: loan.householdId };
  }
}
