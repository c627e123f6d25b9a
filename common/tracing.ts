/**
 * Traces (OpenTelemetry), off unless configured: with OTEL_EXPORTER_OTLP_ENDPOINT a process sends
 * its spans there over OTLP/HTTP; without it no provider is registered and every span below is
 * the API's no-op. What is traced: each HTTP request a service answers (a server span, its parent
 * taken from the caller's `traceparent`), each fetch from the gateway to a subgraph (a client
 * span whose context goes with the request), each SQL statement (a client span), and each job
 * (its parent carried in the payload by whoever queued it). @apollo/gateway adds its own spans
 * (plan, execute, fetch) to the same trace. Spans name routes, operations and statements with
 * their values taken out — never personal data.
 */
import { context, propagation, ROOT_CONTEXT, SpanKind, SpanStatusCode, trace, type Context, type Span } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { BatchSpanProcessor, SimpleSpanProcessor, TracerProvider, type SpanExporter } from '@opentelemetry/sdk-trace';
import { Client } from 'pg';

const TRACER = 'huinong-hub';

export interface Tracing {
  /** Sends what is still buffered, then stops. */
  shutdown(): Promise<void>;
  forceFlush(): Promise<void>;
}

/**
 * Starts tracing for this process when an OTLP endpoint is configured, or with `exporter` (a
 * test's in-memory one); otherwise returns undefined and nothing is traced.
 */
export function startTracing(service: string, settings: { otlpEndpoint: string | undefined }, exporter?: SpanExporter): Tracing | undefined {
  if (!exporter && !settings.otlpEndpoint) return undefined;
  const processor = exporter
    ? new SimpleSpanProcessor({ exporter })
    : new BatchSpanProcessor({ exporter: new OTLPTraceExporter({ url: `${settings.otlpEndpoint!.replace(/\/+$/, '')}/v1/traces` }) });
  const provider = new TracerProvider({ resource: resourceFromAttributes({ 'service.name': service }), spanProcessors: [processor] });
  context.setGlobalContextManager(new AsyncLocalStorageContextManager().enable());
  propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  trace.setGlobalTracerProvider(provider);
  traceSqlStatements();
  return {
    forceFlush: () => provider.forceFlush(),
    async shutdown() {
      await provider.shutdown();
      trace.disable();
      propagation.disable();
      context.disable();
    },
  };
}

const tracer = () => trace.getTracer(TRACER);

/** The context a request's headers carry (`traceparent`), never the one this process happens to be in. */
export function contextFromHeaders(headers: Record<string, string | string[] | undefined>): Context {
  return propagation.extract(ROOT_CONTEXT, headers, {
    get: (carrier, key) => carrier[key],
    keys: (carrier) => Object.keys(carrier),
  });
}

/** Adds the current span's `traceparent` (and `tracestate`) to outgoing headers. */
export function injectTraceHeaders(headers: Record<string, string>): void {
  propagation.inject(context.active(), headers);
}

/** A server span for one request; `end` names it by its route once that is known. */
export function startServerSpan(parent: Context, service: string, method: string): { span: Span; context: Context } {
  const span = tracer().startSpan(method, { kind: SpanKind.SERVER, attributes: { 'hub.service': service, 'http.request.method': method } }, parent);
  return { span, context: trace.setSpan(parent, span) };
}

/** Runs `work` in `ctx` (a server span's context). */
export function withTraceContext<T>(ctx: Context, work: () => T): T {
  return context.with(ctx, work);
}

/** Ends a request's server span, named by the route it took (never the path with its ids). */
export function endServerSpan(span: Span, method: string, answer: { route: string; status: number; operation?: string; requestId: string }): void {
  span.updateName(`${method} ${answer.route}`);
  span.setAttributes({ 'http.route': answer.route, 'http.response.status_code': answer.status, 'hub.request_id': answer.requestId });
  if (answer.operation) span.setAttribute('graphql.operation.name', answer.operation);
  if (answer.status >= 500) span.setStatus({ code: SpanStatusCode.ERROR });
  span.end();
}

/** A job payload carrying the current trace context (a payload that has one keeps it). */
export function stampTraceContext<T>(data: T): T {
  const carrier = traceCarrier();
  if (!carrier || typeof data !== 'object' || data === null || Array.isArray(data) || 'traceContext' in data) return data;
  return { ...data, traceContext: carrier };
}

