import { Arg, Ctx, FieldResolver, Mutation, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { groupLoader, rowLoader } from '../../../../common/loaders';
import type { BankRecord } from './bank.entity';
import { RegisterBankInput, UpdateBankInput } from './bank.input';
import { toBankChange, toBankChanges } from './bank.mapper';
import { BankService } from './bank.service';
import { Bank, BankChange } from './bank.type';

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
