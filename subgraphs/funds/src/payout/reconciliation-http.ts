/**
 * GET /subsidy/reconciliations/{county}/{quarter}.csv|.xlsx (through the gateway:
 * GET /downloads/subsidy-reconciliation/{county}/{quarter}.csv|.xlsx): the reconciliation file,
 * for the county's finance bureau, its bureau and admins.
 */
import type { DataSource } from 'typeorm';
import type { HubConfig } from '../../../../common/config';
import { sendJson } from '../../../../common/http/graphql-http-server';
import type { Logger } from '../../../../common/logger';
import type { SubgraphRoute } from '../../../../common/subgraph-service';
import { SubsidyInputError } from '../subsidy/domain/settlement-window';
import { reconciliationCsv, writeReconciliationXlsx } from './reconciliation-file';
import { ReconciliationService } from './reconciliation.service';
import { isCountyOfficial } from '../../../../common/auth/caller';

export function reconciliationRoutes(dataSource: DataSource, _config: HubConfig, _logger: Logger): SubgraphRoute[] {
  const reconciliations = new ReconciliationService(dataSource);
  return [
    {
      method: 'GET',
      path: /^\/subsidy\/reconciliations\/(\d{6})\/(\d{4}Q[1-4])\.(csv|xlsx)$/,
      async handle(_request, response, context, [countyCode, quarter, format]) {
        const { caller } = context;
        if (!(isCountyOfficial(caller, countyCode))) {
          return sendJson(response, 403, { error: `the reconciliation of county ${countyCode} is shown to its finance bureau, its bureau and admins`, code: 'FORBIDDEN' });
        }
        try {
          const reconciliation = await reconciliations.reconcile(countyCode, quarter);
          if (!reconciliation) return sendJson(response, 404, { error: `no subsidy computed for ${countyCode} ${quarter}`, code: 'NOT_FOUND' });
          const filename = `subsidy-reconciliation-${countyCode}-${quarter}.${format}`;
          if (format === 'xlsx') {
            response.writeHead(200, {
              'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
              'content-disposition': `attachment; filename="${filename}"`,
            });
            return await writeReconciliationXlsx(reconciliation, response);
          }
          const body = reconciliationCsv(reconciliation);
          response.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${filename}"`, 'content-length': Buffer.byteLength(body) });
          response.end(body);
        } catch (error) {
          if (error instanceof SubsidyInputError) return sendJson(response, 400, { error: error.message, code: 'BAD_REQUEST' });
          throw error;
        }
      },
    },
  ];
}
