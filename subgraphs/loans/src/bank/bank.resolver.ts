import { Arg, Ctx, FieldResolver, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { BANK_CODE, COUNTY_CODE } from '../../../../common/codes';
import { badInput } from '../../../../common/errors/hub-error';
import { decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { groupLoader, rowLoader } from '../../../../common/loaders';
import type { BankRecord } from './bank.entity';
import { BankFilter, RegisterBankInput, UpdateBankInput } from './bank.input';
import { toBankChange, toBankChanges } from './bank.mapper';
import { BankService } from './bank.service';
import { Bank, BankChange, BankConnection } from './bank.type';

export function bankLoader(context: SubgraphContext, banks: BankService) {
  return context.loaders.get('bank', () =>
    rowLoader(
      (codes: readonly string[]) => banks.findByCodes(codes),
      (b) => b.code,
    ),
  );
}

function bankChangesLoader(context: SubgraphContext, banks: BankService) {
  return context.loaders.get('bank-changes', () =>
    groupLoader(
      (codes: readonly string[]) => banks.changesOf(codes),
      (c) => c.bankCode,
    ),
  );
}

@Resolver(() => Bank)
export class BankResolver {
  constructor(private readonly bankService: BankService) {}

  @Query(() => [Bank], { description: 'Every bank known to the hub, retired ones included (retired: true).' })
  banks(@Ctx() _context: SubgraphContext): Promise<Bank[]> {
    return this.bankService.all();
  }

  @Query(() => BankConnection, { description: 'The bank registry in code order, filtered, in pages (retired banks included unless filtered out).' })
  async registeredBanks(
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
    @Arg('filter', () => BankFilter, { nullable: true }) filter: BankFilter | null,
  ): Promise<BankConnection> {
    const size = pageSize(first);
    const countyCode = filter?.countyCode ?? null;
    if (countyCode !== null && !COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'filter.countyCode');
    const search = filter?.search?.trim() || null;
    if (search !== null && search.length > 100) throw badInput('search is longer than 100 characters', 'filter.search');
    const rows = await this.bankService.page({ search, countyCode, retired: filter?.retired ?? null }, size + 1, decodeCursor(after, BANK_CODE));
    return toPage(rows, size, (b) => b.code);
  }

  @Mutation(() => Bank, { description: 'Registers a bank (admin). A code registered before, even retired, is refused.' })
  registerBank(@Ctx() context: SubgraphContext, @Arg('input', () => RegisterBankInput) input: RegisterBankInput): Promise<Bank> {
    return this.bankService.register(context.caller, { ...input, connectorUrl: input.connectorUrl ?? null, credentialRef: input.credentialRef ?? null });
  }

  @Mutation(() => Bank, { description: "Changes a registered, active bank's names, card prefixes, connector or counties (admin)." })
  updateBank(
    @Ctx() context: SubgraphContext,
    @Arg('code', () => String) code: string,
    @Arg('input', () => UpdateBankInput) input: UpdateBankInput,
  ): Promise<Bank> {
    return this.bankService.update(context.caller, code, toBankChanges(input));
  }

  @Mutation(() => Bank, {
    description: 'Retires a bank (admin): refused while townships are still assigned to it. Its code stays taken; its loans and history stay.',
  })
  retireBank(
    @Ctx() context: SubgraphContext,
    @Arg('code', () => String) code: string,
    @Arg('reason', () => String, { nullable: true }) reason?: string | null,
  ): Promise<Bank> {
    return this.bankService.retire(context.caller, code, reason ?? null);
  }

  @FieldResolver(() => Boolean)
  retired(@Root() bank: BankRecord): boolean {
    return bank.retiredAt !== null;
  }

  // Where and how the hub reaches a bank is operations' business: shown to admins only.
  @FieldResolver(() => String, { nullable: true, description: "The connector's base URL (admin only; null for others)." })
  connectorUrl(@Root() bank: BankRecord, @Ctx() context: SubgraphContext): string | null {
    return context.caller.role === 'admin' ? bank.connectorUrl : null;
  }

  @FieldResolver(() => String, { nullable: true, description: 'The name of the secret the connector authenticates with (admin only; null for others).' })
  credentialRef(@Root() bank: BankRecord, @Ctx() context: SubgraphContext): string | null {
    return context.caller.role === 'admin' ? bank.credentialRef : null;
  }

  @FieldResolver(() => [BankChange], { description: 'Who registered, changed and retired it, oldest first (admin only; empty for others).' })
  async changes(@Root() bank: BankRecord, @Ctx() context: SubgraphContext): Promise<BankChange[]> {
    if (context.caller.role !== 'admin') return [];
    return (await bankChangesLoader(context, this.bankService).load(bank.code)).map(toBankChange);
  }
}
