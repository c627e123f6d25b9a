import type Decimal from 'decimal.js';
import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { DecimalScalar } from '../../../../common/graphql/decimal.scalar';
import { FundAccountKind } from './fund-account-kind';

registerEnumType(FundAccountKind, { name: 'FundAccountKind' });

@ObjectType('FundAccount', { description: "A county's fund account at a bank (e.g. 风险补偿金专户)." })
export class FundAccount {
  @Field(() => ID)
  id: string;

  /** Its account on the funds ledger. */
  accountCode: string;

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

@ObjectType('FundAccountMovement', { description: "One ledger entry on a fund account, as on the account's statement." })
export class FundAccountMovement {
  accountCode: string;

  @Field(() => ID, { description: 'The ledger entry.' })
  entryId: string;

  @Field({ description: 'YYYY-MM-DD the money moved.' })
  effectiveDate: string;

  @Field({ description: 'FUND_DEPOSIT (a deposit or top-up), FUND_INTEREST, COMPENSATION_PAID or RECOVERY_RETURNED.' })
  reasonCode: string;

  @Field()
  description: string;

  @Field(() => DecimalScalar, { description: 'Into the fund (+) or out of it (−).' })
  amount: Decimal;

  @Field(() => DecimalScalar, { description: 'The fund after this entry (entries in date order, then as recorded).' })
  balanceAfter: Decimal;
}
