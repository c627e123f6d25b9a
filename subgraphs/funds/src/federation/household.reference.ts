import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The households subgraph's entity; this subgraph contributes `oneCardAccount` (household/household-account.resolver.ts). */
@ObjectType('Household')
@Directive('@key(fields: "id")')
export class Household {
  @Field(() => ID)
  id: string;
}
