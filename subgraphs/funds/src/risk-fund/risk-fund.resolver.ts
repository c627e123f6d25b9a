import type Decimal from 'decimal.js';
import { Arg, Ctx, Field, ID, InputType, Mutation, ObjectType, Query, Resolver, registerEnumType } from 'type-graphql';
import { COUNTY_CODE } from '../../../../common/codes';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';
import { badInput } from '../../../../common/errors/hub-error';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { type RiskFundRuleVersion } from './domain/risk-fund-rules';
import { serializeRiskFundRules } from './domain/risk-fund-rules-json';
import { RiskFundAssessmentService } from './risk-fund-assessment.service';
import { RiskFundService, type FundMovementKind } from './risk-fund.service';
import { Bank } from '../federation/bank.reference';
import type { DepositTerm } from './domain/deposit-rates';
import { shanghaiDate } from '../../../../common/domain/calendar-date';

export enum DepositTermView {
  DEMAND = 'DEMAND',
  THREE_MONTHS = 'THREE_MONTHS',
  SIX_MONTHS = 'SIX_MONTHS',
  ONE_YEAR = 'ONE_YEAR',
  TWO_YEARS = 'TWO_YEARS',
  THREE_YEARS = 'THREE_YEARS',
}
registerEnumType(DepositTermView, { name: 'DepositTerm', description: 'The term of a deposit rate: demand (活期) or a fixed term.' });

enum FundMovementKindView {
  DEPOSIT = 'DEPOSIT',
  TOP_UP = 'TOP_UP',
  INTEREST = 'INTEREST',
}
registerEnumType(FundMovementKindView, { name: 'RiskFundMovementKind', description: "Money into a county's risk fund at a bank." });

@ObjectType('RiskFundRules', { description: "A region's risk-compensation fund rules from a date on." })
class RiskFundRulesView {
  @Field(() => ID)
  id: string;

  @Field({ description: "'' national, 2-digit province, 4-digit prefecture, 6-digit county." })
  regionCode: string;

  @Field()
  effectiveFrom: string;

  @Field(() => String, { nullable: true, description: 'Exclusive; null while in force.' })
  effectiveTo: string | null;

  @Field()
  name: string;

  @Field()
  source: string;

  @Field(() => DecimalScalar, { description: 'The bank lends at most this many times the fund.' })
  leverageMultiple: Decimal;

  @Field(() => DecimalScalar)
  fundShare: Decimal;

  @Field(() => DecimalScalar)
  bankShare: Decimal;

  @Field({ description: 'Insurance pays first, the rest is shared.' })
  insuranceFirst: boolean;

  @Field(() => DecimalScalar, { nullable: true })
  nplTriggerRate: Decimal | null;

  @Field(() => DecimalScalar, { description: "Of a household's subsidized principal, at most this is compensated." })
  compensablePrincipalCap: Decimal;

  @Field(() => DecimalScalar, { nullable: true, description: "The bank may pause lending when its NPL exceeds its own target by more than this; null: no pause rule." })
  pauseLendingMargin: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'An extended loan is compensable only while NPL exceeds the target by more than this (004 第十七条(四)); null: the extension suffices.' })
  extendedLoanNplMargin: Decimal | null;

  @Field(() => [String], { description: 'Document kinds every claim carries (004 第十八条).' })
  claimDocumentsPerClaim: string[];

  @Field(() => [String], { description: 'Document kinds every claimed loan carries.' })
  claimDocumentsPerLoan: string[];

  @Field({ description: 'The whole rules document (decimals as strings), as recorded.' })
  rulesJson: string;
}

@InputType('RiskFundRulesInput')
class RuleVersionInputView {
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
  description: "Check credited interest against the rules: the period it was earned over and the deposit's term. The rate is the one posted for the rules' basis (recordDepositRate).",
})
class InterestCheckInputView {
  @Field({ description: 'YYYY-MM-DD, included.' })
  periodStart: string;

  @Field({ description: 'YYYY-MM-DD, included: the settlement day, whose posted rate a demand deposit earns.' })
  periodEnd: string;

  @Field(() => DepositTermView, { nullable: true, description: 'DEMAND unless the fund is held on term (a term deposit earns the rate of its first day).' })
  term: DepositTerm | null;
}

@ObjectType('RiskFundInterestCheck')
class InterestCheckView {
  @Field({ description: "Whose posted rate the rules' basis stood at: PBOC (benchmark) or the bank." })
  basisIssuer: string;

  @Field(() => DepositTermView)
  basisTerm: DepositTerm;

  @Field({ description: 'The posting used: in force from this day.' })
  basisEffectiveFrom: string;

  @Field(() => DecimalScalar)
  basisRate: string;

  @Field(() => DecimalScalar, { description: 'basis × (1 + markup).' })
  rate: string;

  @Field(() => DecimalScalar, { description: 'Σ daily balances × rate / 360, to the fen.' })
  expected: string;

  @Field(() => DecimalScalar, { description: 'Credited − expected.' })
  difference: string;
}

@InputType('RiskFundMovementInput')
class MovementInputView {
  @Field()
  countyCode: string;

  @Field()
  bankCode: string;

  @Field(() => FundMovementKindView)
  kind: FundMovementKindView;

  @Field({ description: 'Yuan, e.g. "500000.00".' })
  amount: string;

  @Field({ description: 'YYYY-MM-DD' })
  effectiveDate: string;

  @Field({ description: 'The transfer reference: the same one twice is posted once.' })
  reference: string;

  @Field(() => InterestCheckInputView, { nullable: true, description: 'For INTEREST: check the amount against the rules.' })
  interestCheck: InterestCheckInputView | null;
}

