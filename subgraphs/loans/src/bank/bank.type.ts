import { Directive, Field, ID, ObjectType } from 'type-graphql';

@ObjectType('Bank', { description: 'A lending bank (承贷银行).' })
@Directive('@key(fields: "code")')
export class Bank {
  @Field(() => ID, { description: 'Short code, e.g. ABC (农业银行).' })
  code: string;

  @Field()
  name: string;
}
