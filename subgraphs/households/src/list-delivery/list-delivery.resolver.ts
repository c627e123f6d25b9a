import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { groupLoader } from '../../../../common/loaders';
import { UUID_PATTERN } from '../../../../common/codes';
import { Bank } from '../federation/bank.reference';
import { RosterVersion } from '../roster/roster.type';
import { ListDeliveryService } from './list-delivery.service';
import { BankTownshipType, ListDeliveryConnection, ListDeliveryStatusType, ListDelivery } from './list-delivery.type';
import { shanghaiDate } from '../../../../common/domain/calendar-date';
import { ListDeliveryFilterType } from './list-delivery.input';
import { toListDelivery } from './list-delivery.mapper';

@Resolver(() => ListDelivery)
export class ListDeliveryResolver {
  constructor(private readonly deliveries: ListDeliveryService) {}

  @Query(() => ListDeliveryConnection, { description: 'Beneficiary-list deliveries the caller may see (a bureau its counties, a bank its own), in pages.' })
  async listDeliveries(
    @Ctx() context: SubgraphContext,
    @Arg('filter', () => ListDeliveryFilterType, { nullable: true }) filter: ListDeliveryFilterType | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<ListDeliveryConnection> {
    const size = pageSize(first);
    const rows = await this.deliveries.list(context.caller, filter ?? {}, size, decodeCursor(after, UUID_PATTERN));
    return toPage(rows.map(toListDelivery), size, (d) => d.id);
  }

  @Mutation(() => ListDelivery, { description: 'Puts a parked (FAILED) delivery back in line; the worker sends it, then the ones it held back.' })
  async replayListDelivery(@Ctx() context: SubgraphContext, @Arg('id', () => ID) id: string): Promise<ListDelivery> {
    return toListDelivery(await this.deliveries.replay(context.caller, id));
  }

  @Mutation(() => Boolean, { description: "Asks for a full snapshot of the bank's list in the county; the worker plans and sends it." })
  async requestListSnapshot(
    @Ctx() context: SubgraphContext,
    @Arg('bankCode', () => String) bankCode: string,
    @Arg('countyCode', () => String) countyCode: string,
  ): Promise<boolean> {
    await this.deliveries.requestSnapshot(context.caller, bankCode, countyCode);
    return true;
  }
}

@Resolver(() => Bank)
export class BankListResolver {
  constructor(private readonly deliveries: ListDeliveryService) {}

  @FieldResolver(() => [BankTownshipType], {
    description: 'Townships the bank is responsible for today (a bank sees only its own; a bureau those in its counties).',
  })
  townships(@Root() bank: Bank, @Ctx() context: SubgraphContext): Promise<BankTownshipType[]> {
    const loader = context.loaders.get('bank-townships', () =>
      groupLoader(
        (codes: readonly string[]) => this.deliveries.townshipsOf(context.caller, codes, shanghaiDate(new Date())),
        (t) => t.bankCode,
      ),
    );
    return loader.load(bank.code);
  }

  @FieldResolver(() => ListDeliveryConnection, { description: 'List deliveries to this bank, in pages (scoped like listDeliveries).' })
  async listDeliveries(
    @Root() bank: Bank,
    @Ctx() context: SubgraphContext,
    @Arg('status', () => ListDeliveryStatusType, { nullable: true }) status: ListDeliveryStatusType | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<ListDeliveryConnection> {
    const size = pageSize(first);
    const rows = await this.deliveries.list(context.caller, { bankCode: bank.code, status }, size, decodeCursor(after, UUID_PATTERN));
    return toPage(rows.map(toListDelivery), size, (d) => d.id);
  }
}

@Resolver(() => RosterVersion)
export class RosterVersionDeliveriesResolver {
  constructor(private readonly deliveryService: ListDeliveryService) {}

  @FieldResolver(() => [ListDelivery], { description: 'What this version sent to each bank, and how far each delivery got.' })
  deliveries(@Root() version: RosterVersion, @Ctx() context: SubgraphContext): Promise<ListDelivery[]> {
    const loader = context.loaders.get('deliveries-by-version', () =>
      groupLoader(
        async (ids: readonly string[]) => (await this.deliveryService.byVersions(context.caller, ids)).map(toListDelivery),
        (d) => d.rosterVersionId!,
      ),
    );
    return loader.load(version.id);
  }
}
