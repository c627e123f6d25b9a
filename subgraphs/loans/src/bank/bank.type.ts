import { Directive, Field, ID, ObjectType } from 'type-graphql';
import { ConnectionType } from '../../../../common/graphql/pagination';

@ObjectType('Bank', { description: 'A lending bank (承贷银行), as an admin registered it.' })
@Directive('@key(fields: "code")')
export class Bank {
  @Field(() => ID, { description: 'Short code, e.g. ABC (农业银行).' })
  code: string;

  // Shared: the funds side provides it too, from its copy of the registry, for a 一卡通 account's issuing bank.
  @Field({ description: 'The Chinese name.' })
  @Directive('@shareable')
  name: string;

  @Field(() => String, { nullable: true, description: 'The English name (null for a bank recorded before registration existed).' })
  nameEn: string | null;

  @Field(() => [String], { description: 'The 一卡通 card number prefixes (issuer numbers, 6-8 digits) of the cards it issues.' })
  cardPrefixes: string[];

  @Field(() => [String], { description: 'GB/T 2260 codes of the counties it serves.' })
  countyCodes: string[];

  @Field(() => Date, { nullable: true })
  registeredAt: Date | null;

  @Field(() => Date, { nullable: true, description: 'When it was retired; null while active.' })
  retiredAt: Date | null;

  // connectorUrl, credentialRef, retired and changes: field resolvers (bank.resolver.ts).
}

@ObjectType('BankChange', { description: 'One entry of the bank registry audit trail.' })
export class BankChange {
  @Field({ description: 'REGISTERED, UPDATED or RETIRED.' })
  action: string;

  @Field({ description: 'Who did it (token subject, or cli:<user>).' })
  actor: string;

  @Field(() => Date)
  at: Date;

  @Field({ description: 'JSON: each changed field with its value before and after.' })
  changesJson: string;

  @Field(() => String, { nullable: true })
  reason: string | null;
}

@ObjectType('BankConnection')
export class BankConnection extends ConnectionType(Bank) {}
