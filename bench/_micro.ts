import 'reflect-metadata';
import { loadConfig } from '../common/config';
import { protectorFromConfig } from '../common/pii/protector';
import { fileRows } from '../subgraphs/households/src/roster/file-rows';
import { mapHeaders } from '../subgraphs/households/src/roster/domain/roster-fields';
import { validateRosterRow } from '../subgraphs/households/src/roster/domain/validate-row';
import { RegionIndex } from '../subgraphs/households/src/roster/domain/region-index';
import { loadCountyRegions } from '../subgraphs/households/src/region/region-registry';
(async () => {
  const path = process.argv[2];
  let t = performance.now(); let n = 0;
  for await (const _ of fileRows(path, 'csv', 'utf-8')) n++;
  console.log('parse only', n, (performance.now() - t).toFixed(0), 'ms');
  const regions = new RegionIndex('532301', await loadCountyRegions('532301'));
  const pii = protectorFromConfig(loadConfig({}).pii);
  let header: any; t = performance.now(); n = 0; let valid = 0;
  const rows: any[] = [];
  for await (const { row, cells } of fileRows(path, 'csv', 'utf-8')) {
    if (!header) { header = mapHeaders(cells); continue; }
    const values: any = {}; for (const [i, f] of header.columns) values[f] = cells[i];
    const r = validateRosterRow(row, values, header.headerOf, regions);
    if (r.valid) { valid++; if (rows.length < 100000) rows.push(r.valid); }
  }
  console.log('parse+validate', valid, (performance.now() - t).toFixed(0), 'ms');
  t = performance.now();
  for (const r of rows) { pii.seal(r.headName); pii.seal(r.idNumber); pii.seal(r.phone); pii.hash(r.idNumber); pii.hash(r.phone); pii.hash('name:' + r.headName); }
  console.log('crypto', rows.length, (performance.now() - t).toFixed(0), 'ms');
})();
