import { Ctx, Query, Resolver } from 'type-graphql';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { rowLoader } from '../../../../common/loaders';
import { BankService } from './bank.service';
import { Bank } from './bank.type';

export function bankLoader(context: SubgraphContext, banks: BankService) {
  return context.loaders.get('bank', () => rowLoader((codes: readonly string[]) => banks.findByCodes(codes), (b) => b.code));
}

@Resolver(() => Bank)
export class BankResolver {
  constructor(private readonly bankService: BankService) {}

  @Query(() => [Bank], { description: 'Every bank known to the hub.' })
  banks(@Ctx() _context: SubgraphContext): Promise<Bank[]> {
    return this.bankService.all();
  }
}
