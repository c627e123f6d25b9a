import { Field, InputType } from 'type-graphql';
import type { DepositTerm } from './domain/deposit-rates';
import { DepositTermType, RiskFundMovementKind } from './risk-fund.type';

@InputType('RiskFundRulesInput')
export class RiskFundRulesInput {
  @Field()
  regionCode: string;

  @Field()
  effectiveFrom: string;

  @Field()
  name: string;

  @Field({ description: 'The measures the rules come from.' })
  source: string;

  @Field({ description: 'The rules document: see RiskFundRules.rulesJson of a shipped version for its fields.' })
  rulesJson: string;
}

@InputType('RiskFundInterestCheckInput', {
  description:
    "Check credited interest against the rules: the period it was earned over and the deposit's term. The rate is the one posted for the rules' basis (recordDepositRate).",
})
export class RiskFundInterestCheckInput {
  @Field({ description: 'YYYY-MM-DD, included.' })
  periodStart: string;

  @Field({ description: 'YYYY-MM-DD, included: the settlement day, whose posted rate a demand deposit earns.' })
  periodEnd: string;

  @Field(() => DepositTermType, { nullable: true, description: 'DEMAND unless the fund is held on term (a term deposit earns the rate of its first day).' })
  term: DepositTerm | null;
}

@InputType('RiskFundMovementInput')
export class RiskFundMovementInput {
  @Field()
  countyCode: string;

  @Field()
  bankCode: string;

  @Field(() => RiskFundMovementKind)
  kind: RiskFundMovementKind;

  @Field({ description: 'Yuan, e.g. "500000.00".' })
  amount: string;

  @Field({ description: 'YYYY-MM-DD' })
  effectiveDate: string;

  @Field({ description: 'The transfer reference: the same one twice is posted once.' })
  reference: string;

  @Field(() => RiskFundInterestCheckInput, { nullable: true, description: 'For INTEREST: check the amount against the rules.' })
  interestCheck: RiskFundInterestCheckInput | null;
}
