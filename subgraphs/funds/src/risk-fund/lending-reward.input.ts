import { Field, InputType, Int } from 'type-graphql';

@InputType('LendingRewardDeclarationInput')
export class LendingRewardDeclarationInput {
  @Field()
  countyCode: string;

  @Field(() => Int, { description: 'A past year.' })
  year: number;

  @Field(() => Int, { description: 'How many of its overdue loans in the county the bank pursued in the year.' })
  pursuedLoans: number;

  @Field({ description: 'Its collection register (催收台账) reference.' })
  reference: string;
}

@InputType('LendingRewardDecisionInput')
export class LendingRewardDecisionInput {
  @Field()
  countyCode: string;

  @Field()
  bankCode: string;

  @Field(() => Int)
  year: number;

  @Field({ description: 'Yuan, from 0 to the ceiling.' })
  amount: string;

  @Field({ description: 'The payment voucher (4 to 64 letters, digits or . _ : - /).' })
  reference: string;
}
