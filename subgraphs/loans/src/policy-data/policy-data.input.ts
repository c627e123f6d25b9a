import { Field, InputType } from 'type-graphql';

@InputType('LprFixingInput')
export class LprFixingInputType {
  @Field({ description: 'YYYY-MM-DD' })
  effectiveDate: string;

  @Field({ description: 'Fraction, e.g. "0.0300" for 3.00%.' })
  oneYear: string;

  @Field({ description: 'Fraction, e.g. "0.0350" for 3.50%.' })
  fiveYearPlus: string;
}

@InputType('LoanPolicyVersionInput')
export class LoanPolicyVersionInput {
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
