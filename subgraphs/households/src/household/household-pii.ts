/**
 * A household's personal data (head's name, resident ID, phone) as the hub stores it: sealed as
 * one envelope per row, in roster entries and households alike, so publishing copies it as it is.
 * The keyed hashes the hub matches on are stored beside it, never inside.
 */
import type { PiiProtector } from '../../../../common/pii/protector';

export interface HouseholdPersonalData {
  headName: string;
  idNumber: string;
  phone: string | null;
}

/** The fields in the order the envelope holds them. */
const FIELDS = ['headName', 'idNumber', 'phone'] as const;

export function sealHouseholdPii(pii: PiiProtector, data: HouseholdPersonalData): { sealed: Buffer; keyId: string } {
  const envelope = pii.sealEnvelope(FIELDS.map((field) => data[field]));
  return { sealed: envelope.ciphertext, keyId: envelope.keyId };
}

export function openHouseholdPii(pii: PiiProtector, sealed: Buffer, keyId: string): HouseholdPersonalData {
  const [headName, idNumber, phone] = pii.openEnvelope({ ciphertext: sealed, keyId });
  if (headName == null || idNumber == null) throw new Error('a sealed household has no head name or no ID number');
  return { headName, idNumber, phone: phone ?? null };
}
