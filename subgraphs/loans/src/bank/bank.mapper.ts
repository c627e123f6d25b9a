import type { BankChangeRecord } from './bank-change.entity';
import type { BankChanges } from './bank.service';
import type { UpdateBankInput } from './bank.input';
import type { BankChange } from './bank.type';

export function toBankChange(record: BankChangeRecord): BankChange {
  return { action: record.action, actor: record.actor, at: record.at, changesJson: JSON.stringify(record.changes), reason: record.reason };
}

/** The update as the service takes it: a field the request left out is undefined (unchanged), an explicit null is kept (clears). */
export function toBankChanges(input: UpdateBankInput): BankChanges {
  const changes: BankChanges = {};
  if (input.name != null) changes.name = input.name;
  if (input.nameEn != null) changes.nameEn = input.nameEn;
  if (input.cardPrefixes != null) changes.cardPrefixes = input.cardPrefixes;
  if (input.countyCodes != null) changes.countyCodes = input.countyCodes;
  if (input.connectorUrl !== undefined) changes.connectorUrl = input.connectorUrl;
  if (input.credentialRef !== undefined) changes.credentialRef = input.credentialRef;
  return changes;
}
