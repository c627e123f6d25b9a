import type Decimal from 'decimal.js';
import { Arg, Ctx, Field, FieldResolver, ID, InputType, Mutation, ObjectType, Query, Resolver, Root, registerEnumType } from 'type-graphql';
import { COUNTY_CODE } from '../../../../common/codes';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';
import { groupLoader } from '../../../../common/loaders';
import { badInput } from '../../../../common/errors/hub-error';
import type { SubgraphContext } from '../../../../common/graphql/subgraph-context';
import { Bank } from '../federation/bank.reference';
import type { ClaimDocumentKind } from './domain/risk-fund-rules';
import type { ClaimCause } from './risk-fund-claim.entity';
import { RiskFundClaimService } from './risk-fund-claim.service';
import { shanghaiDate } from '../../../../common/domain/calendar-date';

enum ClaimDocumentKindView {
  APPLICATION_REPORT = 'APPLICATION_REPORT',
  APPLICATION_FORM = 'APPLICATION_FORM',
  LOAN_RECEIPT = 'LOAN_RECEIPT',
  COLLECTION_NOTICE = 'COLLECTION_NOTICE',
  EVIDENCE = 'EVIDENCE',
}
registerEnumType(ClaimDocumentKindView, {
  name: 'RiskFundClaimDocumentKind',
  description: 'The supporting documents of 004 第十八条: the application report and form (per claim), the loan receipt copy and the collection notice (per loan); EVIDENCE: further proof of a ground.',
  valuesConfig: {
    APPLICATION_REPORT: { description: '申请划拨风险补偿金报告 (第十八条(一)), per claim.' },
    APPLICATION_FORM: { description: '风险补偿金划拨申请表 (第十八条(二)), per claim.' },
    LOAN_RECEIPT: { description: '借款借据（复印件）(第十八条(三)), per loan.' },
    COLLECTION_NOTICE: { description: '催收通知书 (第十八条(四)), per loan.' },
    EVIDENCE: { description: 'Proof of the ground (a death certificate, a disaster assessment …); never required.' },
  },
});

@ObjectType('RiskFundClaimDocument')
class ClaimDocumentView {
  @Field(() => ClaimDocumentKindView)
  kind: ClaimDocumentKind;

  @Field({ description: "The bank's reference to the document (its archive number, a file id)." })
  reference: string;
}

@InputType('RiskFundClaimDocumentInput')
class ClaimDocumentInputView {
  @Field(() => ClaimDocumentKindView)
  kind: ClaimDocumentKind;

  @Field({ description: "The bank's reference to the document, 1 to 200 characters." })
  reference: string;
}

@ObjectType('RiskFundClaimLine', { description: 'One loan of a claim: the documents, and what the fund pays on it once checked.' })
class ClaimLineView {
  @Field()
  contractNo: string;

  @Field(() => DecimalScalar)
  insurancePaid: Decimal;

  @Field(() => [ClaimDocumentView])
  documents: ClaimDocumentView[];

  @Field(() => String, { nullable: true, description: 'The ground given (004 第十七条).' })
  cause: string | null;

  @Field(() => String, { nullable: true, description: 'NOT_FOUND, ALREADY_CLAIMED, NOT_NPL, NO_CAUSE, NOT_EXTENDED, NPL_TARGET_UNKNOWN, NPL_NOT_ABOVE_TARGET or INVALID: the line is not compensated at all.' })
  refusal: string | null;

  @Field(() => String, { nullable: true })
  refusalDetail: string | null;

  @Field(() => DecimalScalar, { nullable: true, description: 'The unpaid principal.' })
  loss: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true })
  compensable: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true })
  fundPays: Decimal | null;

  @Field(() => DecimalScalar, { nullable: true })
  bankBears: Decimal | null;

  @Field(() => [String], { description: 'EXCLUDED, INSURANCE_FIRST, ABOVE_COMPENSABLE_PRINCIPAL.' })
  notes: string[];

  @Field(() => [String], { description: "The loan's policy flags (any flag excludes it)." })
  flags: string[];
}

@ObjectType('RiskFundClaimEvent')
class ClaimEventView {
  @Field()
  step: string;

