// `npm start`: builds the UI when needed (quietly: only warnings and errors), then opens the desktop app if an Electron binary is available,
// else the browser UI on the default store (a SQLite file in the user's data folder, seeded with the demo).
// Arguments after `npm start --` are a store and/or `serve` options (e.g. `npm start -- ./my-yaml --no-open`).
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import { buildRenderer, rendererNeedsBuild } from './ui-build.mjs';
import { createRequire } from 'node:module';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The package root. */
export const ROOT = fileURLToPath(new URL('..', import.meta.url));

/** The line printed when the desktop app cannot start. */
export const NO_ELECTRON_MESSAGE = 'Electron is not installed on this machine (its binary could not be downloaded); opening the browser UI instead.';

export { buildRenderer, rendererNeedsBuild } from './ui-build.mjs';

/** The Electron binary: ELECTRON_BIN, or the `electron` package's binary when it was downloaded; else undefined. */
export function findElectron(env = process.env) {
  if (env.ELECTRON_BIN) return existsSync(env.ELECTRON_BIN) ? env.ELECTRON_BIN : undefined;
  try {
    const path = createRequire(join(ROOT, 'package.json'))('electron');
    return typeof path === 'string' && existsSync(path) ? path : undefined;
  } catch {
    return undefined;
  }
}

/** `$XDG_DATA_HOME/xds-sandbox/sandbox.db`, or `~/.local/share/xds-sandbox/sandbox.db` (as electron/main/stores.ts). */
export function defaultStorePath(env = process.env, home = homedir()) {
  const base = env.XDG_DATA_HOME && env.XDG_DATA_HOME.trim() ? env.XDG_DATA_HOME : join(home, '.local', 'share');
  return join(base, 'xds-sandbox', 'sandbox.db');
}

/** Splits `npm start` arguments into a store (the first non-option) and the remaining serve options. */
export function splitArgs(args) {
  const index = args.findIndex((a, i) => !a.startsWith('-') && !(i > 0 && VALUE_OPTIONS.has(args[i - 1])));
  if (index < 0) return { store: undefined, options: args };
  return { store: args[index], options: args.filter((_, i) => i !== index) };
}

/** serve options that take a value in the next argument. */
const VALUE_OPTIONS = new Set(['--xds-port', '--ui-port', '--host', '--envoy', '--seed', '--store']);

function run(command, args, env = process.env) {
  const child = spawn(command, args, { cwd: ROOT, stdio: 'inherit', env });
  for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => child.kill(signal));
  child.on('exit', (code, signal) => { process.exitCode = code ?? (signal ? 1 : 0); });
}

/** Runs `npm start`. */
export async function main(args = process.argv.slice(2)) {
  if (rendererNeedsBuild()) {
    process.stdout.write('Building the UI…\n');
    await buildRenderer();
  }
  const { store, options } = splitArgs(args);
  const defaultStore = defaultStorePath();
  const electron = findElectron();
  if (electron) {
    const { buildElectron } = await import('../electron/build-electron.mjs');
    const out = await buildElectron(ROOT);
    run(electron, [join(out, 'main.cjs'), ...(store ? [`--store=${store}`] : [])], { ...process.env, XDS_SANDBOX_ROOT: ROOT });
    return;
  }
  process.stdout.write(`${NO_ELECTRON_MESSAGE}\n`);
  const serveArgs = store ? [store] : [`sqlite:${defaultStore}`, '--seed', join(ROOT, 'fixtures', 'demo')];
  if (!store) mkdirSync(dirname(defaultStore), { recursive: true });
  run(process.execPath, [join(ROOT, 'bin', 'xds-sandbox.js'), 'serve', ...serveArgs, ...options]);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  main().catch((err) => {
    process.stderr.write(`npm start: ${err instanceof Error ? err.message : String(err)}\n`);
    process.exitCode = 1;
  });
}
