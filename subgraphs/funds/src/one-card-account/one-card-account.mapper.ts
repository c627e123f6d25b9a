import { mask } from '../../../../common/pii/masking';
import type { PiiProtector } from '../../../../common/pii/protector';
import type { OneCardAccountRecord } from './one-card-account.entity';
import type { OneCardAccount } from './one-card-account.type';

export function toOneCardAccountView(record: OneCardAccountRecord, pii: PiiProtector): OneCardAccount {
  const open = (sealed: Buffer) => pii.open({ ciphertext: sealed, keyId: record.piiKeyId });
  return {
    id: record.id,
    householdId: record.householdId,
    countyCode: record.countyCode,
    issuingBankCode: record.issuingBankCode,
    accountNumber: mask('cardNumber', open(record.accountNumberSealed)),
    holderName: mask('name', open(record.holderNameSealed)),
    status: record.status,
  };
}
