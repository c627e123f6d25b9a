import type { TownshipAssignmentRecord } from './township-assignment.entity';
import type { TownshipAssignment } from './township-assignment.type';

export function toTownshipAssignment(record: TownshipAssignmentRecord): TownshipAssignment {
  return { townshipCode: record.townshipCode, bank: { code: record.bankCode }, effectiveFrom: record.effectiveFrom, effectiveTo: record.effectiveTo };
}
