// A real etcd for tests: built once by scripts/test-cluster/build-etcd.sh (into a cache outside the repository),
// started on free loopback ports with a temporary data folder, and stopped again.
import { spawn, execFile, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { freePort } from './ports';

const BUILD_SCRIPT = fileURLToPath(new URL('../../../scripts/test-cluster/build-etcd.sh', import.meta.url));

/** A running etcd. */
export interface EtcdServer {
  /** Its client URL, `http://127.0.0.1:PORT`. */
  readonly endpoint: string;
  /** Its process id (for `kill -9` tests). */
  readonly pid: number;
  /** Stops the process and deletes its data folder; idempotent. */
  stop(): Promise<void>;
  /** Stops the process, keeping its data, ports and endpoint, so restart() can bring it back. */
  pause(): Promise<void>;
  /** Starts the paused process again on the same ports and data. */
  restart(): Promise<void>;
}

/** Why etcd tests cannot run here (no etcd binary given and no `go` to build one), or undefined when they can. */
export function etcdSkipReason(): string | undefined {
  if (process.env.XDS_SANDBOX_ETCD_BIN) return undefined;
  const go = spawnSync('go', ['version'], { stdio: 'ignore' });
  return go.status === 0 ? undefined : 'etcd tests need Go to build etcd (scripts/test-cluster/build-etcd.sh); `go` is not on PATH';
}

let binary: Promise<string> | undefined;

/** The etcd binary: $XDS_SANDBOX_ETCD_BIN, or the one build-etcd.sh builds (cold: about 1.5 minutes) or finds in its cache. */
export function etcdBinary(): Promise<string> {
  if (process.env.XDS_SANDBOX_ETCD_BIN) return Promise.resolve(process.env.XDS_SANDBOX_ETCD_BIN);
  binary ??= promisify(execFile)('bash', [BUILD_SCRIPT], { maxBuffer: 16 << 20, timeout: 20 * 60_000 })
    .then(({ stdout }) => stdout.trim().split('\n').pop() ?? '')
    .catch((err: Error & { stderr?: string }) => {
      binary = undefined;
      throw new Error(`building etcd failed: ${err.stderr?.trim() || err.message}`);
    });
  return binary;
}

/** Starts a real single-member etcd on free loopback ports with a temporary data folder; resolves once /health says true. */
export async function startEtcd(): Promise<EtcdServer> {
  const bin = await etcdBinary();
  const dataDir = mkdtempSync(join(tmpdir(), 'xds-etcd-'));
  for (let attempt = 1; ; attempt++) {
    const [clientPort, peerPort] = [await freePort(), await freePort()];
    try {
      return await startOn(bin, dataDir, clientPort, peerPort);
    } catch (err) {
      // another process may have taken a port between freePort() and etcd's bind; try new ones
      if (attempt >= 3) {
        rmSync(dataDir, { recursive: true, force: true });
        throw err;
      }
    }
  }
}

async function startOn(bin: string, dataDir: string, clientPort: number, peerPort: number): Promise<EtcdServer> {
  const endpoint = `http://127.0.0.1:${clientPort}`;
  const peer = `http://127.0.0.1:${peerPort}`;
  const args = [
    '--name', 'sandbox', '--data-dir', dataDir, '--log-level', 'error',
    '--listen-client-urls', endpoint, '--advertise-client-urls', endpoint,
    '--listen-peer-urls', peer, '--initial-advertise-peer-urls', peer, '--initial-cluster', `sandbox=${peer}`,
  ];
  let child = await launch(bin, args, endpoint);
  let stopped = false;
  return {
    endpoint,
    get pid() {
      return child.pid ?? -1;
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await terminate(child);
      rmSync(dataDir, { recursive: true, force: true });
    },
    async pause() {
      await terminate(child);
    },
    async restart() {
      if (child.exitCode === null && child.signalCode === null) return;
      child = await launch(bin, args, endpoint);
    },
  };
}

async function launch(bin: string, args: string[], endpoint: string): Promise<ChildProcess> {
  const child = spawn(bin, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-4000);
  });
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`etcd exited before it was ready: ${stderr.trim()}`);
    if (await healthy(endpoint)) return child;
    if (Date.now() > deadline) {
      await terminate(child);
      throw new Error(`etcd at ${endpoint} was not healthy within 30 s: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 50));
  }
}

async function healthy(endpoint: string): Promise<boolean> {
  try {
    const res = await fetch(`${endpoint}/health`, { signal: AbortSignal.timeout(1000) });
    return res.ok && ((await res.json()) as { health?: string }).health === 'true';
  } catch {
    return false;
  }
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
  await exited;
  clearTimeout(timer);
}
