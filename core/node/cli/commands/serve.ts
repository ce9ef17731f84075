// `xds-sandbox serve [STORE]`: runs the whole loop (store watch → pipeline → xDS server), the UI and, when found, a local Envoy.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync } from 'node:fs';
import type { Command } from 'commander';
import { startEngine, type Engine } from '../../engine/engine';
import { collectWhenIdle, keepYoungGenerationSmall } from '../../engine/idle-memory';
import { seedStoreIfEmpty } from '../../engine/seed';
import { parsePort, resolveStore, storeOption, STORE_HELP } from '../cli-options';
import { parseSourcesFlag } from '../../../common/discovery/discovery-config';
import { UsageError } from '../exit-codes';
import { StorageError } from '../../../common/model/errors';
import { storeScheme } from '../../store/open-store';
import { writeServeEndpoint } from '../serve-endpoint';
import { ensureUiBuilt } from '../ui-build';

interface ServeOpts {
  store?: string; xdsPort: string; uiPort: string; host: string; envoy: string; open: boolean; seed?: string; ui: boolean; discovery?: string; create?: boolean;
}

/** Registers `serve [STORE] [--xds-port 18000] [--ui-port 0] [--host 127.0.0.1] [--envoy auto|off|PATH] [--no-open] [--create]`; a missing config folder is an error unless --create. */
export function registerServeCommand(program: Command): Command {
  return program.command('serve')
    .description('watch the store, reconcile every change and serve the result over xDS (and the UI)')
    .argument('[store]', STORE_HELP)
    .addOption(storeOption())
    .option('--xds-port <port>', 'xDS (ADS) port; 0 picks a free one', '18000')
    .option('--ui-port <port>', 'UI and API port; 0 picks a free one', '0')
    .option('--host <host>', 'address to bind', '127.0.0.1')
    .option('--envoy <mode>', 'auto (start Envoy when found), off, or a path to an Envoy binary', 'auto')
    .option('--no-open', 'do not open a browser')
    .option('--no-ui', 'serve xDS only, without the UI and its API')
    .option('--create', 'create the config folder when it does not exist')
    .option('--seed <folder>', 'copy the YAML of this folder into the store when the store is empty')
    .option('--discovery <sources>', 'discovery sources to run beside the gateway loop (local,kubernetes,static) or off; default: Settings discovery.sources')
    .action(async (positional: string | undefined, opts: ServeOpts) => {
      const store = resolveStore(positional, opts.store);
      ensureFolder(store, opts.create === true || opts.seed !== undefined);
      const discovery = opts.discovery === undefined ? undefined : parseSourcesFlag(opts.discovery);
      if (discovery && typeof discovery === 'object' && 'error' in discovery) throw new UsageError(discovery.error);
      if (opts.seed) await seedStoreIfEmpty(store, opts.seed);
      // The xDS address is printed as soon as the port listens, before the store is read: a stop asked from then on is honoured.
      const stopAsked = waitForSignal();
      keepYoungGenerationSmall();
      const engine = await startEngine({
        store, host: opts.host, xdsPort: parsePort(opts.xdsPort), envoy: opts.envoy, log: (line) => process.stderr.write(line + '\n'), ...(discovery ? { discovery } : {}),
        onListening: (port) => process.stdout.write(`xds: ${opts.host}:${port}\n`),
      });
      const ui = opts.ui ? await (async () => {
        await ensureUiBuilt((line) => process.stderr.write(`${line}\n`));
        // Loaded only with the UI: its HTTP, WebSocket and argument-schema modules cost memory that --no-ui does not need.
        const { startUiServer } = await import('../../http/ui-server');
        return startUiServer({ engine, host: opts.host, port: parsePort(opts.uiPort) });
      })().catch(async (err: Error) => {
        await engine.discard(); // nothing the engine opened outlives a UI that cannot start
        throw new Error(`cannot serve the UI on ${opts.host}:${opts.uiPort}: ${err.message}`);
      }) : undefined;
      const forget = ui ? writeServeEndpoint(store, { url: `http://${clientHost(opts.host)}:${ui.port}`, token: ui.token, pid: process.pid }) : () => {};
      if (ui) {
        process.stdout.write(`ui: ${ui.url}\n`);
        if (opts.open) openBrowser(ui.url);
      }
      const idle = collectWhenIdle();
      const offIdle = engine.onEvent(() => idle.activity());
      idle.activity();
      await stopAsked;
      offIdle();
      idle.stop();
      forget();
      await shutdown(engine, ui);
    });
}

/** A config folder that does not exist is an error naming `--create`, or is created with it; other stores are left to open. */
function ensureFolder(store: string, create: boolean): void {
  if (storeScheme(store) !== undefined || existsSync(store)) return;
  if (!create) throw new StorageError(`config folder ${store} does not exist; create it with \`serve ${store} --create\` (or give an existing folder)`);
  mkdirSync(store, { recursive: true });
  process.stderr.write(`created the config folder ${store}\n`);
}

/** The address a local client dials for a bound host (a wildcard bind is reached on loopback). */
function clientHost(host: string): string {
  if (host === '0.0.0.0' || host === '::' || host === '') return '127.0.0.1';
  return host.includes(':') ? `[${host}]` : host;
}

function waitForSignal(): Promise<void> {
  return new Promise((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
}

async function shutdown(engine: Engine, ui: { close(): Promise<void> } | undefined): Promise<void> {
  process.stderr.write('shutting down\n');
  await ui?.close();
  await engine.close();
}

function openBrowser(url: string): void {
  const cmd = process.platform === 'darwin' ? 'open' : process.platform === 'win32' ? 'explorer' : 'xdg-open';
  try {
    spawn(cmd, [url], { detached: true, stdio: 'ignore' }).on('error', () => undefined).unref();
  } catch {
    // no browser opener on this machine; the printed URL is enough
  }
}
