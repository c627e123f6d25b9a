import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The loans subgraph's Bank, referenced by code; its name and the rest come from there. */
@ObjectType('Bank')
@Directive('@key(fields: "code", resolvable: false)')
export class BankRef {
  @Field(() => ID)
  code: string;
}
