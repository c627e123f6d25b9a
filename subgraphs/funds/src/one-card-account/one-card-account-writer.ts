/**
 * The finance bureau records or corrects a household's 一卡通 account (a new card after one was
 * closed, a frozen account released). A change after a failed payment is what lets the failed
 * line go into the next batch.
 */
import type { DataSource } from 'typeorm';
import { type Caller, isCountyFinance } from '../../../../common/auth/caller';
import { BANK_CODE, COUNTY_CODE, UUID_PATTERN } from '../../../../common/codes';
import type { PiiProtector } from '../../../../common/pii/protector';
import { checkAccountNumber, isValidHolderName } from '../domain/account-number';
import { OneCardAccountStatus } from './account-status';
import type { HouseholdDirectoryService } from '../household-directory/household-directory.service';
import { OneCardAccountRecord } from './one-card-account.entity';
import { HubError } from '../../../../common/errors/hub-error';
import type { BankDirectoryService } from '../bank-directory/bank-directory.service';
import { issuingBankOf } from '../one-card-import/domain/issuing-banks';

export interface AccountInput {
  householdId: string;
  countyCode: string;
  issuingBankCode: string;
  accountNumber: string;
  holderName: string;
  status: OneCardAccountStatus;
}

/**
 * The holder name as stored (sealed) and compared: surrounding whitespace (ASCII and the
 * ideographic space U+3000) removed, nothing else. Both writers (setOneCardAccount and the file
 * import) seal and hash this same string. No further normalization (NFKC, width folding): the
 * bank compares the name it receives exactly, so any difference in what the hub would send must
 * count as a change.
 */
export function normalizeHolderName(name: string): string {
  return name.trim();
}

/** Keyed hash of the normalized holder name: the sealed name has a random IV and cannot be compared, this can. */
export function holderNameHash(pii: PiiProtector, name: string): string {
  return pii.hash(normalizeHolderName(name));
}

/**
 * How a recorded account replaces the household's previous one, for one account (set) and for
 * an imported file alike: every field, and updated_at = now() — but only when the account
 * differs from the stored one (county, issuing bank, number, holder name — compared by their
 * keyed hashes — or status). payout.service compares updated_at with the last failed payment: an
 * account changed since is what lets the line be paid again, so a file re-exported unchanged
 * (or the same account set again) must not release the failed lines into a batch to fail again.
 * An unchanged row is left as it is (nothing written, nothing RETURNed). Rows stored before
 * holder_name_hash existed have NULL there: their first write counts as a change (once).
 */
export const UPSERT_ONE_CARD_ACCOUNT = `ON CONFLICT (household_id) DO UPDATE SET county_code = EXCLUDED.county_code, issuing_bank_code = EXCLUDED.issuing_bank_code,
         account_number_sealed = EXCLUDED.account_number_sealed, account_number_hash = EXCLUDED.account_number_hash,
         holder_name_sealed = EXCLUDED.holder_name_sealed, holder_name_hash = EXCLUDED.holder_name_hash, pii_key_id = EXCLUDED.pii_key_id,
         status = EXCLUDED.status, updated_at = now()
       WHERE (one_card_accounts.county_code, one_card_accounts.issuing_bank_code, one_card_accounts.account_number_hash, one_card_accounts.holder_name_hash, one_card_accounts.status)
         IS DISTINCT FROM (EXCLUDED.county_code, EXCLUDED.issuing_bank_code, EXCLUDED.account_number_hash, EXCLUDED.holder_name_hash, EXCLUDED.status)`;

/**
 * FORBIDDEN: the caller may not record this household's account; HOUSEHOLD_NOT_KNOWN: the funds
 * side has no such household (yet); BAD_USER_INPUT: a field is malformed.
 */
export type AccountInputProblem =
  'FORBIDDEN' | 'HOUSEHOLD_NOT_KNOWN' | 'BAD_USER_INPUT' | 'ISSUING_BANK_UNKNOWN' | 'ISSUING_BANK_RETIRED' | 'CARD_PREFIX_MISMATCH';

export class AccountInputError extends HubError {
  constructor(
    override readonly field: string,
    message: string,
    readonly problem: AccountInputProblem = 'BAD_USER_INPUT',
  ) {
    super(problem, message, { field });
  }
}

