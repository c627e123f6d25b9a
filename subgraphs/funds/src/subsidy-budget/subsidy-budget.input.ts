import { Field, InputType, Int } from 'type-graphql';

@InputType('SubsidyBudgetInput')
export class SubsidyBudgetInput {
  @Field()
  countyCode: string;

  @Field(() => Int, { description: 'The budget year: the payouts of its quarters draw from it.' })
  year: number;

  @Field({ description: 'Yuan, e.g. "1200000.00".' })
  amount: string;

  @Field({ description: 'YYYY-MM-DD the allocation takes effect.' })
  effectiveDate: string;

  @Field({ description: 'The budget document’s number (4–64 letters, digits or . _ : - /): the same one twice is recorded once.' })
  reference: string;
}
