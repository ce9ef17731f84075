// Builds the renderer into renderer/dist. Objects are validated by the functions `npm run generate` compiles from
// the schemas (core/common/gen/validators.js), so the UI, whose Content-Security-Policy forbids eval, compiles none.
import react from '@vitejs/plugin-react';
import { defineConfig } from 'vite';

const here = import.meta.dirname;

/** The renderer's Vite configuration. */
export const rendererConfig = defineConfig({
  root: here,
  base: './',
  plugins: [react()],
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