  @Field()
  actor: string;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field()
  at: Date;
}

@ObjectType('RiskFundClaim', { description: "A bank's quarterly claim on a county's risk fund; confidential to the bank, the county's bureau and finance bureau, and admins." })
class ClaimView {
  @Field(() => ID)
  id: string;

  @Field()
  countyCode: string;

  @Field(() => Bank)
  bank: Bank;

  @Field()
  quarter: string;

  @Field({ description: 'FILED, VERIFIED, TOWNSHIP_REVIEWED, APPROVED, PAID or REJECTED.' })
  status: string;

  @Field()
  filedOn: string;

  @Field(() => String, { nullable: true })
  rulesVersionId: string | null;

  @Field(() => [ClaimDocumentView], { description: "The claim's own documents (the application report and form)." })
  documents: ClaimDocumentView[];

  @Field(() => String, { nullable: true, description: 'Five working days from filing (004 第十九条); null where the rules set none.' })
  townshipReviewDue: string | null;

  @Field(() => String, { nullable: true, description: "Three working days from the approval (004 第二十条): the confirmation and payment voucher; null where the rules set none." })
  confirmationDue: string | null;

  @Field(() => DecimalScalar, { description: 'Exactly the sum of the lines the fund pays.' })
  fundPays: Decimal;

  @Field(() => String, { nullable: true })
  rejectionReason: string | null;
}

@ObjectType('RiskFundRecovery', { description: "Money recovered on a compensated loan and the fund's part of it returned." })
class RecoveryView {
  @Field()
  contractNo: string;

  @Field()
  reference: string;

  @Field(() => DecimalScalar)
  recovered: Decimal;

  @Field(() => DecimalScalar, { description: 'Pro rata to the share of the loss the fund bore.' })
  returnToFund: Decimal;

  @Field()
  receivedOn: string;

  @Field(() => String, { nullable: true, description: 'The last day for the return (working days after receipt).' })
  returnDue: string | null;

  @Field({ description: 'Reported after the return was due.' })
  late: boolean;
}

@InputType('RiskFundRecoveryInput')
class RecoveryInputView {
  @Field(() => ID)
  claimId: string;

  @Field()
  contractNo: string;

  @Field({ description: 'Yuan recovered (principal and interest).' })
  amount: string;

  @Field({ description: 'YYYY-MM-DD the bank received it.' })
  receivedOn: string;

  @Field({ description: 'The return transfer: the same one twice is recorded once.' })
  reference: string;
}

enum ClaimCauseView {
  DEATH_ILLNESS_DISABILITY = 'DEATH_ILLNESS_DISABILITY',
  FORCE_MAJEURE = 'FORCE_MAJEURE',
  MARKET_OR_POLICY = 'MARKET_OR_POLICY',
  EXTENDED_STILL_UNPAID = 'EXTENDED_STILL_UNPAID',
}
registerEnumType(ClaimCauseView, { name: 'RiskFundClaimCause', description: 'The grounds for compensation of 004 第十七条.' });

@InputType('RiskFundClaimLoanInput')
class ClaimLoanInputView {
  @Field()
  contractNo: string;

  @Field(() => ClaimCauseView, { nullable: true, description: 'Required where the rules set no portfolio NPL trigger (Wushan).' })
  cause: ClaimCause | null;

  @Field({ defaultValue: '0.00', description: 'Paid by the credit-guarantee insurer against the principal.' })
  insurancePaid: string;

  @Field(() => [ClaimDocumentInputView], { description: "The loan's documents: what the rules require per loan (Wushan: LOAN_RECEIPT, COLLECTION_NOTICE), and any EVIDENCE." })
  documents: ClaimDocumentInputView[];
}

@InputType('RiskFundClaimInput')
class ClaimInputView {
  @Field()
  countyCode: string;

  @Field({ description: "'2025Q3'" })
  quarter: string;

  @Field(() => [ClaimDocumentInputView], { defaultValue: [], description: 'The documents of the claim as a whole: what the rules require per claim (Wushan: APPLICATION_REPORT, APPLICATION_FORM).' })
  documents: ClaimDocumentInputView[];

