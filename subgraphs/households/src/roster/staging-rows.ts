/**
 * Turns file rows into staging rows: validate, seal personal data, hash, and render as
 * PostgreSQL COPY text. CPU-bound and free of I/O, so it runs in worker threads
 * (staging-pool.ts) beside the thread that reads the file and feeds COPY.
 */
import { createHash } from 'node:crypto';
import { mask } from '../../../../common/pii/masking';
import type { PiiProtector } from '../../../../common/pii/protector';
import type { RegionIndex } from './domain/region-index';
import type { RosterRowError } from './domain/roster-errors';
import type { RosterField } from './domain/roster-fields';
import { validateRosterRow, ValidRosterRow } from './domain/validate-row';
import type { FileRow } from './file-rows';

export const STAGING_COLUMNS = [
  'row_number',
  'household_no',
  'township_code',
  'village_code',
  'head_name_sealed',
  'head_name_hash',
  'id_number_sealed',
  'id_number_hash',
  'id_number_masked',
  'phone_sealed',
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

/** One value in PostgreSQL's COPY text format. */
export function copyValue(value: string | number | boolean | Buffer | null): string {
  if (value === null) return '\\N';
  if (Buffer.isBuffer(value)) return `\\\\x${value.toString('hex')}`;
  if (typeof value === 'boolean') return value ? 't' : 'f';
  return String(value).replace(/\\/g, '\\\\').replace(/\t/g, '\\t').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
}

export interface StagingContext {
  columns: [number, RosterField][];
  headerOf: Partial<Record<RosterField, string>>;
  regions: RegionIndex;
  pii: PiiProtector;
  today: Date;
}

export interface StagedBatch {
  /** COPY text, one line per valid row. */
  text: string;
  errors: RosterRowError[];
}

export function stageRows(rows: FileRow[], context: StagingContext): StagedBatch {
  let text = '';
  const errors: RosterRowError[] = [];
  for (const { row, cells } of rows) {
    const values: Partial<Record<RosterField, string>> = {};
    for (const [index, field] of context.columns) values[field] = cells[index] ?? '';
    const result = validateRosterRow(row, values, context.headerOf, context.regions, context.today);
    if (result.valid) text += stagingLine(result.valid, context.pii) + '\n';
    else errors.push(...result.errors);
  }
  return { text, errors };
}

function contentHash(row: ValidRosterRow, hashes: { name: string; id: string; phone: string | null }): string {
  return createHash('md5')
    .update(
      [row.townshipCode, row.villageCode, hashes.name, hashes.id, hashes.phone ?? '', row.category, row.isMonitored, row.riskEliminated ?? '', row.liftedOutYear ?? '', row.memberCount].join(
        '\u0001',
      ),
    )
    .digest('hex');
}

function stagingLine(row: ValidRosterRow, pii: PiiProtector): string {
  const name = pii.seal(row.headName);
  const hashes = { name: pii.hash(`name:${row.headName}`), id: pii.hash(row.idNumber), phone: row.phone ? pii.hash(row.phone) : null };
  const values: (string | number | boolean | Buffer | null)[] = [
    row.row,
    row.householdNo,
    row.townshipCode,
    row.villageCode,
    name.ciphertext,
    hashes.name,
    pii.seal(row.idNumber).ciphertext,
    hashes.id,
    mask('residentId', row.idNumber),
    row.phone ? pii.seal(row.phone).ciphertext : null,
    hashes.phone,
    name.keyId,
    row.category,
    row.isMonitored,
    row.riskEliminated,
    row.liftedOutYear,
    row.memberCount,
    row.dataDate,
    contentHash(row, hashes),
  ];
  return values.map(copyValue).join('\t');
}
