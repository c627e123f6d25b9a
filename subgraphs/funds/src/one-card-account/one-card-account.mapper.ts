import { mask } from '../../../../common/pii/masking';
import type { PiiProtector } from '../../../../common/pii/protector';
import type { OneCardAccountRecord } from './one-card-account.entity';
import type { OneCardAccount } from './one-card-account.type';

/**
 * The account as GraphQL shows it. Its sealed fields are opened and masked when first read, not
 * before: a query asking for the account number alone opens no holder name (an AES-GCM open is
 * mostly its cipher set-up, paid per field per row). The issuing bank's name, when the query
 * read it beside the account (from the bank directory), is kept for `issuingBank { name }`.
 */
export function toOneCardAccountView(record: OneCardAccountRecord, pii: PiiProtector, issuingBankName?: string): OneCardAccount {
  const view = {
    id: record.id,
    householdId: record.householdId,
    countyCode: record.countyCode,
    issuingBankCode: record.issuingBankCode,
    ...(issuingBankName !== undefined ? { issuingBankName } : {}),
    status: record.status,
  } as OneCardAccount;
  const lazily = (name: 'accountNumber' | 'holderName', read: () => string) => {
    let value: string | undefined;
    Object.defineProperty(view, name, { enumerable: true, get: () => (value ??= read()) });
  };
  lazily('accountNumber', () => mask('cardNumber', pii.open({ ciphertext: record.accountNumberSealed, keyId: record.piiKeyId })));
  lazily('holderName', () => mask('name', pii.open({ ciphertext: record.holderNameSealed, keyId: record.piiKeyId })));
  return view;
}
