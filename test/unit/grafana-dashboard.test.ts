/**
 * The committed Grafana dashboard (docs/grafana/huinong-hub.json) against the series the hub's code
 * registers (issue 18): every metric a panel queries is one the services or the worker register,
 * with the labels the query selects and groups by, and every series of the hub's own (not
 * prom-client's defaults) has a panel — so a renamed, dropped or new series fails here, not on an
 * operator's empty graph. The registries are built as the services build them; only their metric
 * objects are read, so no database or queue is needed.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { createServiceMetrics } from '../../common/metrics/service-metrics';
import { createWorkerMetrics } from '../../queues/src/worker-metrics';

const DASHBOARD = join(__dirname, '..', '..', 'docs', 'grafana', 'huinong-hub.json');

interface Target {
  refId?: string;
  expr?: string;
  legendFormat?: string;
  datasource?: { type?: string; uid?: string };
}
interface Panel {
  id?: number;
  type?: string;
  title?: string;
  datasource?: { type?: string; uid?: string };
  targets?: Target[];
  panels?: Panel[];
}
interface Dashboard {
  schemaVersion?: number;
  panels: Panel[];
  templating?: { list: { name: string; type: string; query?: unknown; datasource?: { uid?: string } }[] };
}

interface Registered {
  type: string;
  labels: Set<string>;
}

/** prom-client keeps labelNames on each metric instance; its typings leave them out. */
type MetricWithLabels = { name: string; type: string; labelNames?: readonly string[] };

/** Every metric of these registries by name, with the labels its series carry (its own and the registry's default ones). */
async function registered(registries: Registry[]): Promise<Map<string, Registered>> {
  const metrics = new Map<string, Registered>();
  for (const registry of registries) {
    // The default labels (service) are not in labelNames: read them off a series that always has a value.
    const start = (await registry.getMetricsAsJSON()).find((m) => m.name === 'hub_process_start_time_seconds');
    const defaults = Object.keys(start?.values[0]?.labels ?? {});
    expect(defaults).toContain('service');
    for (const metric of registry.getMetricsAsArray() as unknown as MetricWithLabels[]) {
      const labels = metrics.get(metric.name)?.labels ?? new Set<string>();
      for (const label of [...(metric.labelNames ?? []), ...defaults]) labels.add(label);
      metrics.set(metric.name, { type: String(metric.type), labels });
    }
  }
  return metrics;
}

function allPanels(panels: Panel[]): Panel[] {
  // A collapsed row holds its panels inside it; an open row is followed by them.
  return panels.flatMap((panel) => [panel, ...allPanels(panel.panels ?? [])]);
}

const HISTOGRAM_SERIES = /_(bucket|sum|count)$/;

/** The metric a series name in a query belongs to: a histogram's _bucket/_sum/_count are its base name. */
function baseName(series: string, metrics: Map<string, Registered>): { name: string; suffix?: string } {
  const suffix = HISTOGRAM_SERIES.exec(series)?.[1];
  const base = series.replace(HISTOGRAM_SERIES, '');
  if (suffix && metrics.get(base)?.type === 'histogram') return { name: base, suffix };
  return { name: series };
}

/** What one query uses: its series, the labels it selects on each, and the labels it groups by. */
function parseQuery(expr: string): { series: string[]; selectors: { series: string; labels: string[]; rest: string }[]; groupedBy: string[] } {
  const series = [...expr.matchAll(/\bhub_[a-z0-9_]+/g)].map((m) => m[0]);
  const selectors = [...expr.matchAll(/\b(hub_[a-z0-9_]+)\s*\{([^}]*)\}/g)].map(([, name, body]) => {
    const matchers = [...body.matchAll(/([A-Za-z_][A-Za-z0-9_]*)\s*(?:=~|!~|!=|=)\s*"(?:[^"\\]|\\.)*"/g)];
    // Whatever is left once the matchers are taken out is something this parser did not read.
    const rest = matchers.reduce((left, m) => left.replace(m[0], ''), body).replace(/[\s,]/g, '');
    return { series: name, labels: matchers.map((m) => m[1]), rest };
  });
  const groupedBy = [...expr.matchAll(/\bby\s*\(([^)]*)\)/g)].flatMap((m) =>
    m[1]
      .split(',')
      .map((label) => label.trim())
      .filter(Boolean),
  );
  return { series, selectors, groupedBy };
}

