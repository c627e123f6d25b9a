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
  /**
   * An upsert's first day on the bank's list: the later of the household's publication (the
   * first publication of its current stretch on the roster) and the bank's assignment of the
   * township, whichever happened first. Absent: the delivery's effectiveDate.
   */
  listedFrom?: string;
}

export interface DeliveredList {
  bankCode: string;
  sequence: number;
  effectiveDate: string;
  snapshot: { townships: string[]; firstSequence: number; lastPart: boolean } | null;
  members: DeliveredMember[];
}
