// Test support for the two-serve leader tests: a `serve` child process with its output captured, and the clusters it serves.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { namesOf, sotwClient, testNode } from '../xds/test-support/ads-client';

const ROOT = new URL('../../../', import.meta.url).pathname;

/** A running `xds-sandbox serve` child: its process, its stderr so far, and the xDS port it printed (0 until then). */
export interface Serve {
  readonly child: ChildProcessWithoutNullStreams;
  readonly stderr: () => string;
  readonly port: () => number;
}

/** Spawns `xds-sandbox serve <spec>` on an ephemeral xDS port with no UI and no Envoy, `--discovery <discovery>`, and `env` added to this process's environment. */
export function spawnServe(spec: string, discovery: 'static' | 'off', env: Record<string, string>): Serve {
  const args = [join(ROOT, 'bin/xds-sandbox.js'), 'serve', spec, '--xds-port', '0', '--no-ui', '--no-open', '--envoy', 'off', '--discovery', discovery];
  const child = spawn(process.execPath, args, { env: { ...process.env, ...env } });
  let out = '';
  let err = '';
  child.stdout.on('data', (b: Buffer) => (out += b.toString()));
  child.stderr.on('data', (b: Buffer) => (err += b.toString()));
  return { child, stderr: () => err, port: () => Number(/^xds: [^\n]*:(\d+)$/m.exec(out)?.[1] ?? 0) };
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
