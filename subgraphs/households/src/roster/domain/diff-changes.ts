/**
 * What changed in a household between two roster versions, field by field: the diff's SQL says
 * which fields differ (by value or keyed hash), this says from what to what. Values are given as
 * the API shows them: codes and enum names as stored, booleans and numbers as text, personal
 * values already masked by the caller (a masked name may read the same on both sides: the field
 * is listed because its hash differs).
 */
export interface ComparedValues {
  township: string;
  village: string;
  headName: string;
  idNumber: string;
  phone: string | null;
  category: string;
  isMonitored: boolean;
  riskEliminated: boolean | null;
  liftedOutYear: number | null;
  memberCount: number;
}

export interface FieldChange {
  field: keyof ComparedValues;
  from: string | null;
  to: string | null;
}

const text = (value: string | number | boolean | null): string | null => (value === null ? null : String(value));

/** The changes of `changedFields` (in that order), fields this module does not know left out. */
export function fieldChanges(changedFields: readonly string[], from: ComparedValues, to: ComparedValues): FieldChange[] {
  return changedFields
    .filter((field): field is keyof ComparedValues => Object.prototype.hasOwnProperty.call(from, field))
    .map((field) => ({ field, from: text(from[field]), to: text(to[field]) }));
}
