import { Field, ID, InputType } from 'type-graphql';
import type { ClaimDocumentKind } from './domain/risk-fund-rules';
import type { ClaimCause } from './risk-fund-claim.entity';
import { RiskFundClaimDocumentKind, RiskFundClaimCause } from './risk-fund-claim.type';

@InputType('RiskFundClaimDocumentInput')
export class RiskFundClaimDocumentInput {
  @Field(() => RiskFundClaimDocumentKind)
  kind: ClaimDocumentKind;

  @Field({ description: "The bank's reference to the document, 1 to 200 characters." })
  reference: string;
}

@InputType('RiskFundRecoveryInput')
export class RiskFundRecoveryInput {
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

@InputType('RiskFundClaimLoanInput')
export class RiskFundClaimLoanInput {
  @Field()
  contractNo: string;

  @Field(() => RiskFundClaimCause, { nullable: true, description: 'Required where the rules set no portfolio NPL trigger (Wushan).' })
  cause: ClaimCause | null;

  @Field({ defaultValue: '0.00', description: 'Paid by the credit-guarantee insurer against the principal.' })
  insurancePaid: string;

  @Field(() => [RiskFundClaimDocumentInput], {
    description: "The loan's documents: what the rules require per loan (Wushan: LOAN_RECEIPT, COLLECTION_NOTICE), and any EVIDENCE.",
  })
  documents: RiskFundClaimDocumentInput[];
}

@InputType('RiskFundClaimInput')
export class RiskFundClaimInput {
  @Field()
  countyCode: string;

  @Field({ description: "'2025Q3'" })
  quarter: string;

  @Field(() => [RiskFundClaimDocumentInput], {
    defaultValue: [],
    description: 'The documents of the claim as a whole: what the rules require per claim (Wushan: APPLICATION_REPORT, APPLICATION_FORM).',
  })
  documents: RiskFundClaimDocumentInput[];

  @Field(() => [RiskFundClaimLoanInput])
  loans: RiskFundClaimLoanInput[];
}
