import { Field, InputType } from 'type-graphql';

@InputType('RegisterBankInput')
export class RegisterBankInput {
  @Field({ description: 'Short code, 2-16 of A-Z, 0-9, _ (the code tokens and the connector name it by).' })
  code: string;

  @Field({ description: 'The Chinese name (中国农业银行楚雄分行).' })
  name: string;

  @Field({ description: 'The English name.' })
  nameEn: string;

  @Field(() => [String], { defaultValue: [], description: 'The 一卡通 card number prefixes it issues (6-8 digits each).' })
  cardPrefixes: string[];

  @Field(() => String, { nullable: true, description: "Its connector's base URL (http/https, no credentials or query)." })
  connectorUrl?: string | null;

  @Field(() => String, {
    nullable: true,
    description:
      'The name of the secret the connector authenticates with: an environment variable (ABC_CONNECTOR_TOKEN) or a secret store key (vault:huinong/banks/abc). Never the secret.',
  })
  credentialRef?: string | null;

  @Field(() => [String], { defaultValue: [], description: 'GB/T 2260 codes of the counties it serves.' })
  countyCodes: string[];
}

@InputType('UpdateBankInput', {
  description: 'A field left out stays as it is; connectorUrl or credentialRef given as null clears it; a list given replaces the stored one.',
})
export class UpdateBankInput {
  @Field(() => String, { nullable: true })
  name?: string | null;

  @Field(() => String, { nullable: true })
  nameEn?: string | null;

  @Field(() => [String], { nullable: true })
  cardPrefixes?: string[] | null;

  @Field(() => String, { nullable: true })
  connectorUrl?: string | null;

  @Field(() => String, { nullable: true })
  credentialRef?: string | null;

  @Field(() => [String], { nullable: true })
  countyCodes?: string[] | null;
}

@InputType('BankFilter', { description: 'Every condition given must hold.' })
export class BankFilter {
  @Field(() => String, { nullable: true, description: 'Part of the code, the Chinese or the English name (any case).' })
  search?: string | null;

  @Field(() => String, { nullable: true, description: 'Only banks serving this county (GB/T 2260).' })
  countyCode?: string | null;

  @Field(() => Boolean, { nullable: true, description: 'true: only retired banks; false: only active ones.' })
  retired?: boolean | null;
}
