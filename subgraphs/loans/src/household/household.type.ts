import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The households subgraph's entity; this subgraph contributes `loans`. */
@ObjectType('Household')
@Directive('@key(fields: "id")')
export class HouseholdRef {
  @Field(() => ID)
  id: string;
}
