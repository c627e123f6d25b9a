/**
 * 一卡通 account file endpoints of the funds subgraph (reached through the gateway's
 * /uploads/one-card-accounts and /downloads/one-card-imports/…):
 *   POST /one-card-accounts/imports?county=532301&mode=reject_file|skip_bad_rows&encoding=auto&filename=x.csv   body: the file
 *   GET  /one-card-accounts/imports/{id}/errors.csv | errors.xlsx                                               the error report
 * The upload answers 202 with the import PENDING_MATCH (the worker matches and applies it;
 * poll `oneCardImport(id)`), 201 when it is already final (rejected, or nothing valid to
 * apply), 200 with `duplicate: true` when the same file was imported before.
 */
import { COUNTY_CODE, UUID_PATTERN } from '../../../../common/codes';
import { sendJson } from '../../../../common/http/graphql-http-server';
import { sendHubError } from '../../../../common/errors/http-error';
import type { Logger } from '../../../../common/logger';
import type { SubgraphRoute } from '../../../../common/subgraph-service';
import { sendErrorReport } from '../../../../common/tabular/error-report';
import { handleTabularUpload } from '../../../../common/tabular/upload';
import type { FundsApp } from '../funds.app';
import { assertCountyFinance, OneCardImportError, oneCardProblem } from './one-card-import-access';
import { toOneCardImportJson, toOneCardImportView } from './one-card-import.mapper';

export function oneCardImportRoutes(
  { oneCardImports: importer, oneCardImportReports: reports, matchEnqueuer: enqueue }: FundsApp,
  _logger: Logger,
): SubgraphRoute[] {
  return [
    {
      method: 'POST',
      path: /^\/one-card-accounts\/imports$/,
      async handle(request, response, context, _params, url) {
        return handleTabularUpload(request, url, {
          defaultFileName: 'accounts.csv',
          problem: oneCardProblem,
          admit: (countyCode) => {
            if (!COUNTY_CODE.test(countyCode)) throw new OneCardImportError('ONE_CARD_BAD_REQUEST', 'county must be a 6-digit county code');
            // Refused before a byte is written to disk.
            assertCountyFinance(context.caller, countyCode);
          },
          importUpload: async (upload) => {
            const started = Date.now();
            const outcome = await importer.importFile(context.caller, upload);
            const record = outcome.import;
            if (record.status === 'PENDING_MATCH') {
              // Committed already: a failure to queue only delays the match until the worker's dispatcher finds it.
              await enqueue(record.id).catch((error) =>
                context.logger.warn('could not queue the 一卡通 import match; the dispatcher will', { import: record.id, error }),
              );
            }
            context.logger.info('一卡通 file imported', {
              county: upload.countyCode,
              import: record.id,
              status: record.status,
              rows: record.totalRows,
              errors: record.errorCount,
              duplicate: outcome.duplicate,
              ms: Date.now() - started,
            });
            const status = outcome.duplicate ? 200 : record.status === 'PENDING_MATCH' ? 202 : 201;
            sendJson(response, status, toOneCardImportJson(toOneCardImportView(record, outcome.duplicate)));
          },
          fail: (error) => sendHubError(response, error, context.logger, '一卡通 import endpoint'),
        });
      },
    },
    {
      method: 'GET',
      path: /^\/one-card-accounts\/imports\/([^/]+)\/errors\.(csv|xlsx)$/,
      async handle(_request, response, context, [id, format]) {
        try {
          if (!UUID_PATTERN.test(id)) throw new OneCardImportError('ONE_CARD_IMPORT_NOT_FOUND', `no 一卡通 import ${id}`);
          const report = await reports.importById(context.caller, id);
          const errors = await reports.errors(report.id, null, null);
          await sendErrorReport(response, format as 'csv' | 'xlsx', `one-card-import-${report.id.slice(0, 8)}-errors`, errors);
        } catch (error) {
          sendHubError(response, error, context.logger, '一卡通 import endpoint');
        }
      },
    },
  ];
}
