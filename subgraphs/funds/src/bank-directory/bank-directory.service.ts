/**
 * The funds side's bank directory (BankDirectoryRecord): written by the worker from the
 * registry's entries, read by the 一卡通 import (the issuing banks it recognises).
 */
import type { DataSource } from 'typeorm';
import type { BankDirectoryEntry } from '../../../../contracts/bank-registry/bank-directory-entry';
import type { DirectoryBank } from '../one-card-import/domain/issuing-banks';
import { BankDirectoryRecord } from './bank-directory.entity';

export class BankDirectoryService {
  constructor(private readonly dataSource: DataSource) {}

  /** The highest registry revision recorded ('0' when none): the job copies what changed after it. */
  async revision(): Promise<string> {
    const [row] = await this.dataSource.query(`SELECT coalesce(max(revision), 0)::text AS revision FROM funds.bank_directory`);
    return row.revision;
  }

  /** Upserts the entries in one statement; an entry older than (or as old as) the row it would replace changes nothing. Returns the rows written. */
  async record(entries: readonly BankDirectoryEntry[]): Promise<number> {
    if (entries.length === 0) return 0;
    const written: unknown[] = await this.dataSource.query(
      `INSERT INTO funds.bank_directory (code, name, name_en, card_prefixes, retired, revision)
       SELECT e.code, e.name, e.name_en, ARRAY(SELECT jsonb_array_elements_text(e.card_prefixes)), e.retired, e.revision
         FROM jsonb_to_recordset($1::jsonb) AS e(code varchar, name varchar, name_en varchar, card_prefixes jsonb, retired boolean, revision bigint)
       ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, name_en = EXCLUDED.name_en, card_prefixes = EXCLUDED.card_prefixes,
         retired = EXCLUDED.retired, revision = EXCLUDED.revision, recorded_at = now()
       WHERE funds.bank_directory.revision < EXCLUDED.revision
       RETURNING code`,
      [
        JSON.stringify(
          entries.map((e) => ({ code: e.code, name: e.name, name_en: e.nameEn, card_prefixes: e.cardPrefixes, retired: e.retired, revision: e.revision })),
        ),
      ],
    );
    return written.length;
  }

  /** The names of the banks of these codes the directory knows (Bank.name on this side: bank-name.resolver.ts). */
  async namesOf(codes: readonly string[]): Promise<{ code: string; name: string }[]> {
    return this.dataSource.query(`SELECT code, name FROM funds.bank_directory WHERE code = ANY($1::varchar[])`, [codes]);
  }

  /** Every bank the directory knows, retired ones included (the import says which), as the pure rules take them. */
  async banks(): Promise<DirectoryBank[]> {
    const rows = await this.dataSource.getRepository(BankDirectoryRecord).find({ order: { code: 'ASC' } });
    return rows.map((r) => ({ code: r.code, name: r.name, cardPrefixes: r.cardPrefixes, retired: r.retired }));
  }
}
