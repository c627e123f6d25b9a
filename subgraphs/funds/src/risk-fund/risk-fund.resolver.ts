import { Arg, Ctx, Mutation, Query, Resolver } from 'type-graphql';
import { COUNTY_CODE } from '../../../../common/codes';
import { badInput } from '../../../../common/errors/hub-error';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { RiskFundAssessmentService } from './risk-fund-assessment.service';
import { RiskFundService, type FundMovementKind } from './risk-fund.service';
import { shanghaiDate } from '../../../../common/domain/calendar-date';
import { RiskFundMovement, RiskFundPosition, RiskFundRulesType } from './risk-fund.type';
import { RiskFundMovementInput, RiskFundRulesInput } from './risk-fund.input';
import { toRiskFundPosition, toRiskFundRules } from './risk-fund.mapper';
import { RiskFundCountySummary, summarizeRiskFunds } from './risk-fund-summary';

const MAX_SUMMARY_COUNTIES = 100;

@Resolver()
export class RiskFundResolver {
  constructor(
    private readonly riskFunds: RiskFundService,
    private readonly assessments: RiskFundAssessmentService,
  ) {}

  @Query(() => [RiskFundPosition], {
    description: "Each bank's latest position against the county's fund (its finance bureau, its bureau, admins; a bank its own).",
  })
  async riskFundPositions(@Ctx() context: SubgraphContext, @Arg('countyCode', () => String) countyCode: string): Promise<RiskFundPosition[]> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    return (await this.assessments.latest(context.caller, countyCode)).map(toRiskFundPosition);
  }

  @Query(() => [RiskFundCountySummary], {
    description:
      "Each county's risk fund over all its banks' latest positions, in the order asked (regulators: any county, aggregates only; the county's finance bureau and bureau; admins).",
  })
  async riskFundSummaries(@Ctx() context: SubgraphContext, @Arg('countyCodes', () => [String]) countyCodes: string[]): Promise<RiskFundCountySummary[]> {
    const bad = countyCodes.find((c) => !COUNTY_CODE.test(c));
    if (bad !== undefined) throw badInput(`"${bad}" is not a county code`, 'countyCodes');
    if (countyCodes.length > MAX_SUMMARY_COUNTIES) throw badInput(`at most ${MAX_SUMMARY_COUNTIES} counties at a time`, 'countyCodes');
    const unique = [...new Set(countyCodes)];
    return summarizeRiskFunds(unique, await this.assessments.latestForSummary(context.caller, unique));
  }

  @Query(() => RiskFundRulesType, {
    nullable: true,
    description: 'The risk-fund rules in force for a county on a date (today, China time, by default); null when none are recorded.',
  })
  async riskFundRules(
    @Arg('countyCode', () => String) countyCode: string,
    @Arg('on', () => String, { nullable: true }) on: string | null,
  ): Promise<RiskFundRulesType | null> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    const date = on ?? shanghaiDate();
    const version = await this.riskFunds.rulesInForce(countyCode, date);
    return version ? toRiskFundRules(version) : null;
  }

  @Query(() => [RiskFundRulesType], { description: 'Every risk-fund rule version that can apply to a county, oldest first.' })
  async riskFundRuleVersions(@Arg('countyCode', () => String) countyCode: string): Promise<RiskFundRulesType[]> {
    return (await this.riskFunds.versionsFor(countyCode)).map(toRiskFundRules);
  }

  @Mutation(() => RiskFundRulesType, {
    description: "Records a region's risk-fund rules from a date on (admins); the version in force then ends the day before.",
  })
  async recordRiskFundRules(@Ctx() context: SubgraphContext, @Arg('input', () => RiskFundRulesInput) input: RiskFundRulesInput): Promise<RiskFundRulesType> {
    return toRiskFundRules(await this.riskFunds.recordRules(context.caller, input));
  }

  @Mutation(() => RiskFundMovement, {
    description: "Money into a county's risk fund at a bank: deposit, top-up or the special account's interest (its finance bureau).",
  })
  async recordRiskFundMovement(
    @Ctx() context: SubgraphContext,
    @Arg('input', () => RiskFundMovementInput) input: RiskFundMovementInput,
  ): Promise<RiskFundMovement> {
    return this.riskFunds.recordMovement(context.caller, { ...input, kind: input.kind as unknown as FundMovementKind });
  }
}
