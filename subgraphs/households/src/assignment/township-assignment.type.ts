import { Field, ObjectType } from 'type-graphql';
import { Bank } from '../federation/bank.reference';

@ObjectType('TownshipAssignment', { description: '分片包干: the bank responsible for a township over a period.' })
export class TownshipAssignment {
  @Field()
  townshipCode: string;

  @Field(() => Bank)
  bank: Bank;

  @Field({ description: 'First day, YYYY-MM-DD.' })
  effectiveFrom: string;

  @Field(() => String, { nullable: true, description: 'First day no longer responsible (exclusive); null while current.' })
  effectiveTo: string | null;
}
