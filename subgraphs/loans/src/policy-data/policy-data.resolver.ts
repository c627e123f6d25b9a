import { Arg, Ctx, Int, Mutation, Query, Resolver } from 'type-graphql';
import { badInput, forbidden } from '../../../../common/errors/hub-error';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { decodeCursor, pageSize, toPage } from '../../../../common/graphql/pagination';
import { shanghaiDate } from '../../../../common/domain/calendar-date';
import { policyInForce } from '../policy/loan-policy';
import { lprInForce } from '../policy/lpr';
import { PolicyDataService } from './policy-data.service';
import { LoanPolicyVersionType, LprFixingConnection, LprFixingType, RecordLprFixingsResult } from './policy-data.type';
import { LoanPolicyVersionInput, LprFixingInputType } from './policy-data.input';
import { toLoanPolicyVersion } from './policy-data.mapper';

@Resolver()
export class PolicyDataResolver {
  constructor(private readonly policyData: PolicyDataService) {}

  @Query(() => [LprFixingType], { description: 'LPR history, newest first.' })
  async lprFixings(): Promise<LprFixingType[]> {
    return this.policyData.fixings();
  }

  @Query(() => LprFixingConnection, { description: 'LPR history, newest first, in pages.' })
  async lprFixingPage(
    @Arg('first', () => Int, { nullable: true }) first: number | null,
    @Arg('after', () => String, { nullable: true }) after: string | null,
  ): Promise<LprFixingConnection> {
    const size = pageSize(first);
    const rows = await this.policyData.fixingPage(size + 1, decodeCursor(after, /^\d{4}-\d{2}-\d{2}$/));
    return toPage(rows, size, (f) => f.effectiveDate);
  }

  @Query(() => LprFixingType, {
    nullable: true,
    description: 'The LPR fixing in force on a date (today, China time, by default): the latest effective on or before it.',
  })
  async lprFixingInForce(@Arg('on', () => String, { nullable: true }) on: string | null): Promise<LprFixingType | null> {
    const date = on ?? shanghaiDate();
    // lprInForce returns one of the stored rows it was given (with its source), chosen by date alone.
    return lprInForce(await this.policyData.fixings(), date) as LprFixingType | null;
  }

  @Query(() => LoanPolicyVersionType, {
    nullable: true,
    description:
      "The loan policy version that judges a county's loans contracted on a date (today, China time, by default): the most specific region's in force.",
  })
  async loanPolicyInForce(
    @Arg('countyCode', () => String) countyCode: string,
    @Arg('on', () => String, { nullable: true }) on: string | null,
  ): Promise<LoanPolicyVersionType | null> {
    if (!/^\d{6}$/.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    const version = policyInForce(await this.policyData.policyVersions(countyCode), countyCode, on ?? shanghaiDate());
    return version ? toLoanPolicyVersion(version) : null;
  }

  @Query(() => [LoanPolicyVersionType], { description: 'Policy versions that apply to a county (its own and its parents), or all.' })
  async loanPolicyVersions(@Arg('countyCode', () => String, { nullable: true }) countyCode: string | null): Promise<LoanPolicyVersionType[]> {
    // An omitted argument arrives as undefined, not null: "or all" must not read it as a county code.
    countyCode ??= null;
    if (countyCode !== null && !/^\d{6}$/.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    return (await this.policyData.policyVersions(countyCode)).map(toLoanPolicyVersion);
  }

  @Mutation(() => LoanPolicyVersionType, { description: "Adds a region's loan policy version (admin); it may not overlap another of the same region." })
  async recordLoanPolicyVersion(
    @Ctx() context: SubgraphContext,
    @Arg('input', () => LoanPolicyVersionInput) input: LoanPolicyVersionInput,
  ): Promise<LoanPolicyVersionType> {
    if (context.caller.role !== 'admin') throw forbidden('only an admin records loan policy versions');
    let rules: unknown;
    try {
      rules = JSON.parse(input.rulesJson);
    } catch {
      throw badInput('rulesJson is not valid JSON', 'rulesJson');
    }
    // effectiveTo left out arrives as undefined: an open-ended version, as null says.
    const version = await this.policyData.recordPolicyVersion({ ...input, effectiveTo: input.effectiveTo ?? null, rules }, context.caller.subject);
    return toLoanPolicyVersion(version);
  }

  @Mutation(() => RecordLprFixingsResult, {
    description: 'Adds LPR fixings (admin). Re-adding a known date with the same rates is harmless; with other rates it is refused.',
  })
  async recordLprFixings(
    @Ctx() context: SubgraphContext,
    @Arg('fixings', () => [LprFixingInputType]) fixings: LprFixingInputType[],
  ): Promise<RecordLprFixingsResult> {
    if (context.caller.role !== 'admin') throw forbidden('only an admin records LPR fixings');
    return this.policyData.recordFixings(fixings, 'mutation', context.caller.subject);
  }
}
