import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { COUNTY_CODE, TOWNSHIP_CODE } from '../../../../common/codes';
import { badInput } from '../../../../common/errors/hub-error';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { TownshipAssignmentService } from './township-assignment.service';
import { toTownshipAssignment } from './township-assignment.mapper';
import { TownshipAssignment } from './township-assignment.type';

@Resolver(() => TownshipAssignment)
export class TownshipAssignmentResolver {
  constructor(private readonly assignmentService: TownshipAssignmentService) {}

  @Query(() => [TownshipAssignment], { description: "A township's responsible banks over time, oldest first (a bank sees its own periods)." })
  async townshipAssignments(@Ctx() context: SubgraphContext, @Arg('townshipCode', () => String) townshipCode: string): Promise<TownshipAssignment[]> {
    if (!TOWNSHIP_CODE.test(townshipCode)) throw badInput(`"${townshipCode}" is not a township code`, 'townshipCode');
    return (await this.assignmentService.history(context.caller, townshipCode)).map(toTownshipAssignment);
  }

  @Query(() => [TownshipAssignment], {
    description: "Every township's responsible banks over time in a county, by township, oldest first (a bank sees its own periods).",
  })
  async countyTownshipAssignments(@Ctx() context: SubgraphContext, @Arg('countyCode', () => String) countyCode: string): Promise<TownshipAssignment[]> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    return (await this.assignmentService.countyHistory(context.caller, countyCode)).map(toTownshipAssignment);
  }

  @Mutation(() => TownshipAssignment, {
    description: 'Makes a bank responsible for a township from a date; the previous bank stops the day before. The new bank receives the full list.',
  })
  async assignTownship(
    @Ctx() context: SubgraphContext,
    @Arg('townshipCode', () => String) townshipCode: string,
    @Arg('bankCode', () => String) bankCode: string,
    @Arg('effectiveFrom', () => String, { description: 'YYYY-MM-DD' }) effectiveFrom: string,
  ): Promise<TownshipAssignment> {
    return toTownshipAssignment(await this.assignmentService.assign(context.caller, townshipCode, bankCode, effectiveFrom));
  }
}
