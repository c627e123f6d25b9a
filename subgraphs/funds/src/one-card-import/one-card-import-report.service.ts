/** Reading 一卡通 import reports: the import and its row errors, for the county's finance bureau and admins. */
import type { DataSource } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import { assertCountyFinance, OneCardImportError } from './one-card-import-access';
import { OneCardImportErrorRecord } from './one-card-import-error.entity';
import { OneCardImportRecord } from './one-card-import.entity';

/** Where a page of errors ends: the row, then the error id (errors found by the worker come after the file's own). */
export interface ErrorCursor {
  row: number;
  id: string;
}

export class OneCardImportReportService {
  constructor(private readonly dataSource: DataSource) {}

  async importById(caller: Caller, id: string): Promise<OneCardImportRecord> {
    const record = await this.dataSource.getRepository(OneCardImportRecord).findOneBy({ id });
    if (!record) throw new OneCardImportError('ONE_CARD_IMPORT_NOT_FOUND', `no 一卡通 import ${id}`);
    assertCountyFinance(caller, record.countyCode);
    return record;
  }

  /** A county's imports, newest first (`size + 1` rows: the extra one says more follow). */
  async imports(caller: Caller, countyCode: string, size: number): Promise<OneCardImportRecord[]> {
    assertCountyFinance(caller, countyCode);
    return this.dataSource
      .getRepository(OneCardImportRecord)
      .createQueryBuilder('i')
      .where('i.countyCode = :countyCode', { countyCode })
      .orderBy('i.createdAt', 'DESC')
      .addOrderBy('i.id', 'DESC')
      .limit(size + 1)
      .getMany();
  }

  /** Errors of an import in file order; `after` continues from a previous page; `size` null: all of them. */
  async errors(importId: string, size: number | null, after: ErrorCursor | null): Promise<OneCardImportErrorRecord[]> {
    const query = this.dataSource.getRepository(OneCardImportErrorRecord).createQueryBuilder('e').where('e.importId = :importId', { importId });
    if (after) query.andWhere('(e.row, e.id) > (:row, :id)', { row: after.row, id: after.id });
    query.orderBy('e.row').addOrderBy('e.id');
    if (size !== null) query.limit(size + 1);
    return query.getMany();
  }
}
