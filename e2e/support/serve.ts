// Runs the real `xds-sandbox serve` on a temporary copy of a fixture folder and reads its UI URL.
import { spawn, type ChildProcess } from 'node:child_process';
import { cp, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The package root. */
export const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** A running `serve` on a temporary store folder. */
export interface ServeRun {
  /** The printed UI URL, with `?token=`. */
  readonly url: string;
  readonly origin: string;
  readonly token: string;
  /** The temporary YAML folder being served. */
  readonly dir: string;
  readonly child: ChildProcess;
  /** Everything the engine wrote to stderr so far. */
  stderr(): string;
  /** Stops serve and removes the folder. */
  stop(): Promise<void>;
}

/** Copies `fixtures` (relative to e2e/) to a temp folder. */
export async function copyFixture(fixture: string): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'xds-e2e-'));
  await cp(join(ROOT, 'e2e', fixture), dir, { recursive: true });
  return dir;
}

/** Starts serve on a temporary copy of a fixture folder (relative to e2e/). */
export async function startServe(fixture: string): Promise<ServeRun> {
  return startServeOn(await copyFixture(fixture));
}

/** Starts `bin/xds-sandbox.js serve DIR --ui-port 0 --xds-port 0 --no-open --envoy off` and waits for its `ui:` line; stop() removes DIR. */
export async function startServeOn(dir: string): Promise<ServeRun> {
  const child = spawn(process.execPath, [join(ROOT, 'bin', 'xds-sandbox.js'), 'serve', dir, '--ui-port', '0', '--xds-port', '0', '--no-open', '--envoy', 'off'], {
    cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let err = '';
  child.stderr.on('data', (d: Buffer) => { err = (err + d.toString()).slice(-20_000); });
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`serve printed no ui: line in 30 s\n${err}`)), 30_000);
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      const m = /^ui: (\S+)$/m.exec(out);
      if (m) { clearTimeout(timer); resolve(m[1]); }
    });
    child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`serve exited with ${code}\n${err}`)); });
  });
  const u = new URL(url);
  return {
    url, origin: u.origin, token: u.searchParams.get('token') ?? '', dir, child, stderr: () => err,
    async stop() {
      if (child.exitCode === null && child.signalCode === null) {
        const exited = new Promise((r) => child.once('exit', r));
        child.kill('SIGTERM');
        const killer = setTimeout(() => child.kill('SIGKILL'), 5000);
        await exited;
        clearTimeout(killer);
      }
      await rm(dir, { recursive: true, force: true });
    },
  };
}
