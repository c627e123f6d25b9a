/**
 * The console's build: static files under console/dist, served by the gateway at /console.
 * JSX is compiled by Vite 8's own transformer (oxc, React's automatic runtime). @vitejs/plugin-react
 * is not used: npm 11 cannot install 6.x beside this repo's jest (its optional peer chain
 * @rolldown/plugin-babel → @babel/core 8 conflicts with jest's @babel/core 7: ERESOLVE), and
 * for a production build it would add nothing (Fast Refresh is a dev-server feature).
 */
import { defineConfig } from 'vite';

export default defineConfig({
  base: '/console/',
  oxc: { jsx: { runtime: 'automatic', importSource: 'react' } },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // antd is the largest chunk (998 kB, 323 kB gzipped on the last build), loaded once and cached; anything past it is worth a warning.
    chunkSizeWarningLimit: 1000,
    // The libraries change far less often than the pages: each its own chunk, cached across the console's releases.
    // ECharts and pdf.js are loaded only by the pages that draw a chart or read a PDF.
    rolldownOptions: {
      // antd marks its modules "use client" (for React Server Components); a plain client bundle ignores it.
      checks: { moduleLevelDirective: false },
      output: {
        codeSplitting: {
          groups: [
            { name: 'react', test: /[\\/]node_modules[\\/](react|react-dom|scheduler)[\\/]/, priority: 30 },
            { name: 'echarts', test: /[\\/]node_modules[\\/](echarts|zrender)[\\/]/, priority: 20 },
            { name: 'apollo', test: /[\\/]node_modules[\\/](@apollo|graphql|rxjs|@wry|optimism|zen-observable-ts|tslib)[\\/]/, priority: 20 },
            { name: 'antd', test: /[\\/]node_modules[\\/](antd|@ant-design|@rc-component|rc-[\w-]+|dayjs|@emotion|stylis)[\\/]/, priority: 10 },
          ],
        },
      },
    },
  },
  server: {
    proxy: {
      '/graphql': 'http://127.0.0.1:4000',
      '/uploads': 'http://127.0.0.1:4000',
      '/downloads': 'http://127.0.0.1:4000',
      '/auth': 'http://127.0.0.1:4000',
      '/console/config.json': 'http://127.0.0.1:4000',
    },
  },
});
