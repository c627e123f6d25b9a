/** Reading import reports: the import row and its errors, scoped to the county's readers. */
import type { DataSource } from 'typeorm';
import type { Caller } from '../../../../common/auth/caller';
import { assertCountyReader, RosterError } from './roster-access';
import { RosterImportErrorRecord } from './roster-import-error.entity';
import { RosterImportRecord } from './roster-import.entity';

export class RosterReportService {
  constructor(private readonly dataSource: DataSource) {}

  async importById(caller: Caller, id: string): Promise<RosterImportRecord> {
    const record = await this.dataSource.getRepository(RosterImportRecord).findOneBy({ id });
    if (!record) throw new RosterError('ROSTER_NOT_FOUND', `no roster import ${id}`);
    assertCountyReader(caller, record.countyCode);
    return record;
  }

  async imports(caller: Caller, countyCode: string, size: number, before: Date | null): Promise<RosterImportRecord[]> {
    assertCountyReader(caller, countyCode);
    const query = this.dataSource.getRepository(RosterImportRecord).createQueryBuilder('i').where('i.countyCode = :countyCode', { countyCode });
    if (before) query.andWhere('i.createdAt < :before', { before });
    return query
      .orderBy('i.createdAt', 'DESC')
      .limit(size + 1)
      .getMany();
  }

  /** Errors of an import in file order; `afterId` continues from a previous page. */
  async errors(importId: string, size: number | null, afterId: string | null): Promise<RosterImportErrorRecord[]> {
    const query = this.dataSource.getRepository(RosterImportErrorRecord).createQueryBuilder('e').where('e.importId = :importId', { importId });
    if (afterId) query.andWhere('e.id > :afterId', { afterId });
    query.orderBy('e.id');
    if (size !== null) query.limit(size + 1);
    return query.getMany();
  }
}
