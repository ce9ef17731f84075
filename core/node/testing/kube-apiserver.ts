// A real kube-apiserver for tests, run as controller-runtime's envtest runs it: on a real etcd (etcd-server.ts), a
// self-signed serving certificate in a temporary --cert-dir, a static token file, service-account keys, RBAC, and
// --endpoint-reconciler-type=none (without it the server refuses to bind to 127.0.0.1). Binaries come from
// scripts/test-cluster/build-kube.sh, which builds them once into a cache outside the repository.
import { execFile, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { generateKeyPairSync, randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { startEtcd, type EtcdServer } from './etcd-server';
import { freePort } from './ports';

const BUILD_SCRIPT = fileURLToPath(new URL('../../../scripts/test-cluster/build-kube.sh', import.meta.url));

/** A running kube-apiserver with its etcd. */
export interface KubeApiserver {
  /** A kubeconfig file whose current context (`sandbox-test`) is this server as an admin. */
  readonly kubeconfig: string;
  /** The server's URL, `https://127.0.0.1:PORT`. */
  readonly server: string;
  /** The admin's bearer token. */
  readonly token: string;
  /** The kubectl built beside the server. */
  readonly kubectl: string;
  /** Its process id. */
  readonly pid: number;
  /** Runs kubectl against this server; resolves with its output, rejects with its stderr when it fails. */
  kubectlRun(args: readonly string[], input?: string): Promise<{ stdout: string; stderr: string }>;
  /** Stops the server process only (etcd and the port stay), as a cluster that cannot be reached. */
  pause(): Promise<void>;
  /** Starts the paused server again on the same port, certificates and etcd; resolves once it is ready. */
  restart(): Promise<void>;
  /** Stops the server and its etcd and deletes their folders; idempotent. */
  stop(): Promise<void>;
}

/** Why kube-apiserver tests cannot run here (no binaries given and no `go` to build them), or undefined when they can. */
export function kubeSkipReason(): string | undefined {
  if (process.env.XDS_SANDBOX_KUBE_BIN_DIR) return undefined;
  const go = spawnSync('go', ['version'], { stdio: 'ignore' });
  return go.status === 0 ? undefined : 'kube-apiserver tests need Go to build it (scripts/test-cluster/build-kube.sh); `go` is not on PATH';
}

let binDir: Promise<string> | undefined;

/** The folder holding kube-apiserver and kubectl: $XDS_SANDBOX_KUBE_BIN_DIR, or build-kube.sh's cache (cold: 13+ minutes). */
export function kubeBinDir(): Promise<string> {
  if (process.env.XDS_SANDBOX_KUBE_BIN_DIR) return Promise.resolve(process.env.XDS_SANDBOX_KUBE_BIN_DIR);
  binDir ??= promisify(execFile)('bash', [BUILD_SCRIPT], { maxBuffer: 16 << 20, timeout: 60 * 60_000 })
    .then(({ stdout }) => stdout.trim().split('\n').pop() ?? '')
    .catch((err: Error & { stderr?: string }) => {
      binDir = undefined;
      throw new Error(`building kube-apiserver failed: ${err.stderr?.trim() || err.message}`);
    });
  return binDir;
}

/** Starts etcd and a kube-apiserver on free loopback ports; resolves once /readyz answers ok. */
export async function startKubeApiserver(): Promise<KubeApiserver> {
  const bin = await kubeBinDir();
  const etcd = await startEtcd();
  const dir = mkdtempSync(join(tmpdir(), 'xds-kube-'));
  try {
    const token = randomBytes(16).toString('hex');
    writeFileSync(join(dir, 'tokens.csv'), `${token},admin,admin-uid,"system:masters"\n`);
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    writeFileSync(join(dir, 'sa.key'), privateKey.export({ type: 'pkcs8', format: 'pem' }));
    writeFileSync(join(dir, 'sa.pub'), publicKey.export({ type: 'spki', format: 'pem' }));
    for (let attempt = 1; ; attempt++) {
      const port = await freePort();
      try {
        return await launch(bin, dir, etcd, port, token);
      } catch (err) {
        if (attempt >= 3) throw err; // another process may have taken the port between freePort() and the bind
      }
    }
  } catch (err) {
    await etcd.stop();
    rmSync(dir, { recursive: true, force: true });
    throw err;
  }
}

async function launch(bin: string, dir: string, etcd: EtcdServer, port: number, token: string): Promise<KubeApiserver> {
  const certDir = join(dir, `certs-${port}`);
  const args = [
    `--etcd-servers=${etcd.endpoint}`, `--cert-dir=${certDir}`, `--secure-port=${port}`, '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1', `--token-auth-file=${join(dir, 'tokens.csv')}`, '--authorization-mode=RBAC',
    `--service-account-key-file=${join(dir, 'sa.pub')}`, `--service-account-signing-key-file=${join(dir, 'sa.key')}`,
    '--service-account-issuer=https://127.0.0.1', '--service-cluster-ip-range=10.0.0.0/24', '--endpoint-reconciler-type=none',
    '--allow-privileged=true', '--disable-admission-plugins=ServiceAccount', '--v=0',
  ];
  const server = `https://127.0.0.1:${port}`;
  let child = await spawnReady(join(bin, 'kube-apiserver'), args, server, token);
  const kubeconfig = join(dir, 'kubeconfig');
  const ca = readFileSync(join(certDir, 'apiserver.crt')).toString('base64');
  writeFileSync(kubeconfig, [
    'apiVersion: v1', 'kind: Config', 'current-context: sandbox-test',
    'clusters:', `- name: sandbox-test`, '  cluster:', `    server: ${server}`, `    certificate-authority-data: ${ca}`,
    'users:', '- name: admin', '  user:', `    token: ${token}`,
    'contexts:', '- name: sandbox-test', '  context:', '    cluster: sandbox-test', '    user: admin', '',
  ].join('\n'));
  const kubectl = join(bin, 'kubectl');
  let stopped = false;
  return {
    kubeconfig, server, token, kubectl,
    get pid() {
      return child.pid ?? -1;
    },
    kubectlRun: (argv, input) => runKubectl(kubectl, kubeconfig, argv, input),
    async pause() {
      await terminate(child);
    },
    async restart() {
      if (child.exitCode === null && child.signalCode === null) return;
      child = await spawnReady(join(bin, 'kube-apiserver'), args, server, token);
    },
    async stop() {
      if (stopped) return;
      stopped = true;
      await terminate(child);
      await etcd.stop();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** Starts kube-apiserver and resolves once /readyz answers ok (within 120 s), or rejects with its last output. */
async function spawnReady(file: string, args: readonly string[], server: string, token: string): Promise<ChildProcess> {
  const child = spawn(file, args, { stdio: ['ignore', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString()).slice(-6000);
  });
  const deadline = Date.now() + 120_000;
  for (;;) {
    if (child.exitCode !== null || child.signalCode !== null) throw new Error(`kube-apiserver exited before it was ready: ${stderr.trim()}`);
    if (await ready(server, token)) return child;
    if (Date.now() > deadline) {
      await terminate(child);
      throw new Error(`kube-apiserver at ${server} was not ready within 120 s: ${stderr.trim()}`);
    }
    await new Promise((r) => setTimeout(r, 100));
  }
}

/** Runs kubectl with a kubeconfig; resolves with its output, rejects with an error carrying its stderr. */
export function runKubectl(kubectl: string, kubeconfig: string, argv: readonly string[], input?: string): Promise<{ stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = execFile(kubectl, [`--kubeconfig=${kubeconfig}`, ...argv], { maxBuffer: 64 << 20, timeout: 120_000 }, (err, stdout, stderr) => {
      if (err) reject(new Error(`kubectl ${argv.join(' ')} failed: ${stderr || err.message}`));
      else resolve({ stdout, stderr });
    });
    child.stdin?.end(input ?? '');
  });
}

async function ready(server: string, token: string): Promise<boolean> {
  return new Promise((resolve) => {
    const req = request(`${server}/readyz`, { headers: { Authorization: `Bearer ${token}` }, agent: new Agent({ rejectUnauthorized: false }), timeout: 2000 }, (res) => {
      res.resume();
      resolve(res.statusCode === 200);
    });
    req.on('error', () => resolve(false));
    req.on('timeout', () => req.destroy());
    req.end();
  });
}

async function terminate(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise<void>((r) => child.once('exit', () => r()));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}
