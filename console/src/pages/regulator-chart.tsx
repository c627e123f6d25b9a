/**
 * The regulator's dashboards as Apache ECharts charts: bars and lines over categories (months,
 * townships, counties), a dashed line per series where a rule draws one (the NPL tolerance, the
 * 1:10 leverage), and points marked where a figure swings abnormally. Only the parts used are
 * registered (tree-shaken); canvas renderer; ECharts needs no eval, so it runs under the CSP.
 * The figures drawn are also on the element (data-figures) for the browser test to read.
 */
import { BarChart, LineChart } from 'echarts/charts';
import { GridComponent, LegendComponent, MarkLineComponent, MarkPointComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';

echarts.use([BarChart, LineChart, GridComponent, LegendComponent, MarkLineComponent, MarkPointComponent, TooltipComponent, CanvasRenderer]);

export interface RegulatorSeries {
  name: string;
  kind: 'bar' | 'line';
  /** The hub's figures as it sent them (decimal strings or counts), one per category; null: none. */
  values: (string | number | null)[];
  /** Drawn against the second (right) axis. */
  right?: boolean;
  /** Dashed: a rule's line rather than a figure. */
  dashed?: boolean;
  /** Categories whose point is marked (an abnormal swing). */
  marked?: number[];
}

export interface RegulatorChartProps {
  testId: string;
  categories: string[];
  series: RegulatorSeries[];
  /** How the axes and tooltip show a value. */
  format: (value: number) => string;
  formatRight?: (value: number) => string;
  /** A horizontal rule across the chart (the leverage multiple). */
  rule?: { name: string; value: number };
  height?: number;
}

export function RegulatorChart({ testId, categories, series, format, formatRight, rule, height = 300 }: RegulatorChartProps) {
  const element = useRef<HTMLDivElement>(null);
  const figures = JSON.stringify({ categories, series: series.map((s) => ({ name: s.name, values: s.values })), rule: rule ?? null });
  useEffect(() => {
    const chart = echarts.init(element.current!, undefined, { renderer: 'canvas' });
    const hasRight = series.some((s) => s.right);
    chart.setOption({
      animation: false,
      color: ['#1f6f43', '#1677ff', '#d48806', '#722ed1', '#13a8a8', '#eb2f96'],
      tooltip: {
        trigger: 'axis',
        valueFormatter: (v: unknown) => (v == null || v === '-' ? '—' : format(Number(v))),
      },
      legend: { top: 0, type: 'scroll' },
      grid: { left: 12, right: 12, top: 40, bottom: 8, containLabel: true },
      xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, rotate: categories.length > 8 ? 35 : 0, width: 90, overflow: 'truncate' } },
      yAxis: [
        // The rule's line stays in view even when every figure is far below it.
        {
          type: 'value',
          axisLabel: { formatter: (v: number) => format(v) },
          ...(rule ? { max: (extent: { max: number }) => Math.max(extent.max, rule.value * 1.15) } : {}),
        },
        ...(hasRight ? [{ type: 'value', axisLabel: { formatter: (v: number) => (formatRight ?? format)(v) }, splitLine: { show: false } }] : []),
      ],
      series: series.map((s, index) => ({
        type: s.kind,
        name: s.name,
        yAxisIndex: s.right ? 1 : 0,
        // The decimal strings as the hub sent them: ECharts reads them as numbers only to draw.
        data: s.values.map((v) => (v === null ? '-' : v)),
        barMaxWidth: 28,
        connectNulls: false,
        // A rule's line keeps a small mark at each point: over a single month it would otherwise not show.
        ...(s.dashed ? { lineStyle: { type: 'dashed', width: 2 }, symbol: 'rect', symbolSize: 6 } : {}),
        ...(s.marked && s.marked.length > 0
          ? {
              markPoint: {
                symbol: 'pin',
                symbolSize: 36,
                itemStyle: { color: '#cf1322' },
                label: { formatter: '!' },
                data: s.marked.map((i) => ({ coord: [i, s.values[i] === null ? 0 : Number(s.values[i])] })),
              },
            }
          : {}),
        ...(rule && index === 0
          ? {
              markLine: {
                symbol: 'none',
                lineStyle: { type: 'dashed', color: '#cf1322', width: 2 },
                label: { formatter: rule.name, position: 'insideEndTop' },
                data: [{ yAxis: rule.value }],
              },
            }
          : {}),
      })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
    // Drawn again only when the figures or labels change (the arrays are new on every render).
  }, [figures]);
  return <div ref={element} data-testid={testId} data-figures={figures} style={{ width: '100%', height }} />;
}
