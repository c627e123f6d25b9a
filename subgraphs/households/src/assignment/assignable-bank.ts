/**
 * Whether a township of a county may be assigned to a bank, by what the households side's bank
 * directory says of it (null: the directory does not know the code). Pure: the service reads the
 * directory and passes the entry in.
 */
export interface DirectoryBankEntry {
  code: string;
  retired: boolean;
  countyCodes: readonly string[];
}

export type AssignableBankProblem = { code: 'ROSTER_BANK_UNKNOWN' | 'ROSTER_BANK_RETIRED' | 'ROSTER_BANK_NOT_IN_COUNTY'; message: string };

export function assignableBankProblem(bankCode: string, bank: DirectoryBankEntry | null, countyCode: string): AssignableBankProblem | null {
  if (!bank)
    return {
      code: 'ROSTER_BANK_UNKNOWN',
      message: `bank ${bankCode} is not in the bank directory: register it first (registerBank, npm run banks -- register); a bank registered just now reaches the households side within seconds, so try again then`,
    };
  if (bank.retired) return { code: 'ROSTER_BANK_RETIRED', message: `bank ${bankCode} is retired: assign the township to an active bank` };
  if (!bank.countyCodes.includes(countyCode))
    return {
      code: 'ROSTER_BANK_NOT_IN_COUNTY',
      message: `bank ${bankCode} is not registered as serving county ${countyCode}${bank.countyCodes.length ? ` (it serves ${bank.countyCodes.join(', ')})` : ' (it serves no county yet)'}: add the county to it (updateBank) or choose another bank`,
    };
  return null;
}
