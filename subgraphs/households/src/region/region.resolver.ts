import { Arg, Ctx, FieldResolver, Query, Resolver, Root } from 'type-graphql';
import { badInput } from '../../../../common/errors/hub-error';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { groupLoader, rowLoader } from '../../../../common/loaders';
import { RegionService, toRegionView } from './region.service';
import { Region } from './region.type';

const REGION_CODE = /^(\d{6}|\d{9}|\d{12})$/;

export function regionLoader(context: SubgraphContext, regions: RegionService) {
  return context.loaders.get('region', () =>
    rowLoader(
      (codes: readonly string[]) => regions.findByCodes(codes),
      (r) => r.code,
    ),
  );
}

@Resolver(() => Region)
export class RegionResolver {
  constructor(private readonly regionService: RegionService) {}

  @Query(() => Region, { nullable: true, description: 'A county (6 digits), township (9) or village (12) by code.' })
  async region(@Arg('code', () => String) code: string, @Ctx() context: SubgraphContext): Promise<Region | null> {
    if (!REGION_CODE.test(code)) throw badInput(`"${code}" is not a 6-, 9- or 12-digit region code`, 'code');
    return regionLoader(context, this.regionService).load(code);
  }

  @Query(() => [Region], { description: 'Children of a region; the counties when parentCode is omitted.' })
  async regions(@Arg('parentCode', () => String, { nullable: true }) parentCode: string | null): Promise<Region[]> {
    if (parentCode != null && !REGION_CODE.test(parentCode)) throw badInput(`"${parentCode}" is not a region code`, 'parentCode');
    return this.regionService.children(parentCode ?? null);
  }

  @FieldResolver(() => Region, { nullable: true })
  async parent(@Root() region: Region, @Ctx() context: SubgraphContext): Promise<Region | null> {
    return region.parentCode ? regionLoader(context, this.regionService).load(region.parentCode) : null;
  }

  @FieldResolver(() => [Region])
  async children(@Root() region: Region, @Ctx() context: SubgraphContext): Promise<Region[]> {
    const loader = context.loaders.get('region-children', () =>
      groupLoader(
        (codes: readonly string[]) => this.regionService.childrenOf(codes),
        (r) => r.parentCode ?? '',
      ),
    );
    return (await loader.load(region.code)).map(toRegionView);
  }
}
