/**
 * A valid roster row as the entries table stores it: personal fields sealed as one envelope,
 * the keyed hashes the hub matches on, and a fingerprint of the compared fields.
 */
import { createHash } from 'node:crypto';
import type { PiiProtector } from '../../../../../common/pii/protector';
import type { CopyValue } from '../../../../../common/tabular/copy-text';
import { sealHouseholdPii } from '../../household/household-pii';
import type { ValidRosterRow } from '../domain/validate-row';

/** The entry's columns that `entryValues` gives, in its order (the table adds version_id and row_number). */
export const ENTRY_COLUMNS = [
  'household_no',
  'township_code',
  'village_code',
  'pii_sealed',
  'head_name_hash',
  'id_number_hash',
  'phone_hash',
  'pii_key_id',
  'category',
  'is_monitored',
  'risk_eliminated',
  'lifted_out_year',
  'member_count',
  'data_date',
  'content_hash',
] as const;

/** Where `entryValues` puts the ID number's keyed hash (the duplicate check reads it). */
export const ID_HASH_AT = ENTRY_COLUMNS.indexOf('id_number_hash');

export function entryValues(row: ValidRosterRow, pii: PiiProtector): CopyValue[] {
  const sealed = sealHouseholdPii(pii, row);
  const hashes = { name: pii.hash(`name:${row.headName}`), id: pii.hash(row.idNumber), phone: row.phone ? pii.hash(row.phone) : null };
  return [
    row.householdNo,
    row.townshipCode,
    row.villageCode,
    sealed.sealed,
    hashes.name,
    hashes.id,
    hashes.phone,
    sealed.keyId,
    row.category,
    row.isMonitored,
    row.riskEliminated,
    row.liftedOutYear,
    row.memberCount,
    row.dataDate,
    contentHash(row, hashes),
  ];
}

/** md5 over the compared fields, personal ones by their keyed hash: diffs and publishing compare this column first. */
function contentHash(row: ValidRosterRow, hashes: { name: string; id: string; phone: string | null }): string {
  return createHash('md5')
    .update(
      [
        row.townshipCode,
        row.villageCode,
        hashes.name,
        hashes.id,
        hashes.phone ?? '',
        row.category,
        row.isMonitored,
        row.riskEliminated ?? '',
        row.liftedOutYear ?? '',
        row.memberCount,
      ].join('\u0001'),
    )
    .digest('hex');
}
