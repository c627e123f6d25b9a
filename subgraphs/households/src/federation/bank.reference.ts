import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The loans subgraph's Bank, referenced by code (name and loans come from there). This subgraph
 * contributes what it owns about a bank: its townships and the list deliveries sent to it
 * (list-delivery/list-delivery.resolver.ts).
 */
@ObjectType('Bank')
@Directive('@key(fields: "code")')
export class Bank {
  @Field(() => ID)
  code: string;
}
