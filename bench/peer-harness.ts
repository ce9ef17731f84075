// The side-by-side benchmark's parts: building bench/peer (go-control-plane's server and the Go ADS client), one
// generated config with its translate outputs, and starting either server and the client as processes.
import { execFileSync, spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Resource } from '../core/common/model/resource';
import type { Pipeline } from '../core/common/translate/pipeline';
import { toTranslateOutput } from '../core/common/xds/translate-output';
import type { XdsSnapshot } from '../core/common/xds/xds-snapshot';
import { generateConfig } from '../fixtures/gen/config-generator';
import { writeYamlFolder } from '../fixtures/gen/write-config';
import { REPO_ROOT, wrap, type Child } from './children/spawn';
import { apiSnapshotOf, editedVirtualService, replaced, sizeOf, virtualServiceFile } from './config';
import { enginePipeline } from './translation';

/** Where the Go program is built: go's own cache folder, outside the repository. */
export const PEER_BINARY = join(process.env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'xds-sandbox', 'peer');

/** Builds bench/peer; returns undefined when built, else why the peer scenarios are skipped (no `go`, or a failed build). */
export function buildPeer(): string | undefined {
  try {
    execFileSync('go', ['build', '-o', PEER_BINARY, '.'], { cwd: join(REPO_ROOT, 'bench', 'peer'), stdio: ['ignore', 'ignore', 'pipe'] });
    return undefined;
  } catch (err) {
    const e = err as NodeJS.ErrnoException & { stderr?: Buffer };
    if (e.code === 'ENOENT') return '`go` is not on PATH: install Go to compare with go-control-plane';
    return `go build of bench/peer failed: ${e.stderr?.toString().trim().split('\n').slice(-3).join(' ') ?? e.message}`;
  }
}

/** Builds the bundled CLI (as `npm install` does), so the sandbox side runs compiled JavaScript as a user's install would. */
export function buildBundle(): void {
  execFileSync(process.execPath, [join(REPO_ROOT, 'scripts', 'bundle.mjs')], { cwd: REPO_ROOT, stdio: 'ignore' });
}

/** One edit of a PeerConfig: the text the edited route carries, and how to apply it to each side. */
export interface PeerEdit {
  /** The edited route's new prefix: found as is in the encoded RouteConfiguration. */
  readonly needle: string;
  /** Rewrites the VirtualService's file in the watched folder (the sandbox's change). */
  writeFile(): void;
  /** Writes the translate output of the routes after the edit, for go-control-plane to prepare; returns its path. */
  gcpFile(): string;
}

/** A generated config in a temporary folder, translated for go-control-plane, and edits of it. */
export interface PeerConfig {
  readonly dir: string;
  /** The YAML folder the sandbox serves. */
  readonly folder: string;
  /** The translate output of the config as generated. */
  readonly baseJson: string;
  /** The next edit: the first route's prefix of one VirtualService. */
  edit(): PeerEdit;
  remove(): void;
}

/** Translate output for the given snapshots, only the listed parts (the rest stays as served). */
function writeTranslateOutput(file: string, snapshots: Iterable<XdsSnapshot>, onlyRoutes: boolean): void {
  const out = toTranslateOutput(snapshots, { showSecrets: true });
  const proxies = onlyRoutes ? out.proxies.map((p) => ({ node: p.node, routeConfigurations: p.routeConfigurations })) : out.proxies;
  writeFileSync(file, JSON.stringify({ proxies }));
}

/** Generates `virtualServices` VirtualServices (× 10 routes, as the other scenarios) into a folder and translates them. */
export function peerConfig(virtualServices: number): PeerConfig {
  const dir = mkdtempSync(join(tmpdir(), 'xds-bench-peer-'));
  const folder = join(dir, 'config');
  const size = sizeOf(virtualServices);
  writeYamlFolder(folder, size);
  let objects: Resource[] = generateConfig(size);
  const pipeline: Pipeline = enginePipeline();
  const baseJson = join(dir, 'base.json');
  writeTranslateOutput(baseJson, pipeline.run(apiSnapshotOf(objects)).xds.values(), false);
  let n = 0;
  return {
    dir, folder, baseJson,
    edit() {
      const i = ++n;
      const v = (i * 31) % virtualServices;
      const edited = editedVirtualService(objects, v, i);
      objects = replaced(objects, edited);
      const yaml = virtualServiceFile(objects, edited);
      const state = objects;
      return {
        needle: `/api/v${v}/r0/edit-${i}`,
        writeFile: () => writeFileSync(join(folder, `${edited.metadata.name}.yaml`), yaml),
        gcpFile() {
          const file = join(dir, `edit-${i}.json`);
          writeTranslateOutput(file, pipeline.run(apiSnapshotOf(state)).xds.values(), true);
          return file;
        },
      };
    },
    remove: () => rmSync(dir, { recursive: true, force: true }),
  };
}

