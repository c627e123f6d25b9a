import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import type Decimal from 'decimal.js';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';
import { Bank } from '../federation/bank.reference';
import type { ClaimDocumentKind } from './domain/risk-fund-rules';

export enum RiskFundClaimDocumentKind {
  APPLICATION_REPORT = 'APPLICATION_REPORT',
  APPLICATION_FORM = 'APPLICATION_FORM',
  LOAN_RECEIPT = 'LOAN_RECEIPT',
  COLLECTION_NOTICE = 'COLLECTION_NOTICE',
  EVIDENCE = 'EVIDENCE',
}
registerEnumType(RiskFundClaimDocumentKind, {
  name: 'RiskFundClaimDocumentKind',
  description:
    'The supporting documents of 004 第十八条: the application report and form (per claim), the loan receipt copy and the collection notice (per loan); EVIDENCE: further proof of a ground.',
  valuesConfig: {
    APPLICATION_REPORT: { description: '申请划拨风险补偿金报告 (第十八条(一)), per claim.' },
    APPLICATION_FORM: { description: '风险补偿金划拨申请表 (第十八条(二)), per claim.' },
    LOAN_RECEIPT: { description: '借款借据（复印件）(第十八条(三)), per loan.' },
    COLLECTION_NOTICE: { description: '催收通知书 (第十八条(四)), per loan.' },
    EVIDENCE: { description: 'Proof of the ground (a death certificate, a disaster assessment …); never required.' },
  },
});

@ObjectType('RiskFundClaimDocument')
export class RiskFundClaimDocument {
  @Field(() => RiskFundClaimDocumentKind)
  kind: ClaimDocumentKind;

  @Field({ description: "The bank's reference to the document (its archive number, a file id)." })
  reference: string;
}

@ObjectType('RiskFundClaimLine', { description: 'One loan of a claim: the documents, and what the fund pays on it once checked.' })
export class RiskFundClaimLine {
  @Field()
  contractNo: string;

  @Field(() => DecimalScalar)
  insurancePaid: Decimal;

  @Field(() => [RiskFundClaimDocument])
  documents: RiskFundClaimDocument[];

  @Field(() => String, { nullable: true, description: 'The ground given (004 第十七条).' })
  cause: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'NOT_FOUND, ALREADY_CLAIMED, NOT_NPL, NO_CAUSE, NOT_EXTENDED, NPL_TARGET_UNKNOWN, NPL_NOT_ABOVE_TARGET or INVALID: the line is not compensated at all.',
  })
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
export class RiskFundClaimEvent {
  @Field()
  step: string;

  @Field()
  actor: string;

  @Field(() => String, { nullable: true })
  note: string | null;

  @Field()
  at: Date;
}

@ObjectType('RiskFundClaim', {
  description: "A bank's quarterly claim on a county's risk fund; confidential to the bank, the county's bureau and finance bureau, and admins.",
})
export class RiskFundClaim {
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

  @Field(() => [RiskFundClaimDocument], { description: "The claim's own documents (the application report and form)." })
  documents: RiskFundClaimDocument[];

  @Field(() => String, { nullable: true, description: 'Five working days from filing (004 第十九条); null where the rules set none.' })
  townshipReviewDue: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Three working days from the approval (004 第二十条): the confirmation and payment voucher; null where the rules set none.',
  })
  confirmationDue: string | null;

  @Field(() => DecimalScalar, { description: 'Exactly the sum of the lines the fund pays.' })
  fundPays: Decimal;

  @Field(() => String, { nullable: true })
  rejectionReason: string | null;
}

@ObjectType('RiskFundRecovery', { description: "Money recovered on a compensated loan and the fund's part of it returned." })
export class RiskFundRecovery {
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

export enum RiskFundClaimCause {
  DEATH_ILLNESS_DISABILITY = 'DEATH_ILLNESS_DISABILITY',
  FORCE_MAJEURE = 'FORCE_MAJEURE',
  MARKET_OR_POLICY = 'MARKET_OR_POLICY',
  EXTENDED_STILL_UNPAID = 'EXTENDED_STILL_UNPAID',
}
registerEnumType(RiskFundClaimCause, { name: 'RiskFundClaimCause', description: 'The grounds for compensation of 004 第十七条.' });
