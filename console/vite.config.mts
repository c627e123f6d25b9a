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
    chunkSizeWarningLimit: 2000,
    // antd marks its modules "use client" (for React Server Components); a plain client bundle ignores it.
    rolldownOptions: { checks: { moduleLevelDirective: false } },
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
