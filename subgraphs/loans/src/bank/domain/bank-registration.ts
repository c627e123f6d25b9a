/**
 * What a bank's registration must hold, checked without I/O: the code tokens and the connector
 * name it by, its names in Chinese and English, the 一卡通 card prefixes it issues, where its
 * connector is and the *name* of the secret it authenticates with, and the counties it serves.
 * The checks that need what is stored (a code taken, a prefix another bank issues, townships
 * still assigned) are the service's.
 */
import { BANK_CODE, COUNTY_CODE } from '../../../../../common/codes';
import { HubError } from '../../../../../common/errors/hub-error';

export interface BankRegistration {
  code: string;
  name: string;
  nameEn: string;
  cardPrefixes: string[];
  connectorUrl: string | null;
  credentialRef: string | null;
  countyCodes: string[];
}

/** What an update may change: a field left undefined stays; connectorUrl/credentialRef null clears them. */
export type BankChanges = Partial<Omit<BankRegistration, 'code'>>;

/** An issuer identification number (BIN) as UnionPay assigns them: 6 digits, some banks' 8. */
const CARD_PREFIX = /^\d{6,8}$/;
const HAN = /\p{Script=Han}/u;
const ENGLISH_NAME = /^[A-Za-z][A-Za-z0-9 .,&'()-]*$/;
/** An environment variable (ABC_CONNECTOR_TOKEN) or a secret store's key (vault:huinong/banks/abc). */
const CREDENTIAL_REF = /^(?:[A-Z][A-Z0-9_]{2,63}|[a-z][a-z0-9-]{1,30}:[A-Za-z0-9_./-]{1,96})$/;

export function checkBankCode(code: string): string {
  const value = code.trim();
  if (!BANK_CODE.test(value)) throw new HubError('BANK_INVALID_CODE', `"${code}" is not a bank code (2-16 of A-Z, 0-9, _)`, { field: 'code' });
  return value;
}

function checkName(name: string): string {
  const value = name.trim();
  if (value.length < 2 || value.length > 100 || !HAN.test(value)) {
    throw new HubError('BANK_INVALID_NAME', `name "${name}" must be the bank's Chinese name (2-100 characters, in Chinese)`, {
      field: 'name',
      zh: '银行中文名称须为 2 至 100 个字符的中文名称',
    });
  }
  return value;
}

function checkNameEn(nameEn: string): string {
  const value = nameEn.trim().replace(/\s+/g, ' ');
  if (value.length < 2 || value.length > 200 || !ENGLISH_NAME.test(value)) {
    throw new HubError('BANK_INVALID_NAME', `nameEn "${nameEn}" must be the bank's English name (2-200 Latin letters, digits, spaces and . , & ' ( ) -)`, {
      field: 'nameEn',
      zh: '银行英文名称须为 2 至 200 个拉丁字母、数字或常用标点',
    });
  }
  return value;
}

function checkCardPrefixes(prefixes: string[]): string[] {
  const values = [...new Set(prefixes.map((p) => p.trim()))];
  for (const [index, value] of values.entries()) {
    if (!CARD_PREFIX.test(value))
      throw new HubError('BANK_INVALID_CARD_PREFIX', `card prefix "${value}" is not a card issuer number (6-8 digits)`, { field: `cardPrefixes[${index}]` });
  }
  // One bank's prefix inside another of its own would make a card's issuer ambiguous within the bank's own list: keep the list minimal.
  const nested = values.find((a) => values.some((b) => b !== a && a.startsWith(b)));
  if (nested) throw new HubError('BANK_INVALID_CARD_PREFIX', `card prefix ${nested} lies inside another prefix of the list`, { field: 'cardPrefixes' });
  return values.sort();
}

function checkConnectorUrl(url: string | null): string | null {
  if (url === null || url.trim() === '') return null;
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    throw new HubError('BANK_INVALID_CONNECTOR_URL', `connectorUrl "${url}" is not a URL`, { field: 'connectorUrl' });
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:')
    throw new HubError('BANK_INVALID_CONNECTOR_URL', `connectorUrl must be http(s), not ${parsed.protocol}`, { field: 'connectorUrl' });
  // The secret lives where credentialRef names it, never in the URL (user:password@, ?token=).
  if (parsed.username || parsed.password || parsed.search || parsed.hash) {
    throw new HubError('BANK_INVALID_CONNECTOR_URL', 'connectorUrl may not carry credentials, a query or a fragment: name the secret in credentialRef', {
      field: 'connectorUrl',
      zh: '连接地址不得包含账号、口令或查询参数，凭据请以凭据引用登记',
    });
  }
  if (url.trim().length > 300) throw new HubError('BANK_INVALID_CONNECTOR_URL', 'connectorUrl is longer than 300 characters', { field: 'connectorUrl' });
  return parsed.toString().replace(/\/$/, '');
}

function checkCredentialRef(ref: string | null): string | null {
  if (ref === null || ref.trim() === '') return null;
  const value = ref.trim();
  if (!CREDENTIAL_REF.test(value)) {
    throw new HubError(
      'BANK_INVALID_CREDENTIAL_REF',
      'credentialRef must name a secret — an environment variable (ABC_CONNECTOR_TOKEN) or a secret store key (vault:huinong/banks/abc) — not hold one',
      {
        field: 'credentialRef',
        zh: '凭据引用须为环境变量名或密钥库键名，不得填写凭据本身',
      },
    );
  }
  return value;
}

function checkCounties(counties: string[]): string[] {
  const values = [...new Set(counties.map((c) => c.trim()))];
  for (const [index, value] of values.entries()) {
    if (!COUNTY_CODE.test(value))
      throw new HubError('BANK_INVALID_COUNTY', `"${value}" is not a 6-digit county code (GB/T 2260)`, { field: `countyCodes[${index}]` });
  }
  return values.sort();
}

/** A registration as it will be stored (trimmed, deduplicated, sorted), or the first thing wrong with it. */
export function checkRegistration(input: BankRegistration): BankRegistration {
  return {
    code: checkBankCode(input.code),
    name: checkName(input.name),
    nameEn: checkNameEn(input.nameEn),
    cardPrefixes: checkCardPrefixes(input.cardPrefixes),
    connectorUrl: checkConnectorUrl(input.connectorUrl),
    credentialRef: checkCredentialRef(input.credentialRef),
    countyCodes: checkCounties(input.countyCodes),
  };
}

/** The changes as they will be stored; fields not given stay out. */
export function checkChanges(changes: BankChanges): BankChanges {
  const out: BankChanges = {};
  if (changes.name !== undefined && changes.name !== null) out.name = checkName(changes.name);
  if (changes.nameEn !== undefined && changes.nameEn !== null) out.nameEn = checkNameEn(changes.nameEn);
  if (changes.cardPrefixes !== undefined && changes.cardPrefixes !== null) out.cardPrefixes = checkCardPrefixes(changes.cardPrefixes);
  if (changes.countyCodes !== undefined && changes.countyCodes !== null) out.countyCodes = checkCounties(changes.countyCodes);
  if (changes.connectorUrl !== undefined) out.connectorUrl = checkConnectorUrl(changes.connectorUrl);
  if (changes.credentialRef !== undefined) out.credentialRef = checkCredentialRef(changes.credentialRef);
  return out;
}

/** Two prefixes clash when a card number could begin with both. */
export function prefixesClash(a: string, b: string): boolean {
  return a.startsWith(b) || b.startsWith(a);
}
