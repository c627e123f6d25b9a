/**
 * The finance bureau records or corrects a household's 一卡通 account (a new card after one was
 * closed, a frozen account released). A change after a failed payment is what lets the failed
 * line go into the next batch.
 */
import type { DataSource } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import { BANK_CODE, COUNTY_CODE, UUID_PATTERN } from '../../../../common/codes';
import type { PiiProtector } from '../../../../common/pii/protector';
import { isValidLuhn } from '../domain/luhn';
import { OneCardAccountStatus } from './account-status';
import { OneCardAccountRecord } from './one-card-account.entity';

export interface AccountInput {
  householdId: string;
  countyCode: string;
  issuingBankCode: string;
  accountNumber: string;
  holderName: string;
  status: OneCardAccountStatus;
}

export class AccountInputError extends Error {
  constructor(
    readonly field: string,
    message: string,
  ) {
    super(message);
  }
}

export class OneCardAccountWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pii: PiiProtector,
  ) {}

  async set(caller: Caller, input: AccountInput): Promise<OneCardAccountRecord> {
    if (!(caller.role === 'admin' || (caller.role === 'finance' && caller.counties.includes(input.countyCode)))) {
      throw new AccountInputError('countyCode', `only the finance bureau of county ${input.countyCode} records its households' 一卡通 accounts`);
    }
    if (!UUID_PATTERN.test(input.householdId)) throw new AccountInputError('householdId', `"${input.householdId}" is not a household id`);
    if (!COUNTY_CODE.test(input.countyCode)) throw new AccountInputError('countyCode', `"${input.countyCode}" is not a county code`);
    if (!BANK_CODE.test(input.issuingBankCode)) throw new AccountInputError('issuingBankCode', `"${input.issuingBankCode}" is not a bank code`);
    const number = input.accountNumber.replace(/\s+/g, '');
    // Never echo the number: say what is wrong with it.
    if (!/^\d{12,19}$/.test(number)) throw new AccountInputError('accountNumber', `the account number must be 12 to 19 digits (got ${number.length} characters)`);
    if (!isValidLuhn(number)) throw new AccountInputError('accountNumber', 'the card number fails its Luhn check digit');
    const name = input.holderName.trim();
    if (name.length < 1 || name.length > 50) throw new AccountInputError('holderName', 'the holder name must have 1 to 50 characters');
    const sealedNumber = this.pii.seal(number);
    await this.dataSource.query(
      `INSERT INTO funds.one_card_accounts (household_id, county_code, issuing_bank_code, account_number_sealed, account_number_hash, holder_name_sealed, pii_key_id, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8)
       ON CONFLICT (household_id) DO UPDATE SET county_code = EXCLUDED.county_code, issuing_bank_code = EXCLUDED.issuing_bank_code,
         account_number_sealed = EXCLUDED.account_number_sealed, account_number_hash = EXCLUDED.account_number_hash,
         holder_name_sealed = EXCLUDED.holder_name_sealed, pii_key_id = EXCLUDED.pii_key_id, status = EXCLUDED.status, updated_at = now()`,
      [input.householdId, input.countyCode, input.issuingBankCode, sealedNumber.ciphertext, this.pii.hash(number), this.pii.seal(name).ciphertext, sealedNumber.keyId, input.status],
    );
    return this.dataSource.getRepository(OneCardAccountRecord).findOneByOrFail({ householdId: input.householdId });
  }
}
