/**
 * The households side's bank directory (BankDirectoryRecord): written by the worker from the
 * registry's entries, read by the township assignment.
 */
import type { DataSource } from 'typeorm';
import type { BankDirectoryEntry } from '../../../../contracts/bank-registry/bank-directory-entry';
import { BankDirectoryRecord } from './bank-directory.entity';

export class BankDirectoryService {
  constructor(private readonly dataSource: DataSource) {}

  /** The highest registry revision recorded ('0' when none): the job copies what changed after it. */
  async revision(): Promise<string> {
    const [row] = await this.dataSource.query(`SELECT coalesce(max(revision), 0)::text AS revision FROM households.bank_directory`);
    return row.revision;
  }

  /** Upserts the entries in one statement; an entry older than (or as old as) the row it would replace changes nothing. Returns the rows written. */
  async record(entries: readonly BankDirectoryEntry[]): Promise<number> {
    if (entries.length === 0) return 0;
    const written: unknown[] = await this.dataSource.query(
      `INSERT INTO households.bank_directory (code, name, county_codes, retired, revision)
       SELECT e.code, e.name, ARRAY(SELECT jsonb_array_elements_text(e.county_codes)), e.retired, e.revision
         FROM jsonb_to_recordset($1::jsonb) AS e(code varchar, name varchar, county_codes jsonb, retired boolean, revision bigint)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, county_codes = EXCLUDED.county_codes, retired = EXCLUDED.retired,
         revision = EXCLUDED.revision, recorded_at = now()
       WHERE households.bank_directory.revision < EXCLUDED.revision
       RETURNING code`,
      [JSON.stringify(entries.map((e) => ({ code: e.code, name: e.name, county_codes: e.countyCodes, retired: e.retired, revision: e.revision })))],
    );
    return written.length;
  }

  async find(code: string): Promise<BankDirectoryRecord | null> {
    return this.dataSource.getRepository(BankDirectoryRecord).findOneBy({ code });
  }
}
