import { Field, InputType } from 'type-graphql';
import { OneCardAccountStatus } from './account-status';

@InputType('OneCardAccountFilter')
export class OneCardAccountFilter {
  @Field(() => String, { nullable: true })
  countyCode?: string | null;

  @Field(() => String, { nullable: true })
  issuingBankCode?: string | null;

  @Field(() => OneCardAccountStatus, { nullable: true })
  status?: OneCardAccountStatus | null;
}
