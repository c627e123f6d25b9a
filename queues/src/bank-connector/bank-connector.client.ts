/**
 * The hub's side of the bank connector protocol (schema/bank-connector.openapi.yaml), over
 * plain HTTP with a timeout on every call. Each call reaches the bank where its resolver says
 * (bank-endpoints.ts: the registry's connectorUrl and credentialRef, else the URL template).
 * Errors say which bank, which call and what came back; those that retrying cannot fix are
 * PermanentDeliveryError, so the delivery is parked at once.
 */
import {
  BANK_CONNECTOR_PATHS,
  type BeneficiaryListDelivery,
  type ConnectorError,
  type DeliveryAck,
  IDEMPOTENCY_KEY_HEADER,
  type LoanRecordsPage,
  type PayoutBatchMessage,
  type PayoutBatchResult,
} from '../../../contracts/bank-connector/protocol';
import { PermanentDeliveryError, SequenceGapError } from '../../../subgraphs/households/src/households.app';
import { templateEndpoints, type BankEndpoint, type EndpointResolution, type EndpointResolver } from './bank-endpoints';

export type BankConnectorSettings = { timeoutMs: number } & ({ endpoints: EndpointResolver } | { urlTemplate: string; token: string });

export class BankConnectorError extends Error {}

/** The bank cannot be reached as registered (no connector, a credential the hub cannot resolve): no call was made. */
export class BankEndpointError extends BankConnectorError {}

export class BankConnectorClient {
  private readonly endpoints: EndpointResolver;

  constructor(private readonly settings: BankConnectorSettings) {
    this.endpoints = 'endpoints' in settings ? settings.endpoints : templateEndpoints(settings.urlTemplate, settings.token);
  }

  /** Where and how this bank is reached now, or why it cannot be. */
  resolve(bankCode: string): Promise<EndpointResolution> {
    return this.endpoints(bankCode);
  }

  private async endpoint(bankCode: string): Promise<BankEndpoint> {
    const resolution = await this.endpoints(bankCode);
    if (!resolution.ok) throw new BankEndpointError(resolution.reason);
    return resolution.endpoint;
  }

  async deliverList(bankCode: string, message: BeneficiaryListDelivery, idempotencyKey: string): Promise<DeliveryAck> {
    const what = `list delivery ${message.sequence} to ${bankCode}`;
    const endpoint = await this.endpoint(bankCode);
    const response = await this.call(what, endpoint, `${endpoint.baseUrl}${BANK_CONNECTOR_PATHS.listDeliveries}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDEMPOTENCY_KEY_HEADER]: idempotencyKey },
      body: JSON.stringify(message),
    });
    const body = await readJson(response);
    if (response.ok) {
      const ack = body as DeliveryAck;
      if (ack?.sequence !== message.sequence || (ack.status !== 'APPLIED' && ack.status !== 'ALREADY_APPLIED')) {
        throw new BankConnectorError(`${what}: the bank acknowledged ${JSON.stringify(body)?.slice(0, 200)}, not sequence ${message.sequence}`);
      }
      return ack;
    }
    const error = body as Partial<ConnectorError> | null;
    const detail = `${what}: HTTP ${response.status}${error?.error ? ` ${error.error}` : ''}${error?.message ? `: ${error.message}` : ''}`;
    // 5xx and 429 are the bank's trouble of the moment; anything else it will answer the same way again.
    if (response.status >= 500 || response.status === 429 || response.status === 408) throw new BankConnectorError(detail);
    if (error?.error === 'SEQUENCE_GAP') {
      const message = `${detail} (the bank expects ${error.expectedSequence}; it has lost deliveries the hub saw acknowledged: reconcile, then replay)`;
      // The expected sequence travels as a number (kept on the delivery for a resync), however long the bank's message.
      const expected = error.expectedSequence;
      if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= 1) throw new SequenceGapError(message, expected);
      throw new PermanentDeliveryError(message);
    }
    throw new PermanentDeliveryError(detail);
  }

  /** A payout batch; the bank answers every line. Retrying with the same key replays its first answer. */
  async sendPayoutBatch(bankCode: string, message: PayoutBatchMessage, idempotencyKey: string): Promise<PayoutBatchResult> {
    const what = `payout batch ${message.batchId} to ${bankCode}`;
    const endpoint = await this.endpoint(bankCode);
    const response = await this.call(what, endpoint, `${endpoint.baseUrl}${BANK_CONNECTOR_PATHS.payoutBatches}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', [IDEMPOTENCY_KEY_HEADER]: idempotencyKey },
      body: JSON.stringify(message),
    });
    const body = await readJson(response);
    if (!response.ok) {
      const error = body as Partial<ConnectorError> | null;
      throw new BankConnectorError(`${what}: HTTP ${response.status}${error?.error ? ` ${error.error}` : ''}${error?.message ? `: ${error.message}` : ''}`);
    }
    const result = body as PayoutBatchResult;
    if (!result || result.batchId !== message.batchId || !Array.isArray(result.lines))
      throw new BankConnectorError(`${what}: the answer is not a payout result for this batch`);
    return result;
  }

  async fetchLoanRecords(bankCode: string, after: string | null, limit: number): Promise<LoanRecordsPage> {
    const endpoint = await this.endpoint(bankCode);
    const url = new URL(`${endpoint.baseUrl}${BANK_CONNECTOR_PATHS.loanRecords}`);
    if (after) url.searchParams.set('after', after);
    url.searchParams.set('limit', String(limit));
    const what = `loan records of ${bankCode} after ${after ?? 'the beginning'}`;
    const response = await this.call(what, endpoint, url.toString(), { method: 'GET' });
    const body = await readJson(response);
    if (!response.ok) throw new BankConnectorError(`${what}: HTTP ${response.status} ${JSON.stringify(body)?.slice(0, 200) ?? ''}`);
    const page = body as LoanRecordsPage;
    if (!page || !Array.isArray(page.records) || typeof page.hasMore !== 'boolean' || (page.nextCursor !== null && typeof page.nextCursor !== 'string')) {
      throw new BankConnectorError(`${what}: the answer is not a loan-record page`);
    }
    return page;
  }

  private async call(what: string, endpoint: BankEndpoint, url: string, init: RequestInit): Promise<Response> {
    try {
      return await fetch(url, {
        ...init,
        headers: { ...(init.headers as Record<string, string>), authorization: `Bearer ${endpoint.token}`, accept: 'application/json' },
        signal: AbortSignal.timeout(this.settings.timeoutMs),
      });
    } catch (error) {
      const reason =
        (error as Error).name === 'TimeoutError'
          ? `no answer within ${this.settings.timeoutMs} ms`
          : ((error as Error & { cause?: Error }).cause?.message ?? (error as Error).message);
      throw new BankConnectorError(`${what}: ${reason}`);
    }
  }
}

async function readJson(response: Response): Promise<unknown> {
  const text = await response.text();
  try {
    return text ? JSON.parse(text) : null;
  } catch {
    return { message: text.slice(0, 200) };
  }
}
