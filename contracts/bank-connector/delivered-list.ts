/**
 * The payload of the `record-delivered-list` job: what a bank acknowledged, as the loans side
 * records it (its own copy of who was on which bank's list, and when). Hashes only, no clear
 * personal data, because job payloads sit in Redis or the queue tables.
 */
export interface DeliveredMember {
  householdId: string;
  idHash: string;
  countyCode: string;
  townshipCode: string;
  op: 'ADD' | 'CHANGE' | 'REMOVE';
}

export interface DeliveredList {
  bankCode: string;
  sequence: number;
  effectiveDate: string;
  snapshot: { townships: string[]; firstSequence: number; lastPart: boolean } | null;
  members: DeliveredMember[];
}