/** The trace context a job's payload carries, if any. */
export function traceContextOfPayload(data: unknown): Record<string, string> | undefined {
  const carried = typeof data === 'object' && data !== null ? (data as { traceContext?: unknown }).traceContext : undefined;
  if (typeof carried !== 'object' || carried === null) return undefined;
  const { traceparent, tracestate } = carried as { traceparent?: unknown; tracestate?: unknown };
  if (typeof traceparent !== 'string') return undefined;
  return typeof tracestate === 'string' ? { traceparent, tracestate } : { traceparent };
}

/** Runs `work` as the active span `span`, which ends with its outcome (an error marks it). */
async function endingWith<T>(span: Span, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    throw error;
  } finally {
    span.end();
  }
}

/** Runs `work` inside a client span named `name`, ended with its outcome. */
export function inClientSpan<T>(name: string, attributes: Record<string, string>, work: () => Promise<T>): Promise<T> {
  return tracer().startActiveSpan(name, { kind: SpanKind.CLIENT, attributes }, (span) => endingWith(span, work));
}

/** A job's run as a consumer span, its parent the context its payload carries. */
export function inJobSpan<T>(queue: string, job: string, carried: Record<string, string> | undefined, work: () => Promise<T>): Promise<T> {
  const attributes = { 'messaging.destination.name': queue, 'hub.job': job };
  const parent = carried ? contextFromHeaders(carried) : ROOT_CONTEXT;
  return tracer().startActiveSpan(`job ${job}`, { kind: SpanKind.CONSUMER, attributes }, parent, (span) => endingWith(span, work));
}

/** The current trace context as a job payload carries it, or undefined outside any traced work. */
export function traceCarrier(): Record<string, string> | undefined {
  if (!trace.getSpan(context.active())) return undefined;
  const carrier: Record<string, string> = {};
  propagation.inject(context.active(), carrier);
  return Object.keys(carrier).length ? carrier : undefined;
}

/** A statement's shape without its values: literals and numbers become ?, whitespace one space, at most 160 characters. */
export function statementSummary(text: string): string {
  return text
    .replace(/'(?:[^']|'')*'/g, '?')
    .replace(/\b\d+(?:\.\d+)?\b/g, '?')
    .replace(/\s+/g, ' ')
    .trim()
    .slice(0, 160);
}

let sqlTraced = false;

/**
 * A client span per statement sent by any pg client in this process (TypeORM's included), when a
 * span is active: pg's Client.query is wrapped once. Streams (COPY, cursors) are passed through.
 */
function traceSqlStatements(): void {
  if (sqlTraced) return;
  sqlTraced = true;
  const query = Client.prototype.query as (...args: unknown[]) => unknown;
  Client.prototype.query = function tracedQuery(this: Client, ...args: unknown[]) {
    const [first] = args;
    const isStream = typeof first === 'object' && first !== null && typeof (first as { submit?: unknown }).submit === 'function';
    if (isStream || !trace.getSpan(context.active())) return query.apply(this, args);
    const text = typeof first === 'string' ? first : typeof first === 'object' && first !== null ? String((first as { text?: unknown }).text ?? '') : '';
    const span = tracer().startSpan('pg.query', {
      kind: SpanKind.CLIENT,
      attributes: { 'db.system': 'postgresql', 'db.query.summary': statementSummary(text) },
    });
    const end = (error?: Error) => {
      if (error) span.setStatus({ code: SpanStatusCode.ERROR, message: error.message });
      span.end();
    };
    const callback = typeof args[args.length - 1] === 'function' ? (args[args.length - 1] as (error: Error | null, ...rest: unknown[]) => void) : undefined;
    if (callback) {
      args[args.length - 1] = (error: Error | null, ...rest: unknown[]) => {
        end(error ?? undefined);
        callback(error, ...rest);
      };
      return query.apply(this, args);
    }
    const result = query.apply(this, args) as Promise<unknown>;
    return result.then(
      (value) => {
        end();
        return value;
      },
      (error: Error) => {
        end(error);
        throw error;
      },
    );
  } as typeof Client.prototype.query;
}
