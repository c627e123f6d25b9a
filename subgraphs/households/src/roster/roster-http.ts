/**
 * Roster file endpoints of the households subgraph (reached through the gateway's
 * /uploads/rosters and /downloads/roster-imports/…):
 *   POST /rosters/imports?county=532301&mode=skip_bad_rows&encoding=auto&filename=x.csv   body: the file
 *   GET  /rosters/imports/{id}/errors.csv | errors.xlsx                                    the error report
 * Uploads are spooled to a temporary file (hashing needs a second pass) and never held in memory.
 */
import { COUNTY_CODE, UUID_PATTERN } from '../../../../common/codes';
import { sendJson } from '../../../../common/http/graphql-http-server';
import { sendHubError } from '../../../../common/errors/http-error';
import type { Logger } from '../../../../common/logger';
import type { SubgraphRoute } from '../../../../common/subgraph-service';
import { sendErrorReport } from '../../../../common/tabular/error-report';
import { handleTabularUpload } from '../../../../common/tabular/upload';
import { assertCountyWriter, RosterError, rosterProblem } from './roster-access';
import type { HouseholdsApp } from '../households.app';
import { toImportJson, toImportView } from './roster.mapper';

export function rosterRoutes({ rosterImports: importer, rosterReports: reports }: HouseholdsApp, logger: Logger): SubgraphRoute[] {
  return [
    {
      method: 'POST',
      path: /^\/rosters\/imports$/,
      async handle(request, response, context, _params, url) {
        return handleTabularUpload(request, url, {
          defaultFileName: 'roster.csv',
          problem: rosterProblem,
          // Refused before a byte is written to disk, as the 一卡通 upload does.
          admit: (countyCode) => {
            if (!COUNTY_CODE.test(countyCode)) throw new RosterError('ROSTER_BAD_REQUEST', `"${countyCode}" is not a 6-digit county code`);
            assertCountyWriter(context.caller, countyCode);
          },
          importUpload: async (upload) => {
            const started = Date.now();
            const outcome = await importer.importFile(context.caller, upload);
            context.logger.info('roster imported', {
              county: upload.countyCode,
              import: outcome.import.id,
              rows: outcome.import.totalRows,
              errors: outcome.import.errorCount,
              duplicate: outcome.duplicate,
              ms: Date.now() - started,
            });
            sendJson(response, outcome.duplicate ? 200 : 201, toImportJson(toImportView(outcome.import, outcome.duplicate)));
          },
          fail: (error) => sendHubError(response, error, context.logger, 'roster endpoint'),
        });
      },
    },
    {
      method: 'GET',
      path: /^\/rosters\/imports\/([^/]+)\/errors\.(csv|xlsx)$/,
      async handle(_request, response, context, [id, format]) {
        try {
          if (!UUID_PATTERN.test(id)) throw new RosterError('ROSTER_NOT_FOUND', `no roster import ${id}`);
          const report = await reports.importById(context.caller, id);
          const errors = await reports.errors(report.id, null, null);
          await sendErrorReport(response, format as 'csv' | 'xlsx', `roster-import-${report.id.slice(0, 8)}-errors`, errors);
        } catch (error) {
          sendHubError(response, error, context.logger, 'roster endpoint');
        }
      },
    },
  ];
}
