/**
 * The identifiers the hub accepts from callers, checked before they reach SQL: region codes
 * (GB/T 2260 counties, statistical township and village codes), bank codes and hub ids.
 */
export const COUNTY_CODE = /^\d{6}$/;
export const TOWNSHIP_CODE = /^\d{9}$/;
export const VILLAGE_CODE = /^\d{12}$/;
export const BANK_CODE = /^[A-Z0-9_]{2,16}$/;
export const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;
/** A transfer reference as banks and treasuries write them (the key that makes a posting idempotent). */
export const TRANSFER_REFERENCE = /^[A-Za-z0-9_.:\-/]{4,64}$/;
