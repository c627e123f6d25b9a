import { Arg, Ctx, FieldResolver, ID, Int, Query, Resolver, Root } from 'type-graphql';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import { badInput } from '../../../../common/graphql/errors';
import { UUID_PATTERN } from '../../../../common/codes';
import { rowLoader } from '../../../../common/loaders';
import { regionLoader } from '../region/region.resolver';
import { RegionService } from '../region/region.service';
import { RegionType } from '../region/region.type';
import { HouseholdFilterInput } from './household.inputs';
import { HouseholdService } from './household.service';
import { Household, HouseholdConnection } from './household.type';

export function householdLoader(context: SubgraphContext, households: HouseholdService) {
  return context.loaders.get('household', () => rowLoader((ids: readonly string[]) => households.findByIds(context.caller, ids), (h) => h.id));
}

@Resolver(() => Household)
export class HouseholdResolver {
  constructor(
    private readonly householdService: HouseholdService,
    private readonly regionService: RegionService,
  ) {}

  @Query(() => HouseholdConnection, { description: 'Households the caller may see, filtered, in pages.' })
  async households(
    @Ctx() context: SubgraphContext,
    @Arg('filter', () => HouseholdFilterInput, { nullable: true }) filter: HouseholdFilterInput | null,
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<HouseholdConnection> {
    const size = pageSize(first);
    const afterId = decodeCursor(after, UUID_PATTERN);
    const rows = await this.householdService.list(context.caller, filter ?? {}, size, afterId);
    return toPage(rows, size, (h) => h.id);
  }

  @Query(() => Household, { nullable: true, description: 'One household, if the caller may see it.' })
  async household(@Arg('id', () => ID) id: string, @Ctx() context: SubgraphContext): Promise<Household | null> {
    if (!UUID_PATTERN.test(id)) throw badInput(`"${id}" is not a household id`, 'id');
    return householdLoader(context, this.householdService).load(id);
  }

  @FieldResolver(() => RegionType, { nullable: true, description: '县' })
  county(@Root() household: Household, @Ctx() context: SubgraphContext) {
    return regionLoader(context, this.regionService).load(household.countyCode);
  }

  @FieldResolver(() => RegionType, { nullable: true, description: '乡(镇)' })
  township(@Root() household: Household, @Ctx() context: SubgraphContext) {
    return regionLoader(context, this.regionService).load(household.townshipCode);
  }

  @FieldResolver(() => RegionType, { nullable: true, description: '行政村' })
  village(@Root() household: Household, @Ctx() context: SubgraphContext) {
    return regionLoader(context, this.regionService).load(household.villageCode);
  }
}
