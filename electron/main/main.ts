// Electron main entry (bundled to out/electron/main.cjs by electron/build-electron.mjs). One app process: a
// second launch hands its store to the first (which opens or focuses that store's window) and exits.
import { app } from 'electron';
import { resolve } from 'node:path';
import { launchData, registerAppScheme, runDesktopApp } from './desktop-app';
import { storeFromArgs } from './stores';

registerAppScheme();
const store = storeFromArgs(process.argv, process.env);
if (!app.requestSingleInstanceLock({ ...launchData(store ? [`--store=${store}`] : [], process.cwd()) })) {
  app.quit();
} else {
  const root = process.env.XDS_SANDBOX_ROOT ?? resolve(__dirname, '..', '..');
  runDesktopApp({ root, bundleDir: __dirname }, store).catch((err: unknown) => {
    process.stderr.write(`xds-sandbox: ${err instanceof Error ? err.stack ?? err.message : String(err)}\n`);
    app.quit();
  });
}
