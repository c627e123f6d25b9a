import { Field, ID, InputType } from 'type-graphql';

@InputType('ReceivableRepaymentInput')
export class ReceivableRepaymentInput {
  @Field()
  countyCode: string;

  @Field(() => ID)
  receivableId: string;

  @Field({ description: 'Yuan the household paid back, e.g. "240.83": at most what is open.' })
  amount: string;

  @Field({ description: 'The payment’s reference (bank slip or receipt number, 4–64 letters, digits or . _ : - /): the same one twice is recorded once.' })
  reference: string;

  @Field({ description: 'YYYY-MM-DD the household paid.' })
  paidOn: string;
}

@InputType('ReceivableWriteOffInput')
export class ReceivableWriteOffInput {
  @Field()
  countyCode: string;

  @Field(() => ID)
  receivableId: string;

  @Field({ description: 'Why it is written off (the decision, 4–500 characters).' })
  reason: string;
}
