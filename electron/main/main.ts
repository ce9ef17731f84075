// Electron main entry (bundled to out/electron/main.cjs by electron/build-electron.mjs).
import { app } from 'electron';
import { resolve } from 'node:path';
import { registerAppScheme, runDesktopApp } from './desktop-app';
import { storeFromArgs } from './stores';

registerAppScheme();
if (!app.requestSingleInstanceLock()) {
  app.quit();
} else {
  const root = process.env.XDS_SANDBOX_ROOT ?? resolve(__dirname, '..', '..');
  runDesktopApp({ root, bundleDir: __dirname }, storeFromArgs(process.argv, process.env)).catch((err: unknown) => {
    process.stderr.write(`xds-sandbox: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    app.quit();
  });
}
