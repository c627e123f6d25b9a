/**
 * Checks a beneficiary-list delivery as a careful bank would before applying any of it, and
 * names the first field that is wrong ("upserts[12].townshipCode: must be 9 digits"). Messages
 * never quote values: they may be personal data.
 */
import { BeneficiaryListDelivery, BeneficiaryRecord, BeneficiaryRemoval, MAX_RECORDS_PER_MESSAGE, SnapshotPart } from '../../contracts/bank-connector/protocol';
import { checkCharacter } from '../../common/domain/resident-id';
import { parseDay } from './calendar';

export class MalformedDelivery extends Error {
  constructor(
    readonly field: string,
    problem: string,
  ) {
    super(`${field}: ${problem}`);
  }
}

export const BANK_CODE = /^[A-Z0-9_]{2,16}$/;
export const COUNTY_CODE = /^\d{6}$/;
const TOWNSHIP_CODE = /^\d{9}$/;
const VILLAGE_CODE = /^\d{12}$/;
const RESIDENT_ID = /^\d{17}[\dX]$/;
const CATEGORIES = ['LIFTED_OUT', 'UNSTABLE_LIFTED', 'EDGE_AT_RISK', 'SUDDEN_HARDSHIP'];

/** Reads fields of one JSON object, each failure naming `path.field` (payout-validation.ts reads with it too). */
export class Fields {
  private readonly object: Record<string, unknown>;
  constructor(
    value: unknown,
    readonly path: string,
  ) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new MalformedDelivery(path || 'body', 'must be a JSON object');
    this.object = value as Record<string, unknown>;
  }

  name(field: string): string {
    return this.path ? `${this.path}.${field}` : field;
  }

  string(field: string, rule?: { pattern?: RegExp; maxLength?: number; describe?: string }): string {
    const value = this.object[field];
    if (typeof value !== 'string' || value.length === 0) throw new MalformedDelivery(this.name(field), 'must be a non-empty string');
    if (value.length > (rule?.maxLength ?? 200)) throw new MalformedDelivery(this.name(field), `must be at most ${rule?.maxLength ?? 200} characters`);
    if (rule?.pattern && !rule.pattern.test(value)) throw new MalformedDelivery(this.name(field), `must be ${rule.describe ?? rule.pattern.source}`);
    return value;
  }

  nullableString(field: string, rule?: { pattern?: RegExp; describe?: string }): string | null {
    return this.object[field] === null ? null : this.string(field, rule);
  }

  oneOf<T extends string>(field: string, allowed: readonly T[]): T {
    const value = this.object[field];
    if (typeof value !== 'string' || !(allowed as readonly string[]).includes(value))
      throw new MalformedDelivery(this.name(field), `must be one of ${allowed.join(', ')}`);
    return value as T;
  }

  integer(field: string, min: number, max: number): number {
    const value = this.object[field];
    if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max)
      throw new MalformedDelivery(this.name(field), `must be an integer from ${min} to ${max}`);
    return value;
  }

  nullableInteger(field: string, min: number, max: number): number | null {
    return this.object[field] === null ? null : this.integer(field, min, max);
  }

  boolean(field: string): boolean {
    const value = this.object[field];
    if (typeof value !== 'boolean') throw new MalformedDelivery(this.name(field), 'must be true or false');
    return value;
  }

  nullableBoolean(field: string): boolean | null {
    return this.object[field] === null ? null : this.boolean(field);
  }

  date(field: string): string {
    const value = this.string(field, { pattern: /^\d{4}-\d{2}-\d{2}$/, describe: 'a date YYYY-MM-DD' });
    if (parseDay(value) === null) throw new MalformedDelivery(this.name(field), 'is not a calendar date');
    return value;
  }

  array(field: string, maxItems: number): unknown[] {
    const value = this.object[field];
    if (!Array.isArray(value)) throw new MalformedDelivery(this.name(field), 'must be an array');
    if (value.length > maxItems) throw new MalformedDelivery(this.name(field), `must hold at most ${maxItems} items`);
    return value;
  }

  raw(field: string): unknown {
    return this.object[field];
  }
}

function readRecord(value: unknown, path: string, countyCode: string): BeneficiaryRecord {
  const fields = new Fields(value, path);
  const residentId = fields.string('residentId', { pattern: RESIDENT_ID, describe: '18 characters: 17 digits and a digit or X' });
  if (checkCharacter(residentId) !== residentId[17]) throw new MalformedDelivery(fields.name('residentId'), 'check character is wrong (GB 11643)');
  const recordCounty = fields.string('countyCode', { pattern: COUNTY_CODE, describe: '6 digits' });
  if (recordCounty !== countyCode) throw new MalformedDelivery(fields.name('countyCode'), "must be the delivery's countyCode");
  const townshipCode = fields.string('townshipCode', { pattern: TOWNSHIP_CODE, describe: '9 digits' });
  if (!townshipCode.startsWith(recordCounty)) throw new MalformedDelivery(fields.name('townshipCode'), 'must lie in countyCode');
  const villageCode = fields.string('villageCode', { pattern: VILLAGE_CODE, describe: '12 digits' });
  if (!villageCode.startsWith(townshipCode)) throw new MalformedDelivery(fields.name('villageCode'), 'must lie in townshipCode');
  return {
    op: fields.oneOf('op', ['ADD', 'CHANGE'] as const),
    householdId: fields.string('householdId'),
    householdNo: fields.string('householdNo', { maxLength: 64 }),
    headName: fields.string('headName', { maxLength: 100 }),
    residentId,
    phone: fields.nullableString('phone', { pattern: /^[\d+\-() ]{5,20}$/, describe: 'a phone number' }),
    countyCode: recordCounty,
    townshipCode,
    villageCode,
    category: fields.oneOf('category', CATEGORIES),
    monitored: fields.boolean('monitored'),
    riskEliminated: fields.nullableBoolean('riskEliminated'),
    liftedOutYear: fields.nullableInteger('liftedOutYear', 2013, 2100),
    memberCount: fields.integer('memberCount', 1, 99),
  };
}

