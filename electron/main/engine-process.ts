// Runs the engine as a child `xds-sandbox serve` in plain Node (native modules such as better-sqlite3 keep
// the ABI they were built for) and reads the UI URL, with its token, from the child's stdout.
import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

/** How to start the engine. */
export interface EngineProcessOptions {
  /** The package root (where bin/xds-sandbox.js is). */
  readonly root: string;
  /** Store spec: a folder, `sqlite:PATH` or `memory:`. */
  readonly store: string;
  /** Folder whose YAML seeds an empty store. */
  readonly seed?: string;
  /** Node binary; `node` from PATH by default (XDS_SANDBOX_NODE overrides). */
  readonly node?: string;
  /** How long to wait for the UI URL. */
  readonly timeoutMs?: number;
}

/** A running engine child. */
export interface EngineProcess {
  /** The UI URL with `?token=`. */
  readonly url: string;
  readonly child: ChildProcess;
  /** Stops the child (SIGTERM, then SIGKILL after 5 s) and resolves when it has exited. */
  stop(): Promise<void>;
}

/** The argv after the node binary: `bin/xds-sandbox.js serve STORE --ui-port 0 --no-open [--seed DIR]`. */
export function serveArgs(opts: Pick<EngineProcessOptions, 'root' | 'store' | 'seed'>): string[] {
  return [join(opts.root, 'bin', 'xds-sandbox.js'), 'serve', opts.store, '--ui-port', '0', '--no-open', ...(opts.seed ? ['--seed', opts.seed] : [])];
}

/** The URL of a `ui: http://…` line in serve's output, or undefined. */
export function parseUiUrl(output: string): string | undefined {
  return /^ui: (http:\/\/\S+)$/m.exec(output)?.[1];
}

/** Starts the engine and resolves once it printed its UI URL; rejects with its stderr when it exits first. */
export function startEngineProcess(opts: EngineProcessOptions, spawnProcess: typeof spawn = spawn): Promise<EngineProcess> {
  const node = opts.node ?? process.env.XDS_SANDBOX_NODE ?? 'node';
  const env = { ...process.env };
  delete env.ELECTRON_RUN_AS_NODE;
  const child = spawnProcess(node, serveArgs(opts), { cwd: opts.root, stdio: ['ignore', 'pipe', 'pipe'], env });
  let stdout = '';
  let stderr = '';
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stop = async () => {
    if (child.exitCode !== null || child.signalCode !== null) return;
    child.kill('SIGTERM');
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
  };
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => { void stop(); reject(new Error(`the engine printed no UI URL within ${opts.timeoutMs ?? 30_000} ms\n${stderr}`)); }, opts.timeoutMs ?? 30_000);
    child.stdout?.on('data', (chunk: Buffer) => {
      stdout += chunk.toString('utf8');
      const url = parseUiUrl(stdout);
      if (url) {
        clearTimeout(timer);
        resolve({ url, child, stop });
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => { stderr = (stderr + chunk.toString('utf8')).slice(-8000); });
    child.once('error', (err) => { clearTimeout(timer); reject(err); });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`the engine exited (code ${code}) before it was ready\n${stderr}`)); });
  });
}
