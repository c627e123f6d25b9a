import { Directive, Field, ID, ObjectType } from 'type-graphql';

/**
 * The loans subgraph's Bank, referenced by code; its fields are resolved there. But for a
 * 一卡通 account's issuing bank this side provides the name itself, from its copy of the registry
 * (`OneCardAccount.issuingBank @provides(fields: "name")`, bank-directory/bank-name.resolver.ts),
 * so `oneCardAccount { issuingBank { name } }` needs no further fetch from the loans subgraph.
 */
@ObjectType('Bank')
@Directive('@key(fields: "code", resolvable: false)')
export class Bank {
  @Field(() => ID)
  code: string;

  @Field({ description: 'The Chinese name.' }) // as the loans subgraph says it
  @Directive('@external')
  name?: string;
}
