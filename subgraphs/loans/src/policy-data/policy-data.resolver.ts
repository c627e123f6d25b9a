import type Decimal from 'decimal.js';
import { Arg, Ctx, Field, InputType, Int, Mutation, ObjectType, Query, Resolver } from 'type-graphql';
import { badInput, forbidden } from '../../../../common/graphql/errors';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { serializeLoanPolicyRules } from '../policy/loan-policy';
import { PolicyDataError } from '../policy/policy-data-error';
import { PolicyDataConflict, PolicyDataService } from './policy-data.service';

@ObjectType('LprFixing', { description: 'A monthly LPR publication (贷款市场报价利率); rates as fractions.' })
class LprFixingView {
  @Field()
  effectiveDate: string;

  @Field(() => DecimalScalar)
  oneYear: Decimal;

  @Field(() => DecimalScalar)
  fiveYearPlus: Decimal;

  @Field()
  source: string;
}

@ObjectType('LoanPolicyVersion', { description: "A region's loan policy from a date ('' = national, then province, prefecture, county prefixes)." })
class LoanPolicyVersionView {
  @Field()
  id: string;

  @Field()
  regionCode: string;

  @Field()
  name: string;

  @Field()
  source: string;

  @Field()
  effectiveFrom: string;

  @Field(() => String, { nullable: true })
  effectiveTo: string | null;

  @Field({ description: 'The rules as stored (JSON, decimals as strings).' })
  rulesJson: string;
}

@InputType('LprFixingInput')
class LprFixingInput {
  @Field({ description: 'YYYY-MM-DD' })
  effectiveDate: string;

  @Field({ description: 'Fraction, e.g. "0.0300" for 3.00%.' })
  oneYear: string;

  @Field({ description: 'Fraction, e.g. "0.0350" for 3.50%.' })
  fiveYearPlus: string;
}

@InputType('LoanPolicyVersionInput')
class LoanPolicyVersionInput {
  @Field({ description: 'Stable id, e.g. "chuxiong-2026".' })
  id: string;

  @Field({ description: "'' national, 2-digit province, 4-digit prefecture or 6-digit county." })
  regionCode: string;

  @Field()
  name: string;

  @Field({ description: 'The policy text and section it comes from.' })
  source: string;

  @Field({ description: 'YYYY-MM-DD, inclusive.' })
  effectiveFrom: string;

  @Field(() => String, { nullable: true, description: 'YYYY-MM-DD, exclusive; null while in force.' })
  effectiveTo: string | null;

  @Field({ description: 'The rules as JSON (see LoanPolicyVersion.rulesJson for the shape).' })
  rulesJson: string;
}

@ObjectType('RecordLprFixingsResult')
class RecordLprFixingsResult {
  @Field(() => Int)
  added: number;

  @Field(() => Int)
  unchanged: number;
}

@Resolver()
export class PolicyDataResolver {
  constructor(private readonly policyData: PolicyDataService) {}

  @Query(() => [LprFixingView], { description: 'LPR history, newest first.' })
  async lprFixings(): Promise<LprFixingView[]> {
    return this.policyData.fixings();
  }

  @Query(() => [LoanPolicyVersionView], { description: 'Policy versions that apply to a county (its own and its parents), or all.' })
  async loanPolicyVersions(@Arg('countyCode', () => String, { nullable: true }) countyCode: string | null): Promise<LoanPolicyVersionView[]> {
    // An omitted argument arrives as undefined, not null: "or all" must not read it as a county code.
    countyCode ??= null;
    if (countyCode !== null && !/^\d{6}$/.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    return (await this.policyData.policyVersions(countyCode)).map((v) => ({ ...v, rulesJson: JSON.stringify(serializeLoanPolicyRules(v.rules)) }));
  }

  @Mutation(() => LoanPolicyVersionView, { description: "Adds a region's loan policy version (admin); it may not overlap another of the same region." })
  async recordLoanPolicyVersion(@Ctx() context: SubgraphContext, @Arg('input', () => LoanPolicyVersionInput) input: LoanPolicyVersionInput): Promise<LoanPolicyVersionView> {
    if (context.caller.role !== 'admin') throw forbidden('only an admin records loan policy versions');
    let rules: unknown;
    try {
      rules = JSON.parse(input.rulesJson);
    } catch {
      throw badInput('rulesJson is not valid JSON', 'rulesJson');
    }
    try {
      const version = await this.policyData.recordPolicyVersion({ ...input, rules }, context.caller.subject);
      return { ...version, rulesJson: JSON.stringify(serializeLoanPolicyRules(version.rules)) };
    } catch (error) {
      if (error instanceof PolicyDataError) throw badInput(error.message, error.field);
      if (error instanceof PolicyDataConflict) throw badInput(error.message, 'effectiveFrom');
      throw error;
    }
  }

  @Mutation(() => RecordLprFixingsResult, { description: 'Adds LPR fixings (admin). Re-adding a known date with the same rates is harmless; with other rates it is refused.' })
  async recordLprFixings(@Ctx() context: SubgraphContext, @Arg('fixings', () => [LprFixingInput]) fixings: LprFixingInput[]): Promise<RecordLprFixingsResult> {
    if (context.caller.role !== 'admin') throw forbidden('only an admin records LPR fixings');
    try {
      return await this.policyData.recordFixings(fixings, 'mutation', context.caller.subject);
    } catch (error) {
      if (error instanceof PolicyDataError) throw badInput(error.message, error.field);
      if (error instanceof PolicyDataConflict) throw badInput(error.message, 'fixings');
      throw error;
    }
  }
}