/** A free TCP port on loopback (closed again, so a server started next can take it). */
export async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as { port: number }).port;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** A server under test: its process and xDS address. */
export interface PeerServer {
  readonly side: 'sandbox' | 'gcp';
  readonly child: Child;
  readonly pid: number;
  /** Wall-clock ms when it was spawned and when it printed its xDS address. */
  readonly spawnedAt: number;
  listeningAt?: number;
  addr?: string;
}

/** Wall-clock time in ms with sub-ms precision, comparable with the Go side's Unix ns / 1e6. */
export function wallMs(): number {
  return performance.timeOrigin + performance.now();
}

/** Starts `xds-sandbox serve FOLDER` (the bin, as a user runs it) on the port; resolves once it printed its xDS address. */
export async function startSandbox(folder: string, port = 0): Promise<PeerServer> {
  const args = [join(REPO_ROOT, 'bin', 'xds-sandbox.js'), 'serve', folder, '--xds-port', String(port), '--no-ui', '--no-open', '--envoy', 'off', '--discovery', 'off'];
  const spawnedAt = wallMs();
  const proc = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'ignore'] });
  const server: PeerServer = { side: 'sandbox', child: wrap(proc), pid: proc.pid!, spawnedAt };
  const line = await server.child.line((l) => l.startsWith('xds: '), 600_000);
  server.listeningAt = wallMs();
  server.addr = line.slice('xds: '.length);
  return server;
}

/** Starts go-control-plane serving a translate output; resolves once it printed its xDS address. */
export async function startGcp(baseJson: string, port = 0): Promise<PeerServer> {
  const spawnedAt = wallMs();
  const proc = spawn(PEER_BINARY, ['server', '-set', baseJson, '-addr', `127.0.0.1:${port}`], { stdio: ['pipe', 'pipe', 'inherit'] });
  const server: PeerServer = { side: 'gcp', child: wrap(proc), pid: proc.pid!, spawnedAt };
  const line = await server.child.line((l) => l.startsWith('xds: '), 600_000);
  server.listeningAt = wallMs();
  server.addr = line.slice('xds: '.length);
  return server;
}

/** Starts the Go ADS client with `streams` streams against addr. */
export function startClient(addr: string, streams: number, nodePrefix: string): Child {
  const proc = spawn(PEER_BINARY, ['client', '-addr', addr, '-streams', String(streams), '-node-prefix', nodePrefix], { stdio: ['pipe', 'pipe', 'inherit'] });
  return wrap(proc);
}

/** Waits until every stream printed `full`; resolves with the wall-clock ms of the last. */
export async function allFull(client: Child, streams: number, timeoutMs: number): Promise<number> {
  let last = 0;
  for (let i = 0; i < streams; i++) last = Math.max(last, Number((await client.line((l) => l.startsWith('full '), timeoutMs)).split(' ')[2]) / 1e6);
  return last;
}

/** Arms the client for a change: resolves once it searches RDS responses for `needle`. */
export async function expectNeedle(client: Child, needle: string): Promise<void> {
  client.send(`expect ${needle}`);
  await client.line((l) => l === 'expecting', 10_000);
}

/** Waits until `streams` streams got the armed needle; the wall-clock ms of the last arrival and the bytes of one. */
export async function allGot(client: Child, streams: number, timeoutMs: number): Promise<{ atMs: number; bytes: number }> {
  let atMs = 0;
  let bytes = 0;
  for (let i = 0; i < streams; i++) {
    const [, , t, b] = (await client.line((l) => l.startsWith('got '), timeoutMs)).split(' ');
    atMs = Math.max(atMs, Number(t) / 1e6);
    bytes = Number(b);
  }
  return { atMs, bytes };
}

/** CPU time of every thread of a process so far, ms, from /proc/PID/task/TID/schedstat (ns; finer than /proc/PID/stat ticks). */
export function threadCpuMs(pid: number): number {
  let ns = 0;
  for (const tid of readdirSync(`/proc/${pid}/task`)) {
    try {
      ns += Number(readFileSync(`/proc/${pid}/task/${tid}/schedstat`, 'utf8').split(' ')[0]);
    } catch {
      // the thread ended between listing and reading
    }
  }
  return ns / 1e6;
}

/** Waits until the process used under 3 ms of CPU in 250 ms (its change's write-back and GC done), at most maxMs. */
export async function quiet(pid: number, maxMs = 30_000): Promise<void> {
  const end = Date.now() + maxMs;
  let before = threadCpuMs(pid);
  while (Date.now() < end) {
    await new Promise((r) => setTimeout(r, 250));
    const now = threadCpuMs(pid);
    if (now - before < 3) return;
    before = now;
  }
}
