import type Decimal from 'decimal.js';
import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';
import { ConnectionType } from '../../../../common/graphql/pagination';
import { LoanStatus } from './loan-status';

registerEnumType(LoanStatus, { name: 'LoanStatus', description: 'Loan status as the bank reports it.' });

@ObjectType('Loan', { description: '脱贫人口小额信贷: one loan contract.' })
export class Loan {
  @Field(() => ID)
  id: string;

  @Field({ description: 'Contract number, unique per bank.' })
  contractNo: string;

  @Field(() => ID)
  householdId: string;

  bankCode: string;

  @Field()
  countyCode: string;

  @Field()
  townshipCode: string;

  @Field(() => DecimalScalar, { description: 'Principal, CNY.' })
  amount: Decimal;

  @Field(() => DecimalScalar, { description: 'Annual rate as a fraction (0.0345 = 3.45%).' })
  annualRate: Decimal;

  @Field(() => Int)
  termMonths: number;

  @Field({ description: 'YYYY-MM-DD' })
  contractDate: string;

  @Field({ description: 'YYYY-MM-DD' })
  maturityDate: string;

  @Field(() => LoanStatus)
  status: LoanStatus;
}

@ObjectType('LoanConnection')
export class LoanConnection extends ConnectionType(Loan) {}