describe('Grafana dashboard (docs/grafana/huinong-hub.json)', () => {
  const dashboard = JSON.parse(readFileSync(DASHBOARD, 'utf8')) as Dashboard;
  const panels = allPanels(dashboard.panels);
  const queried = panels.filter((panel) => panel.type !== 'row');
  const targets = queried.flatMap((panel) => (panel.targets ?? []).map((target) => ({ panel: panel.title ?? `#${panel.id}`, target })));

  let metrics: Map<string, Registered>;
  let defaultMetrics: Set<string>;
  beforeAll(async () => {
    // As the code builds them: one registry per HTTP service, the worker's with its jobs, queues and banks.
    const gateway = createServiceMetrics('gateway');
    const worker = createWorkerMetrics({ lagByBank: async () => [] });
    metrics = await registered([gateway.registry, worker.service.registry]);
    const defaults = new Registry();
    collectDefaultMetrics({ register: defaults, prefix: 'hub_' });
    defaultMetrics = new Set(defaults.getMetricsAsArray().map((m) => m.name));
  });

  it('is a current-schema dashboard whose panels all query through the ${datasource} variable', () => {
    expect(dashboard.schemaVersion).toBeGreaterThanOrEqual(36);
    const variables = dashboard.templating?.list ?? [];
    expect(variables.find((v) => v.name === 'datasource')).toMatchObject({ type: 'datasource', query: 'prometheus' });
    expect(variables.find((v) => v.name === 'service')).toMatchObject({
      type: 'query',
      query: 'label_values(hub_process_start_time_seconds, service)',
      datasource: { uid: '${datasource}' },
    });
    expect(queried.length).toBeGreaterThan(0);
    const wrong = queried.flatMap((panel) => {
      const problems: string[] = [];
      if (panel.datasource?.type !== 'prometheus' || panel.datasource.uid !== '${datasource}') problems.push('panel datasource');
      if (!panel.targets?.length) problems.push('no targets');
      for (const target of panel.targets ?? []) {
        if (!target.expr?.trim()) problems.push(`${target.refId}: no expr`);
        if (target.datasource && target.datasource.uid !== '${datasource}') problems.push(`${target.refId}: target datasource`);
      }
      return problems.map((problem) => `${panel.title ?? `#${panel.id}`}: ${problem}`);
    });
    expect(wrong).toEqual([]);
  });

  it('titles every panel and row in Chinese first, English after', () => {
    // Chinese (terms such as GraphQL or CPU kept as they are) up to the slash, then English only.
    const bilingual = /^(?=[^/]*\p{Script=Han})[^/]+\/ [^\p{Script=Han}]*[A-Za-z][^\p{Script=Han}]*$/u;
    const untitled = panels.filter((panel) => !bilingual.test(panel.title ?? '')).map((panel) => panel.title ?? `#${panel.id}`);
    expect(untitled).toEqual([]);
    const ids = panels.map((panel) => panel.id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('queries only series the hub registers, each with labels it has', () => {
    const problems: string[] = [];
    const queries = targets.map(({ panel, target }) => ({ where: panel, expr: target.expr ?? '', legend: target.legendFormat ?? '' }));
    // The service variable's query names a series and a label too.
    queries.push({ where: 'variable service', expr: 'hub_process_start_time_seconds{service=~".+"}', legend: '' });
    for (const { where, expr, legend } of queries) {
      // This parser reads selectors and `by (…)`; other grouping forms would pass unread.
      if (/\b(without|on|ignoring|group_left|group_right)\s*\(/.test(expr)) problems.push(`${where}: a grouping form this test does not read: ${expr}`);
      const { series, selectors, groupedBy } = parseQuery(expr);
      if (series.length === 0) problems.push(`${where}: no hub_ series in ${expr}`);
      const resolved = series.map((name) => ({ series: name, ...baseName(name, metrics) }));
      for (const { series: name, name: base, suffix } of resolved) {
        const metric = metrics.get(base);
        if (!metric) problems.push(`${where}: ${name} is not a series the hub registers`);
        else if (metric.type === 'histogram' && !suffix) problems.push(`${where}: ${name} is a histogram: query its _bucket, _sum or _count`);
      }
      const labelsOf = (name: string) => {
        const { name: base, suffix } = baseName(name, metrics);
        const labels = new Set(metrics.get(base)?.labels ?? []);
        if (suffix === 'bucket') labels.add('le');
        return labels;
      };
      for (const selector of selectors) {
        if (selector.rest) problems.push(`${where}: could not read the selector of ${selector.series}: ${selector.rest}`);
        for (const label of selector.labels) if (!labelsOf(selector.series).has(label)) problems.push(`${where}: ${selector.series} has no label ${label}`);
      }
      // Grouping by a label one of the series lacks would merge what the panel means to split.
      for (const label of groupedBy) for (const name of series) if (!labelsOf(name).has(label)) problems.push(`${where}: ${name} has no label ${label} (by)`);
      for (const [, label] of legend.matchAll(/\{\{\s*([A-Za-z_][A-Za-z0-9_]*)\s*\}\}/g))
        if (!groupedBy.includes(label)) problems.push(`${where}: legend {{${label}}} is not a label the query keeps`);
    }
    expect(problems).toEqual([]);
  });

  it("shows every series of the hub's own in at least one panel", () => {
    const shown = new Set(targets.flatMap(({ target }) => parseQuery(target.expr ?? '').series.map((series) => baseName(series, metrics).name)));
    const own = [...metrics.keys()].filter((name) => !defaultMetrics.has(name)).sort();
    // The series issue 18 names, so a registry that lost them cannot pass by having less to show.
    expect(own).toEqual(
      expect.arrayContaining([
        'hub_graphql_operation_duration_seconds',
        'hub_http_request_duration_seconds',
        'hub_subgraph_fetch_duration_seconds',
        'hub_job_duration_seconds',
        'hub_bank_delivery_lag_seconds',
      ]),
    );
    expect(own.filter((name) => !shown.has(name))).toEqual([]);
    // And the process panels: CPU, memory, event loop.
    for (const name of ['hub_process_cpu_seconds_total', 'hub_process_resident_memory_bytes', 'hub_nodejs_eventloop_lag_p99_seconds'])
      expect([name, shown.has(name)]).toEqual([name, true]);
  });
});