function readRemoval(value: unknown, path: string): BeneficiaryRemoval {
  const fields = new Fields(value, path);
  return {
    householdId: fields.string('householdId'),
    householdNo: fields.string('householdNo', { maxLength: 64 }),
    townshipCode: fields.string('townshipCode', { pattern: TOWNSHIP_CODE, describe: '9 digits' }),
    reason: fields.oneOf('reason', ['OFF_ROSTER', 'MOVED_TO_OTHER_BANK', 'TOWNSHIP_REASSIGNED'] as const),
  };
}

function readSnapshot(value: unknown, countyCode: string): SnapshotPart {
  const fields = new Fields(value, 'snapshot');
  const townships = fields.array('townships', 10_000);
  if (townships.length === 0) throw new MalformedDelivery('snapshot.townships', 'must name at least one township');
  townships.forEach((township, index) => {
    if (typeof township !== 'string' || !TOWNSHIP_CODE.test(township)) throw new MalformedDelivery(`snapshot.townships[${index}]`, 'must be 9 digits');
    if (!township.startsWith(countyCode)) throw new MalformedDelivery(`snapshot.townships[${index}]`, "must lie in the delivery's countyCode");
  });
  return {
    snapshotId: fields.string('snapshotId'),
    townships: townships as string[],
    part: fields.integer('part', 1, 1_000_000),
    lastPart: fields.boolean('lastPart'),
  };
}

/** The delivery, typed, or a MalformedDelivery naming the first wrong field. */
export function readDelivery(body: unknown, servingBank: string): BeneficiaryListDelivery {
  const fields = new Fields(body, '');
  const bankCode = fields.string('bankCode', { pattern: BANK_CODE, describe: '2–16 of A–Z, 0–9, _' });
  if (bankCode !== servingBank) throw new MalformedDelivery('bankCode', 'names another bank than the one addressed');
  const sequence = fields.integer('sequence', 1, Number.MAX_SAFE_INTEGER);
  const kind = fields.oneOf('kind', ['DELTA', 'SNAPSHOT'] as const);
  const countyCode = fields.string('countyCode', { pattern: COUNTY_CODE, describe: '6 digits' });
  const rosterVersionId = fields.nullableString('rosterVersionId');
  const effectiveDate = fields.date('effectiveDate');

  let snapshot: SnapshotPart | null = null;
  if (kind === 'SNAPSHOT') snapshot = readSnapshot(fields.raw('snapshot'), countyCode);
  else if (fields.raw('snapshot') !== null) throw new MalformedDelivery('snapshot', 'must be null for a DELTA');

  const upsertValues = fields.array('upserts', MAX_RECORDS_PER_MESSAGE);
  const removalValues = fields.array('removals', MAX_RECORDS_PER_MESSAGE);
  if (upsertValues.length + removalValues.length > MAX_RECORDS_PER_MESSAGE) {
    throw new MalformedDelivery('upserts', `upserts and removals together must hold at most ${MAX_RECORDS_PER_MESSAGE} records`);
  }
  const upserts = upsertValues.map((value, index) => readRecord(value, `upserts[${index}]`, countyCode));
  const removals = removalValues.map((value, index) => readRemoval(value, `removals[${index}]`));

  // A household appears once per delivery: twice would make the outcome depend on order.
  const seen = new Map<string, string>();
  const claim = (householdId: string, path: string) => {
    const earlier = seen.get(householdId);
    if (earlier) throw new MalformedDelivery(`${path}.householdId`, `repeats ${earlier}`);
    seen.set(householdId, path);
  };
  upserts.forEach((record, index) => claim(record.householdId, `upserts[${index}]`));
  removals.forEach((removal, index) => claim(removal.householdId, `removals[${index}]`));

  if (snapshot) {
    const covered = new Set(snapshot.townships);
    upserts.forEach((record, index) => {
      if (!covered.has(record.townshipCode)) throw new MalformedDelivery(`upserts[${index}].townshipCode`, 'is not one of snapshot.townships');
    });
  }
  return { bankCode, sequence, kind, countyCode, rosterVersionId, effectiveDate, snapshot, upserts, removals };
}