  @Field(() => [ClaimLoanInputView])
  loans: ClaimLoanInputView[];
}

function toView(record: { bankCode: string } & Omit<ClaimView, 'bank'>): ClaimView {
  return { ...record, bank: { code: record.bankCode } };
}

@Resolver(() => ClaimView)
export class RiskFundClaimResolver {
  constructor(private readonly claims: RiskFundClaimService) {}

  @Query(() => [ClaimView], { description: "A county's risk-fund claims, newest first (a bank sees its own)." })
  async riskFundClaims(@Ctx() context: SubgraphContext, @Arg('countyCode', () => String) countyCode: string): Promise<ClaimView[]> {
    if (!COUNTY_CODE.test(countyCode)) throw badInput(`"${countyCode}" is not a county code`, 'countyCode');
    return (await this.claims.list(context.caller, countyCode)).map(toView);
  }

  @Mutation(() => ClaimView, { description: "A bank files its quarter's claim: the defaulted loans and their documents. The hub then checks each loan." })
  async fileRiskFundClaim(@Ctx() context: SubgraphContext, @Arg('input', () => ClaimInputView) input: ClaimInputView): Promise<ClaimView> {
    return toView(await this.claims.file(context.caller, input, shanghaiDate()));
  }

  @Mutation(() => ClaimView, { description: "The county's bureau reviews a checked claim for the township: accept, or reject with a note." })
  async reviewRiskFundClaim(@Ctx() context: SubgraphContext, @Arg('id', () => ID) id: string, @Arg('accept') accept: boolean, @Arg('note', () => String, { nullable: true }) note: string | null): Promise<ClaimView> {
    return toView(await this.claims.review(context.caller, id, accept, note));
  }

  @Mutation(() => ClaimView, { description: 'Another person of the bureau approves (or rejects) the reviewed claim.' })
  async approveRiskFundClaim(@Ctx() context: SubgraphContext, @Arg('id', () => ID) id: string, @Arg('accept') accept: boolean, @Arg('note', () => String, { nullable: true }) note: string | null): Promise<ClaimView> {
    return toView(await this.claims.approve(context.caller, id, accept, note, shanghaiDate()));
  }

  @Mutation(() => ClaimView, { description: "The county's finance bureau pays an approved claim from the fund (once; refused when the fund holds less)." })
  async payRiskFundClaim(@Ctx() context: SubgraphContext, @Arg('id', () => ID) id: string): Promise<ClaimView> {
    return toView(await this.claims.pay(context.caller, id));
  }

  @Mutation(() => RecoveryView, { description: "The bank reports money recovered on a compensated loan, with the transfer returning the fund's part." })
  async reportRiskFundRecovery(@Ctx() context: SubgraphContext, @Arg('input', () => RecoveryInputView) input: RecoveryInputView): Promise<RecoveryView> {
    return this.claims.reportRecovery(context.caller, input, shanghaiDate());
  }

  @FieldResolver(() => [RecoveryView])
  async recoveries(@Ctx() context: SubgraphContext, @Root() claim: ClaimView): Promise<RecoveryView[]> {
    return context.loaders.get('risk-fund-claim-recoveries', () => groupLoader((ids: readonly string[]) => this.claims.recoveries(ids), (r) => r.claimId)).load(claim.id);
  }

  @FieldResolver(() => [ClaimLineView])
  async lines(@Ctx() context: SubgraphContext, @Root() claim: ClaimView): Promise<ClaimLineView[]> {
    return context.loaders.get('risk-fund-claim-lines', () => groupLoader((ids: readonly string[]) => this.claims.lines(ids), (line) => line.claimId)).load(claim.id);
  }

  @FieldResolver(() => [ClaimEventView], { description: 'Every step: who, when, why.' })
  async events(@Ctx() context: SubgraphContext, @Root() claim: ClaimView): Promise<ClaimEventView[]> {
    return context.loaders.get('risk-fund-claim-events', () => groupLoader((ids: readonly string[]) => this.claims.events(ids), (event) => event.claimId)).load(claim.id);
  }
}