export class OneCardAccountWriter {
  constructor(
    private readonly dataSource: DataSource,
    private readonly pii: PiiProtector,
    private readonly directory: HouseholdDirectoryService,
    private readonly banks: BankDirectoryService,
  ) {}

  /**
   * Authorized by the household's own county (the directory the worker copies from the
   * households side), never by the county the input names: that one must be the same, or the
   * write is refused. The role is checked before anything about the household is read.
   */
  async set(caller: Caller, input: AccountInput): Promise<OneCardAccountRecord> {
    if (caller.role !== 'finance' && caller.role !== 'admin') {
      throw new AccountInputError('countyCode', "only a county's finance bureau records its households' 一卡通 accounts", 'FORBIDDEN');
    }
    if (!UUID_PATTERN.test(input.householdId)) throw new AccountInputError('householdId', `"${input.householdId}" is not a household id`);
    if (!COUNTY_CODE.test(input.countyCode)) throw new AccountInputError('countyCode', `"${input.countyCode}" is not a county code`);
    if (!isCountyFinance(caller, input.countyCode)) {
      throw new AccountInputError('countyCode', `only the finance bureau of county ${input.countyCode} records its households' 一卡通 accounts`, 'FORBIDDEN');
    }
    const owner = (await this.directory.countiesOf([input.householdId])).get(input.householdId);
    if (!owner) {
      throw new AccountInputError(
        'householdId',
        `household ${input.householdId} is not known to the funds side (a newly published roster reaches it within a minute)`,
        'HOUSEHOLD_NOT_KNOWN',
      );
    }
    // The caller acts for the county it named (checked above), so it must be the household's.
    if (owner !== input.countyCode) {
      // Said the same way whatever the household's county is: the caller learns nothing about it.
      throw new AccountInputError('householdId', `household ${input.householdId} is not a household of county ${input.countyCode}`, 'FORBIDDEN');
    }
    if (!BANK_CODE.test(input.issuingBankCode)) throw new AccountInputError('issuingBankCode', `"${input.issuingBankCode}" is not a bank code`);
    // The same rules as an imported file's rows. Never echo the number: say what is wrong with it.
    const checked = checkAccountNumber(input.accountNumber);
    if (!checked.ok) {
      throw new AccountInputError(
        'accountNumber',
        checked.problem === 'FORMAT' ? 'the account number must be 12 to 25 digits' : 'the card number (16 to 19 digits) fails its Luhn check digit',
      );
    }
    const number = checked.normalized;
    // The same issuer rules as an imported file's rows: a registered, active bank whose card prefixes (if it registered any) fit.
    const issuer = issuingBankOf(input.issuingBankCode, number, await this.banks.banks());
    if (!issuer.ok) {
      const bank = input.issuingBankCode;
      if (issuer.problem === 'RETIRED') throw new AccountInputError('issuingBankCode', `bank ${bank} is retired`, 'ISSUING_BANK_RETIRED');
      if (issuer.problem === 'PREFIX')
        throw new AccountInputError(
          'accountNumber',
          `the card number does not start with a prefix bank ${bank} issues (${issuer.prefixes?.join(', ')})`,
          'CARD_PREFIX_MISMATCH',
        );
      throw new AccountInputError(
        'issuingBankCode',
        `bank ${bank} is not registered with the hub (registerBank; it reaches the funds side within seconds)`,
        'ISSUING_BANK_UNKNOWN',
      );
    }
    const name = normalizeHolderName(input.holderName);
    if (!isValidHolderName(name)) throw new AccountInputError('holderName', 'the holder name must have 1 to 50 characters, without digits or < >');
    const sealedNumber = this.pii.seal(number);
    await this.dataSource.query(
      `INSERT INTO funds.one_card_accounts (household_id, county_code, issuing_bank_code, account_number_sealed, account_number_hash, holder_name_sealed, holder_name_hash, pii_key_id, status)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)
       ${UPSERT_ONE_CARD_ACCOUNT}`,
      [
        input.householdId,
        owner,
        issuer.code,
        sealedNumber.ciphertext,
        this.pii.hash(number),
        this.pii.seal(name).ciphertext,
        holderNameHash(this.pii, name),
        sealedNumber.keyId,
        input.status,
      ],
    );
    return this.dataSource.getRepository(OneCardAccountRecord).findOneByOrFail({ householdId: input.householdId });
  }
}
