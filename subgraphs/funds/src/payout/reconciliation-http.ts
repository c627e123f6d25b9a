/**
 * GET /subsidy/reconciliations/{county}/{quarter}.csv|.xlsx (through the gateway:
 * GET /downloads/subsidy-reconciliation/{county}/{quarter}.csv|.xlsx): the reconciliation file,
 * for the county's finance bureau, its bureau and admins.
 */
import type { Logger } from '../../../../common/logger';
import type { SubgraphRoute } from '../../../../common/subgraph-service';
import { reconciliationCsv, writeReconciliationXlsx } from './reconciliation-file';
import type { FundsApp } from '../funds.app';
import { isCountyOfficial } from '../../../../common/auth/caller';
import { forbidden, HubError } from '../../../../common/errors/hub-error';

export function reconciliationRoutes({ reconciliations }: FundsApp, _logger: Logger): SubgraphRoute[] {
  return [
    {
      method: 'GET',
      path: /^\/subsidy\/reconciliations\/(\d{6})\/(\d{4}Q[1-4])\.(csv|xlsx)$/,
      async handle(_request, response, context, [countyCode, quarter, format]) {
        const { caller } = context;
        if (!isCountyOfficial(caller, countyCode)) {
          throw forbidden(`the reconciliation of county ${countyCode} is shown to its finance bureau, its bureau and admins`);
        }
        const reconciliation = await reconciliations.reconcile(countyCode, quarter);
        if (!reconciliation) throw new HubError('SUBSIDY_NOT_COMPUTED', `no subsidy computed for ${countyCode} ${quarter}`, { field: 'quarter' });
        const filename = `subsidy-reconciliation-${countyCode}-${quarter}.${format}`;
        if (format === 'xlsx') {
          response.writeHead(200, {
            'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
            'content-disposition': `attachment; filename="${filename}"`,
          });
          return await writeReconciliationXlsx(reconciliation, response);
        }
        const body = reconciliationCsv(reconciliation);
        response.writeHead(200, {
          'content-type': 'text/csv; charset=utf-8',
          'content-disposition': `attachment; filename="${filename}"`,
          'content-length': Buffer.byteLength(body),
        });
        response.end(body);
      },
    },
  ];
}
