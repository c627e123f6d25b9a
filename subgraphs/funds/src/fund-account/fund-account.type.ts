import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';
import { FundAccountKind } from './fund-account-kind';

registerEnumType(FundAccountKind, { name: 'FundAccountKind' });

@ObjectType('FundAccount', { description: "A county's fund account at a bank (e.g. 风险补偿金专户)." })
export class FundAccount {
  @Field(() => ID)
  id: string;

  @Field()
  countyCode: string;

  bankCode: string;

  @Field(() => FundAccountKind)
  kind: FundAccountKind;

  @Field({ description: 'YYYY-MM-DD' })
  openedOn: string;

  @Field(() => DecimalScalar, { description: 'Derived from the ledger: deposits, top-ups and interest in, compensation out, recoveries back.' })
  balance: string;
}
