import { Directive, Field, ID, ObjectType } from 'type-graphql';

/** The loans subgraph's Bank, referenced by code; its other fields are resolved there. */
@ObjectType('Bank')
@Directive('@key(fields: "code", resolvable: false)')
export class Bank {
  @Field(() => ID)
  code: string;
}
