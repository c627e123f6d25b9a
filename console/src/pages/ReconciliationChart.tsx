/**
 * The reconciliation's groups as an Apache ECharts bar chart (computed / instructed / confirmed per
 * township and issuing bank). Only the parts used are registered (tree-shaken); canvas renderer.
 * ECharts needs no eval and no inline script, so it runs under the console's CSP.
 */
import { BarChart } from 'echarts/charts';
import { GridComponent, LegendComponent, TooltipComponent } from 'echarts/components';
import * as echarts from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { useEffect, useRef } from 'react';
import { formatFen } from '../format';

echarts.use([BarChart, GridComponent, LegendComponent, TooltipComponent, CanvasRenderer]);

export interface ChartSeries {
  name: string;
  values: string[];
}

export function ReconciliationChart({ categories, series }: { categories: string[]; series: ChartSeries[] }) {
  const element = useRef<HTMLDivElement>(null);
  // Drawn again only when the figures or labels change (the arrays are new on every render).
  const key = JSON.stringify({ categories, series });
  useEffect(() => {
    const chart = echarts.init(element.current!, undefined, { renderer: 'canvas' });
    chart.setOption({
      animation: false,
      color: ['#1f6f43', '#d48806', '#1677ff'],
      tooltip: { trigger: 'axis', valueFormatter: (v: unknown) => formatFen(String(v)) },
      legend: { top: 0 },
      grid: { left: 12, right: 12, top: 36, bottom: 8, containLabel: true },
      // Every label shown, turned when there are many, and cut to a bank name's width rather than overlapping.
      xAxis: { type: 'category', data: categories, axisLabel: { interval: 0, rotate: categories.length > 8 ? 35 : 0, width: 110, overflow: 'truncate' } },
      yAxis: { type: 'value' },
      // The decimal strings as the hub sent them: ECharts reads them as numbers only to draw bars.
      series: series.map((s) => ({ type: 'bar', name: s.name, data: s.values, barMaxWidth: 32 })),
    });
    const resize = () => chart.resize();
    window.addEventListener('resize', resize);
    return () => {
      window.removeEventListener('resize', resize);
      chart.dispose();
    };
  }, [key]);
  return <div ref={element} data-testid="reconciliation-chart" style={{ width: '100%', height: 320 }} />;
}
