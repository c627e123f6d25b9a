import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { ConnectionType } from '../../../../common/graphql/pagination';
import { OneCardAccountStatus } from './account-status';

registerEnumType(OneCardAccountStatus, { name: 'OneCardAccountStatus' });

@ObjectType('OneCardAccount', { description: "一卡通: the household's account for subsidy payments. Personal data is masked." })
export class OneCardAccount {
  @Field(() => ID)
  id: string;

  @Field(() => ID)
  householdId: string;

  @Field()
  countyCode: string;

  issuingBankCode: string;

  /** The issuing bank's name from the bank directory, when it was read with the account (else Bank.name reads it). */
  issuingBankName?: string;

  @Field({ description: 'Card or account number, masked (first 6, last 4).' })
  accountNumber: string;

  @Field({ description: 'Holder name, masked.' })
  holderName: string;

  @Field(() => OneCardAccountStatus)
  status: OneCardAccountStatus;
}

@ObjectType('OneCardAccountConnection')
export class OneCardAccountConnection extends ConnectionType(OneCardAccount) {}
