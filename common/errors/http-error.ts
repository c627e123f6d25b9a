/**
 * The hub's HTTP endpoints (uploads, downloads, the loan report) answer a refusal as
 * `{ error, code, kind, field?, zh }` with the status of its kind; anything else is an internal
 * error: logged in full, answered 500 without detail.
 */
import type { ServerResponse } from 'node:http';
import type { Logger } from '../logger';
import { httpStatusOf } from './error-codes';
import { HubError } from './hub-error';

export function hubErrorBody(error: HubError): Record<string, string> {
  return { error: error.message, code: error.code, kind: error.kind, ...(error.field ? { field: error.field } : {}), zh: error.zh };
}

export function sendHubError(response: ServerResponse, error: unknown, logger: Logger, what: string): void {
  const refusal = error instanceof HubError;
  if (!refusal) logger.error(`${what} failed`, { error });
  if (response.headersSent) {
    response.end();
    return;
  }
  const status = refusal ? httpStatusOf(error.code) : 500;
  const body = refusal ? hubErrorBody(error) : { error: 'Internal server error', code: 'INTERNAL_SERVER_ERROR' };
  response.writeHead(status, { 'content-type': 'application/json; charset=utf-8' }).end(JSON.stringify(body));
}
