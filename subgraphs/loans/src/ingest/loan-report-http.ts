/**
 * POST /loans/reports (through the gateway: POST /reports/loans): a bank's batch of up to 5,000
 * loan records as JSON, for batches larger than a GraphQL request may be (MAX_BODY_BYTES, 2 MB by
 * default: 5,000 records with their interest lines come to several MB). Same records, same
 * checks and the same answer as the `reportLoans` mutation.
 */
import type { IncomingMessage } from 'node:http';
import { MAX_RECORDS_PER_MESSAGE } from '../../../../contracts/bank-connector/protocol';
import { sendJson } from '../../../../common/http/graphql-http-server';
import type { Logger } from '../../../../common/logger';
import type { SubgraphRoute } from '../../../../common/subgraph-service';
import type { LoansApp } from '../loans.app';
import { forbidden, HubError } from '../../../../common/errors/hub-error';

/** 5,000 records of ~1.5 KB each, with room to spare. */
const MAX_REPORT_BYTES = 32 * 1024 * 1024;

async function readJsonBody(request: IncomingMessage): Promise<unknown> {
  if (!/^application\/json\b/i.test(request.headers['content-type'] ?? ''))
    throw new HubError('UNSUPPORTED_MEDIA_TYPE', 'send the records as application/json');
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request) {
    size += (chunk as Buffer).length;
    if (size > MAX_REPORT_BYTES) throw new HubError('PAYLOAD_TOO_LARGE', `a report may be at most ${MAX_REPORT_BYTES / 1024 / 1024} MB`);
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw new HubError('BAD_JSON', 'the body is not valid JSON');
  }
}

export function loanReportRoutes({ ingest }: LoansApp, _logger: Logger): SubgraphRoute[] {
  return [
    {
      method: 'POST',
      path: /^\/loans\/reports$/,
      async handle(request, response, context) {
        try {
          const { caller } = context;
          if (caller.role !== 'bank' || !caller.bank) throw forbidden('only a bank reports loans, for itself');
          const body = (await readJsonBody(request)) as { records?: unknown };
          if (!body || !Array.isArray(body.records)) throw new HubError('BAD_REQUEST', 'the body must be {"records": [ … ]}');
          if (body.records.length > MAX_RECORDS_PER_MESSAGE)
            throw new HubError('BAD_REQUEST', `at most ${MAX_RECORDS_PER_MESSAGE} records per report, got ${body.records.length}`);
          const started = Date.now();
          const result = await ingest.apply(caller.bank, body.records, 'REPORT');
          context.logger.info('loan report applied', {
            bank: caller.bank,
            received: result.received,
            applied: result.applied,
            duplicates: result.duplicates,
            rejected: result.rejected.length,
            ms: Date.now() - started,
          });
          sendJson(response, 200, result);
        } catch (error) {
          request.resume();
          throw error;
        }
      },
    },
  ];
}
