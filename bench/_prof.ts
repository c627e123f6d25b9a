import 'reflect-metadata';
import { loadConfig } from '../common/config';
import { protectorFromConfig } from '../common/pii/protector';
import { createDataSourceFor, migrate } from '../common/subgraph-service';
import { householdsSubgraph } from '../subgraphs/households/src';
import { RegionDirectoryService } from '../subgraphs/households/src/region/region-directory.service';
import { readRegistry } from '../subgraphs/households/src/region/region-registry';
import { RosterImportService } from '../subgraphs/households/src/roster/roster-import.service';
(async () => {
  const url = process.env.PROF_URL!;
  const config = loadConfig({ DATABASE_URL: url });
  const ds = await createDataSourceFor(householdsSubgraph, url).initialize();
  await migrate(householdsSubgraph, ds);
  await new RegionDirectoryService(ds).load(readRegistry(['532301']));
  const t = performance.now();
  const o = await new RosterImportService(ds, protectorFromConfig(config.pii)).importFile({ subject: 'p', role: 'admin', counties: [], bank: null }, { countyCode: '532301', path: process.argv[2], mode: 'reject_file' });
  console.log(o.import.totalRows, o.import.errorCount, performance.now() - t);
  await ds.destroy();
})();
