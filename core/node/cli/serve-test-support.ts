// Test support for the tests that run `serve` as a child process: its output captured, its exit, and the clusters it serves.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { namesOf, sotwClient, testNode } from '../xds/test-support/ads-client';

const ROOT = new URL('../../../', import.meta.url).pathname;

/** A running `xds-sandbox serve` child: its process, its output so far, the xDS port it printed (0 until then) and its exit code once it ends. */
export interface Serve {
  readonly child: ChildProcessWithoutNullStreams;
  readonly stdout: () => string;
  readonly stderr: () => string;
  readonly port: () => number;
  readonly exit: Promise<number | null>;
}

/** Spawns `xds-sandbox serve ...args` in `cwd`, with `env` added to this process's environment. */
export function startServe(args: readonly string[], opts: { cwd?: string; env?: Record<string, string> } = {}): Serve {
  const child = spawn(process.execPath, [join(ROOT, 'bin/xds-sandbox.js'), 'serve', ...args], { cwd: opts.cwd, env: { ...process.env, ...opts.env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, port: () => Number(/^xds: [^\n]*:(\d+)$/m.exec(out)?.[1] ?? 0), exit };
}

/** Spawns `xds-sandbox serve <spec>` on an ephemeral xDS port with no UI and no Envoy, `--discovery <discovery>`, and `env` added to this process's environment. */
export function spawnServe(spec: string, discovery: 'static' | 'off', env: Record<string, string>): Serve {
  return startServe([spec, '--xds-port', '0', '--no-ui', '--no-open', '--envoy', 'off', '--discovery', discovery], { env });
}

/** The cluster names a serve's xDS server hands a new client whose node id starts with `nodePrefix`. */
export async function clustersServedBy(s: Serve, nodePrefix: string): Promise<string[]> {
  const c = sotwClient(s.port(), testNode(`${nodePrefix}-${s.child.pid}`));
  try {
    c.request('cluster');
    return namesOf(await c.next('cluster', 10_000));
  } finally {
    c.close();
  }
}
