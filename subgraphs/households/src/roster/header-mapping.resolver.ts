import { Arg, Ctx, Mutation, Resolver } from 'type-graphql';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { ROSTER_FIELDS } from './domain/roster-fields';
import { HeaderMappingService } from './header-mapping.service';

@Resolver()
export class HeaderMappingResolver {
  constructor(private readonly mappingService: HeaderMappingService) {}

  @Mutation(() => Boolean, {
    description:
      "Registers a county's own column header for a roster field (e.g. 镇 → township), and whether the county requires that field in every roster. Applies to later imports.",
  })
  async setRosterHeaderMapping(
    @Ctx() context: SubgraphContext,
    @Arg('countyCode', () => String) countyCode: string,
    @Arg('header', () => String) header: string,
    @Arg('field', () => String, { description: `One of: ${ROSTER_FIELDS.join(', ')}` }) field: string,
    @Arg('required', () => Boolean, {
      nullable: true,
      defaultValue: false,
      description: 'True: a file without a column for this field is refused (ROSTER_MISSING_COLUMNS), beyond the columns every roster needs.',
    })
    required: boolean,
  ): Promise<boolean> {
    await this.mappingService.set(context.caller, countyCode, header, field, required);
    return true;
  }
}
