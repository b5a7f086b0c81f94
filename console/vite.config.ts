// Remix console: sources in console/app, build in console/build, served by console/server.ts.
// Run from the repository root (`npm run build`), which is also Vite's root, so the app imports
// the shared domain code (workflows/, activities/) like any other module.
import path from 'node:path';
import { vitePlugin as remix } from '@remix-run/dev';
import { defineConfig } from 'vite';

// Types loader and action data as single fetch serialises it.
declare module '@remix-run/node' {
  interface Future {
    v3_singleFetch: true;
  }
}

const repositoryRoot = path.resolve(import.meta.dirname, '..');

export default defineConfig({
  root: repositoryRoot,
  // Vitest loads this config too; the Remix plugin is for builds and the dev server only.
  plugins: process.env.VITEST
    ? []
    : [
        remix({
          appDirectory: 'console/app',
          buildDirectory: 'console/build',
          future: {
            v3_fetcherPersist: true,
            v3_relativeSplatPath: true,
            v3_throwAbortReason: true,
            v3_lazyRouteDiscovery: true,
            v3_singleFetch: true,
          },
        }),
      ],
  build: { target: 'es2022' },
});
