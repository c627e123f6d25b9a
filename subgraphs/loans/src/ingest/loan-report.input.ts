import { Field, InputType, Int } from 'type-graphql';
import { LoanStatus } from '../loan/loan-status';

@InputType('InterestPaymentInput')
export class InterestPaymentInput {
  @Field()
  settlementDate: string;

  @Field()
  periodStart: string;

  @Field({ description: 'Yuan, decimal string.' })
  interestPaid: string;

  @Field({ description: 'Yuan, decimal string.' })
  overdueInterestPaid: string;
}

/** The same record as the connector's LoanRecordWire; checked field by field by the same parser. */
@InputType('LoanRecordInput')
export class LoanRecordInput {
  @Field()
  contractNo: string;

  @Field(() => Int)
  recordVersion: number;

  @Field(() => String, { nullable: true })
  householdId: string | null;

  @Field()
  borrowerResidentId: string;

  @Field()
  countyCode: string;

  @Field()
  townshipCode: string;

  @Field({ description: 'Yuan, decimal string ("50000.00").' })
  amount: string;

  @Field({ description: 'Fraction, decimal string ("0.0345").' })
  annualRate: string;

  @Field(() => Int)
  termMonths: number;

  @Field()
  contractDate: string;

  @Field()
  maturityDate: string;

  @Field()
  purposeCategory: string;

  @Field(() => LoanStatus)
  status: LoanStatus;

  @Field()
  statusDate: string;

  @Field()
  outstandingPrincipal: string;

  @Field(() => String, { nullable: true })
  previousContractNo: string | null;

  @Field(() => Int, { defaultValue: 0 })
  renewalCount: number;

  @Field({ defaultValue: false })
  insured: boolean;

  @Field({ defaultValue: false })
  convertedToFarmerLoan: boolean;

  @Field(() => [InterestPaymentInput], { defaultValue: [] })
  interestPayments: InterestPaymentInput[];
}
