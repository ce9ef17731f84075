// Builds the renderer into renderer/dist. `ajv` is replaced by validators compiled at build time, because the
// UI's Content-Security-Policy forbids eval and Ajv compiles schemas with `new Function`.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';
import { precompiledValidators } from './vite/precompiled-validators.ts';

const here = import.meta.dirname;

/** The renderer's Vite configuration. */
export const rendererConfig = defineConfig({
  root: here,
  base: './',
  plugins: [react(), precompiledValidators()],
  resolve: {
    alias: [{ find: /^ajv$/, replacement: `${here}/src/schema/precompiled-ajv.ts` }],
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    target: 'es2022',
    chunkSizeWarningLimit: 4096,
  },
  server: { host: '127.0.0.1' },
});

// Vite reads the default export of its config file.
export default rendererConfig;
