/**
 * Vite build of the candidate HMI (issue 6) and, as a second page, the trainer console (`trainer/index.html`
 * → `<out>/trainer/index.html`, served at `/trainer/`; docs/trainer.md). The two entries share only the
 * chunks both import (Preact, i18n, components): nothing of the trainer console is loaded by the
 * candidate's page (tests/e2e/trainer-bundle.test.ts). Preact's automatic JSX runtime through Vite's own
 * transformer (no plugin); no source maps in the production build (reliability-security T4, EI-5); the
 * output goes to `hmi/dist` (or `PLASTLAB_HMI_OUT`), which `simulator/server/routes/hmi.ts` serves.
 *
 * `npm run build:hmi` builds it; `npx vite --config hmi/vite.config.ts` serves it for development with
 * the API proxied to a running lab on :8080.
 */
import { resolve } from 'node:path';
import { defineConfig } from 'vite';

const api = process.env.PLASTLAB_URL ?? 'http://127.0.0.1:8080';

export default defineConfig({
  root: import.meta.dirname,
  base: '/',
  publicDir: false,
  oxc: { jsx: { runtime: 'automatic', importSource: 'preact' } },
  build: {
    outDir: process.env.PLASTLAB_HMI_OUT ?? 'dist',
    emptyOutDir: true,
    sourcemap: false,
    target: 'es2022',
    assetsInlineLimit: 0,
    chunkSizeWarningLimit: 600,
    rolldownOptions: {
      input: {
        main: resolve(import.meta.dirname, 'index.html'),
        trainer: resolve(import.meta.dirname, 'trainer', 'index.html'),
      },
    },
  },
  server: {
    host: '127.0.0.1',
    proxy: {
      '/api': api,
      '/socket.io': { target: api, ws: true },
    },
  },
});
