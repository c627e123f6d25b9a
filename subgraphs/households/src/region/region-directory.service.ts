/**
 * Loads the region directory into the households schema: streamed rows COPYed into a staging
 * table, then merged (new codes added, renamed ones updated) in one statement. Idempotent.
 */
import { pipeline } from 'node:stream/promises';
import { Readable } from 'node:stream';
import { from as copyFrom } from 'pg-copy-streams';
import type { DataSource } from 'typeorm';
import type { RegionRow } from './region-registry';
import { pgClientOf } from '../../../../common/db/pg-client';

export interface RegionLoadResult {
  read: number;
  written: number;
}

export class RegionDirectoryService {
  constructor(private readonly dataSource: DataSource) {}

  async load(rows: AsyncIterable<RegionRow>, onProgress?: (read: number) => void): Promise<RegionLoadResult> {
    const runner = this.dataSource.createQueryRunner();
    await runner.connect();
    await runner.startTransaction();
    try {
      await runner.query(
        `CREATE TEMP TABLE region_staging (code varchar(12), name varchar(100), level varchar(8), parent_code varchar(12), county_code varchar(6)) ON COMMIT DROP`,
      );
      let read = 0;
      const lines = async function* () {
        for await (const row of rows) {
          read++;
          if (read % 100_000 === 0) onProgress?.(read);
          yield `${row.code}\t${row.name.replace(/[\t\n\\]/g, ' ')}\t${row.level}\t${row.parentCode ?? '\\N'}\t${row.countyCode}\n`;
        }
      };
      const client = pgClientOf(runner);
      await pipeline(Readable.from(lines()), client.query(copyFrom('COPY region_staging FROM STDIN')));
      const result = await runner.query(
        `INSERT INTO households.regions (code, name, level, parent_code, county_code)
         SELECT DISTINCT ON (code) code, name, level, parent_code, county_code FROM region_staging ORDER BY code
         ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name, level = EXCLUDED.level, parent_code = EXCLUDED.parent_code, county_code = EXCLUDED.county_code
         WHERE (regions.name, regions.level, regions.parent_code, regions.county_code) IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.level, EXCLUDED.parent_code, EXCLUDED.county_code)`,
        [],
        true,
      );
      await runner.commitTransaction();
      onProgress?.(read);
      return { read, written: result.affected ?? 0 };
    } catch (error) {
      await runner.rollbackTransaction();
      throw error;
    } finally {
      await runner.release();
    }
  }
}
