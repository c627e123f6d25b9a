import { Ctx, FieldResolver, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { rowLoader } from '../../../../common/loaders';
import { Bank } from '../federation/bank.reference';
import { BankDirectoryService } from './bank-directory.service';

/**
 * Bank.name where this side provides it (`OneCardAccount.issuingBank`), from its copy of the
 * registry the loans subgraph owns: read with the accounts when they were read by household,
 * else one batch per request; in the funds fetch either way, not in a further fetch of the banks
 * from the loans subgraph. The copy follows the registry through record-bank-directory (queued at
 * each change, and every 5 s), and a 一卡通 account is only written for an issuer the copy knows.
 */
@Resolver(() => Bank)
export class BankNameResolver {
  constructor(private readonly directory: BankDirectoryService) {}

  @FieldResolver(() => String)
  async name(@Root() bank: Bank, @Ctx() context: SubgraphContext): Promise<string> {
    if (bank.name !== undefined) return bank.name; // read with the account (OneCardAccountService.findByHouseholds)
    const loader = context.loaders.get('bank-directory-name', () =>
      rowLoader(
        (codes: readonly string[]) => this.directory.namesOf(codes),
        (b) => b.code,
      ),
    );
    const known = await loader.load(bank.code);
    if (!known) throw new Error(`bank ${bank.code} is not in the funds side's bank directory`);
    return known.name;
  }
}
