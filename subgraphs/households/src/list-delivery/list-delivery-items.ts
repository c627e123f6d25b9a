/**
 * What one delivery carried, household by household (added, changed, removed), personal values
 * masked: the bank's clerk reads what changed in each list it received. The deliveries of one
 * answer are paged in one statement; the delivery itself was read under the caller's scope.
 */
import { Arg, Ctx, Field, FieldResolver, Int, ObjectType, Resolver, Root, registerEnumType } from 'type-graphql';
import type { DataSource } from 'typeorm';
import { ConnectionType, decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { groupLoader } from '../../../../common/loaders';
import { mask } from '../../../../common/pii/masking';
import type { PiiProtector } from '../../../../common/pii/protector';
import { HouseholdCategory } from '../domain/household-category';
import { openHouseholdPii } from '../household/household-pii';
import { ListDelivery } from './list-delivery.type';

export enum ListDeliveryChange {
  ADD = 'ADD',
  CHANGE = 'CHANGE',
  REMOVE = 'REMOVE',
}
registerEnumType(ListDeliveryChange, {
  name: 'ListDeliveryChange',
  description: 'ADD: newly on the bank’s list; CHANGE: listed before, its data changed; REMOVE: no longer on the bank’s list.',
});

@ObjectType('ListDeliveryItem', { description: 'One household a delivery carried. Personal data is masked.' })
export class ListDeliveryItem {
  @Field({ description: '户编号' })
  householdNo: string;

  @Field(() => ListDeliveryChange)
  change: ListDeliveryChange;

  @Field()
  townshipCode: string;

  @Field(() => String, { nullable: true })
  villageCode: string | null;

  @Field(() => HouseholdCategory, { nullable: true })
  category: HouseholdCategory | null;

  @Field(() => Boolean, { nullable: true })
  isMonitored: boolean | null;

  @Field(() => String, { nullable: true, description: '户主姓名, masked (surname + *).' })
  headName: string | null;

  @Field(() => String, { nullable: true, description: '户主证件号码, masked (first 3 and last 4).' })
  idNumber: string | null;

  @Field(() => String, { nullable: true, description: 'Why a household left the bank’s list (REMOVE only).' })
  removalReason: string | null;
}

@ObjectType('ListDeliveryItemConnection')
export class ListDeliveryItemConnection extends ConnectionType(ListDeliveryItem) {}

interface ItemRow {
  deliveryId: string;
  householdNo: string;
  op: ListDeliveryChange;
  townshipCode: string;
  removalReason: string | null;
  villageCode: string | null;
  category: HouseholdCategory | null;
  isMonitored: boolean | null;
  piiSealed: Buffer | null;
  piiKeyId: string | null;
}

const HOUSEHOLD_NO_CURSOR = /^[0-9A-Za-z-]{1,32}$/;

/** A page of each delivery's items, in household order, `size + 1` rows per delivery (the extra says more follow). */
export async function deliveryItemPages(
  dataSource: DataSource,
  deliveryIds: readonly string[],
  size: number,
  afterHouseholdNo: string | null,
  change: ListDeliveryChange | null,
): Promise<ItemRow[]> {
  const rows: Record<string, any>[] = await dataSource.query(
    `SELECT * FROM (
       SELECT i.delivery_id, i.household_no, i.op, i.township_code, i.removal_reason,
              e.village_code, e.category, e.is_monitored, e.pii_sealed, e.pii_key_id,
              row_number() OVER (PARTITION BY i.delivery_id ORDER BY i.household_no) AS place
         FROM households.list_delivery_items i
         LEFT JOIN households.roster_entries e ON e.version_id = i.entry_version_id AND e.household_no = i.household_no
        WHERE i.delivery_id = ANY($1::uuid[]) AND ($2::text IS NULL OR i.household_no > $2) AND ($3::text IS NULL OR i.op = $3)
     ) paged
     WHERE place <= $4 ORDER BY delivery_id, household_no`,
    [[...deliveryIds], afterHouseholdNo, change, size + 1],
  );
  return rows.map((r) => ({
    deliveryId: r.delivery_id,
    householdNo: r.household_no,
    op: r.op,
    townshipCode: r.township_code,
    removalReason: r.removal_reason,
    villageCode: r.village_code,
    category: r.category,
    isMonitored: r.is_monitored,
    piiSealed: r.pii_sealed,
    piiKeyId: r.pii_key_id,
  }));
}

@Resolver(() => ListDelivery)
export class ListDeliveryItemsResolver {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pii: PiiProtector,
  ) {}

  @FieldResolver(() => ListDeliveryItemConnection, {
    description: 'The households this delivery carried, by household number, in pages (personal data masked).',
  })
  async items(
    @Root() delivery: ListDelivery,
    @Ctx() context: SubgraphContext,
    @Arg('change', () => ListDeliveryChange, { nullable: true }) change: ListDeliveryChange | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<ListDeliveryItemConnection> {
    const size = pageSize(first);
    const afterNo = decodeCursor(after, HOUSEHOLD_NO_CURSOR);
    // The deliveries of one answer share these arguments: one statement pages them all.
    const loader = context.loaders.get(`list-delivery-items:${size}:${afterNo}:${change}`, () =>
      groupLoader(
        (ids: readonly string[]) => deliveryItemPages(this.dataSource, ids, size, afterNo, change ?? null),
        (row) => row.deliveryId,
      ),
    );
    const page = toPage(await loader.load(delivery.id), size, (row) => row.householdNo);
    return {
      nodes: page.nodes.map((row) => {
        // A removal's item has no entry (and so nothing sealed) in the version it was computed against.
        const personal = row.piiSealed && row.piiKeyId ? openHouseholdPii(this.pii, row.piiSealed, row.piiKeyId) : null;
        const name = personal?.headName ?? null;
        const id = personal?.idNumber ?? null;
        return {
          householdNo: row.householdNo,
          change: row.op,
          townshipCode: row.townshipCode,
          villageCode: row.villageCode,
          category: row.category,
          isMonitored: row.isMonitored,
          headName: name === null ? null : mask('name', name),
          idNumber: id === null ? null : mask('residentId', id),
          removalReason: row.removalReason,
        };
      }),
      pageInfo: page.pageInfo,
    };
  }
}
