/**
 * Roster file endpoints of the households subgraph (reached through the gateway's
 * /uploads/rosters and /downloads/roster-imports/…):
 *   POST /rosters/imports?county=532301&mode=skip_bad_rows&encoding=auto&filename=x.csv   body: the file
 *   GET  /rosters/imports/{id}/errors.csv | errors.xlsx                                    the error report
 * Uploads are spooled to a temporary file (hashing needs a second pass) and never held in memory.
 */
import ExcelJS from 'exceljs';
import { createHash } from 'node:crypto';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { Transform } from 'node:stream';
import type { DataSource } from 'typeorm';
import { UUID_PATTERN } from '../../../../common/codes';
import type { HubConfig } from '../../../../common/config';
import { sendJson } from '../../../../common/http/graphql-http-server';
import type { Logger } from '../../../../common/logger';
import { protectorFromConfig } from '../../../../common/pii/protector';
import type { SubgraphRoute } from '../../../../common/subgraph-service';
import { RosterError } from './roster-access';
import { RosterImportService } from './roster-import.service';
import { RosterReportService } from './roster-report.service';
import { toImportJson, toImportView } from './roster.mapper';

/** Largest roster file accepted (1M households is ~150 MB of CSV). */
export const MAX_UPLOAD_BYTES = 1024 * 1024 * 1024;

const ERROR_REPORT_HEADERS = ['行号 Row', '列 Column', '值 Value', '错误代码 Code', '说明', 'Message'];

function statusOf(error: unknown): number {
  if (error instanceof RosterError) return error.code === 'FORBIDDEN' ? 403 : error.code === 'ROSTER_NOT_FOUND' ? 404 : 400;
  return 500;
}

function sendError(response: ServerResponse, error: unknown, logger: Logger): void {
  const status = statusOf(error);
  if (status === 500) logger.error('roster endpoint failed', { error });
  const body = status === 500 ? { error: 'Internal server error', code: 'INTERNAL_SERVER_ERROR' } : { error: (error as Error).message, code: (error as RosterError).code };
  if (!response.headersSent) sendJson(response, status, body);
  else response.end();
}

/** Writes the body to `path`, hashing it on the way (the import then needs no second read for it). */
async function spool(request: IncomingMessage, path: string): Promise<{ size: number; sha256: string }> {
  let size = 0;
  const hash = createHash('sha256');
  const limit = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      size += chunk.length;
      hash.update(chunk);
      if (size > MAX_UPLOAD_BYTES) done(new RosterError('ROSTER_BAD_FILE', `the file is larger than ${MAX_UPLOAD_BYTES} bytes`));
      else done(null, chunk);
    },
  });
  await pipeline(request, limit, createWriteStream(path));
  return { size, sha256: hash.digest('hex') };
}

export function rosterRoutes(dataSource: DataSource, config: HubConfig, logger: Logger): SubgraphRoute[] {
  const importer = new RosterImportService(dataSource, protectorFromConfig(config.pii));
  const reports = new RosterReportService(dataSource);
  return [
    {
      method: 'POST',
      path: /^\/rosters\/imports$/,
      async handle(request, response, context, _params, url) {
        const dir = await mkdtemp(join(tmpdir(), 'huinong-upload-'));
        try {
          const countyCode = url.searchParams.get('county') ?? '';
          const modeParam = (url.searchParams.get('mode') ?? 'reject_file').toLowerCase();
          if (modeParam !== 'reject_file' && modeParam !== 'skip_bad_rows') throw new RosterError('ROSTER_BAD_REQUEST', 'mode must be reject_file or skip_bad_rows');
          const fileName = (url.searchParams.get('filename') ?? 'roster.csv').replace(/[/\\]/g, '_').slice(0, 255);
          const path = join(dir, 'upload');
          const { size, sha256 } = await spool(request, path);
          if (size === 0) throw new RosterError('ROSTER_EMPTY_FILE', 'the request body is empty: send the file as the body');
          const started = Date.now();
          const outcome = await importer.importFile(context.caller, {
            countyCode,
            path,
            fileName,
            format: url.searchParams.get('format') ?? undefined,
            encoding: url.searchParams.get('encoding') ?? undefined,
            mode: modeParam,
            contentSha256: sha256,
          });
          context.logger.info('roster imported', { county: countyCode, import: outcome.import.id, rows: outcome.import.totalRows, errors: outcome.import.errorCount, duplicate: outcome.duplicate, ms: Date.now() - started });
          sendJson(response, outcome.duplicate ? 200 : 201, toImportJson(toImportView(outcome.import, outcome.duplicate)));
        } catch (error) {
          request.resume();
          sendError(response, error, context.logger);
        } finally {
          await rm(dir, { recursive: true, force: true });
        }
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
          const rows = errors.map((e) => [e.row, e.column, e.value, e.code, e.messageZh, e.messageEn]);
          const name = `roster-import-${report.id.slice(0, 8)}-errors.${format}`;
          if (format === 'csv') {
            response.writeHead(200, { 'content-type': 'text/csv; charset=utf-8', 'content-disposition': `attachment; filename="${name}"` });
            // BOM: Excel on Chinese Windows then opens the UTF-8 file with the right characters.
            response.write('\uFEFF' + ERROR_REPORT_HEADERS.join(',') + '\r\n');
            for (const row of rows) response.write(row.map((v) => (/[",\r\n]/.test(String(v)) ? `"${String(v).replace(/"/g, '""')}"` : String(v))).join(',') + '\r\n');
            response.end();
          } else {
            response.writeHead(200, {
              'content-type': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
              'content-disposition': `attachment; filename="${name}"`,
            });
            const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: response });
            const sheet = workbook.addWorksheet('错误报告');
            sheet.addRow(ERROR_REPORT_HEADERS).commit();
            for (const row of rows) sheet.addRow(row).commit();
            sheet.commit();
            await workbook.commit();
          }
        } catch (error) {
          sendError(response, error, context.logger);
        }
      },
    },
  ];
}
