import { Field, ID, InputType } from 'type-graphql';
import { OneCardAccountStatus } from '../one-card-account/account-status';

@InputType('OneCardAccountInput')
export class OneCardAccountInput {
  @Field(() => ID)
  householdId: string;

  @Field()
  countyCode: string;

  @Field()
  issuingBankCode: string;

  @Field({ description: 'Card or account number, 12 to 25 digits (a 16–19 digit card is Luhn-checked); stored encrypted, shown masked.' })
  accountNumber: string;

  @Field()
  holderName: string;

  @Field(() => OneCardAccountStatus, { defaultValue: OneCardAccountStatus.ACTIVE })
  status: OneCardAccountStatus;
}