@ObjectType('RiskFundMovement')
class MovementView {
  @Field(() => ID, { description: 'The ledger entry.' })
  entryId: string;

  @Field(() => DecimalScalar, { description: 'The fund after the movement.' })
  balance: string;

  @Field(() => InterestCheckView, { nullable: true })
  interestCheck: InterestCheckView | null;
}

@ObjectType('RiskFundPosition', { description: "A bank's lending against the county's fund, as last assessed (daily)." })
class PositionView {
  @Field(() => Bank)
  bank: Bank;

  @Field()
  assessedOn: string;

  @Field({ description: 'The rule version the assessment followed.' })
  rulesVersionId: string;

  @Field(() => DecimalScalar, { description: "The bank's outstanding loans in the county." })
  loanBalance: Decimal;

  @Field(() => DecimalScalar)
  nplBalance: Decimal;

  @Field(() => DecimalScalar)
  fundBalance: Decimal;

  @Field(() => DecimalScalar, { description: 'The leverage multiple × the fund.' })
  lendingLimit: Decimal;

  @Field({ description: 'Loans above the limit.' })
  breach: boolean;

  @Field(() => DecimalScalar, { description: 'What restores the ratio (0 without a breach).' })
  topUpDue: Decimal;

  @Field(() => String, { nullable: true, description: 'Counted from the first day of the breach (breachSince).' })
  topUpDeadline: string | null;

  @Field(() => String, { nullable: true, description: 'The first day of the breach still going on; null without a breach.' })
  breachSince: string | null;

  @Field({ description: 'The breach goes on past its top-up deadline.' })
  topUpOverdue: boolean;

  @Field(() => DecimalScalar)
  nplRate: Decimal;

  @Field(() => DecimalScalar, { nullable: true, description: "The bank's own NPL target for the year the pause rule used (recordBankNplTarget); null when none is recorded." })
  nplTarget: Decimal | null;

  @Field(() => Boolean, { nullable: true, description: 'NPL at or above the compensation trigger; null when the rules set none.' })
  triggerReached: boolean | null;

  @Field(() => Boolean, { nullable: true, description: 'NPL above target + margin: the bank may pause lending; null without such a rule or target.' })
  pauseLending: boolean | null;
}

function toView(version: RiskFundRuleVersion): RiskFundRulesView {
  const { rules } = version;
  return {
    id: version.id,
    regionCode: version.regionCode,
    effectiveFrom: version.effectiveFrom,
    effectiveTo: version.effectiveTo,
    name: version.name,
    source: version.source,
    leverageMultiple: rules.leverageMultiple,
    fundShare: rules.fundShare,
    bankShare: rules.bankShare,
    insuranceFirst: rules.insuranceFirst,
    nplTriggerRate: rules.nplTriggerRate,
    compensablePrincipalCap: rules.compensablePrincipalCap,
    pauseLendingMargin: rules.pauseLendingMargin,
    extendedLoanNplMargin: rules.extendedLoanNplMargin,
    claimDocumentsPerClaim: [...rules.claimDocuments.perClaim],
    claimDocumentsPerLoan: [...rules.claimDocuments.perLoan],
    rulesJson: JSON.stringify(serializeRiskFundRules(rules)),
  };
}

@Resolver()
export class RiskFundResolver {
  constructor(
    private readonly riskFunds: RiskFundService,
    private readonly assessments: RiskFundAssessmentService,
  ) {}

  @Query(() => [PositionView], { description: "Each bank's latest position against the county's fund (its finance bureau, its bureau, admins; a bank its own)." })
  async riskFundPositions(@Ctx() context: SubgraphContext, @Arg('countyCode', () => String) countyCode: string): Promise<PositionView[]> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    const rows = await this.assessments.latest(context.caller, countyCode);
    return rows.map(({ bankCode, ...row }) => ({ ...row, bank: { code: bankCode }, topUpOverdue: row.topUpDeadline !== null && row.assessedOn > row.topUpDeadline }));
  }

  @Query(() => RiskFundRulesView, { nullable: true, description: 'The risk-fund rules in force for a county on a date (today, China time, by default); null when none are recorded.' })
  async riskFundRules(@Arg('countyCode', () => String) countyCode: string, @Arg('on', () => String, { nullable: true }) on: string | null): Promise<RiskFundRulesView | null> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    const date = on ?? shanghaiDate();
    const version = await this.riskFunds.rulesInForce(countyCode, date);
    return version ? toView(version) : null;
  }

  @Query(() => [RiskFundRulesView], { description: 'Every risk-fund rule version that can apply to a county, oldest first.' })
  async riskFundRuleVersions(@Arg('countyCode', () => String) countyCode: string): Promise<RiskFundRulesView[]> {
    return (await this.riskFunds.versionsFor(countyCode)).map(toView);
  }

  @Mutation(() => RiskFundRulesView, { description: "Records a region's risk-fund rules from a date on (admins); the version in force then ends the day before." })
  async recordRiskFundRules(@Ctx() context: SubgraphContext, @Arg('input', () => RuleVersionInputView) input: RuleVersionInputView): Promise<RiskFundRulesView> {
    return toView(await this.riskFunds.recordRules(context.caller, input));
  }

  @Mutation(() => MovementView, { description: "Money into a county's risk fund at a bank: deposit, top-up or the special account's interest (its finance bureau)." })
  async recordRiskFundMovement(@Ctx() context: SubgraphContext, @Arg('input', () => MovementInputView) input: MovementInputView): Promise<MovementView> {
    return this.riskFunds.recordMovement(context.caller, { ...input, kind: input.kind as unknown as FundMovementKind });
  }
}
