/**
 * What the loans side's bank registry tells the households and funds sides about a bank (the
 * record-bank-directory job): enough to judge an assignment (the counties it serves) or a 一卡通
 * row (the card prefixes it issues), nothing of its connector. `revision` grows with every change
 * of the registry (one sequence across all banks), so a copy keeps, per bank, the entry of the
 * highest revision it has seen and a late entry never overwrites a newer one.
 */
export interface BankDirectoryEntry {
  code: string;
  name: string;
  nameEn: string | null;
  cardPrefixes: string[];
  countyCodes: string[];
  retired: boolean;
  /** A bigint, as a decimal string. */
  revision: string;
}
