// End to end with a second, stricter xDS client: gRPC-Go (google.golang.org/grpc/xds), built from this
// folder, calls real gRPC echo backends through the whole loop (a YAML folder → pipeline → embedded
// xDS server), for the xDS features @grpc/grpc-js-xds leaves out or the sandbox had not shown working:
// ring hash picking one endpoint per header value, retries of calls a backend refuses, outlier
// detection ejecting a failing endpoint, and fault injection (the API listener carries the connection manager's fault filter). RBAC is left out: gRPC
// enforces it only in xDS-enabled servers, and gRPC-Go refuses it in a client's listener. Skipped,
// with the reason, where `go` is not installed. The client is built into a cache outside the
// repository, keyed by its sources.
import { spawn, spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as grpc from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../../core/node/engine/engine';
import { ECHO_PATHS, startEchoServer, type EchoServer } from '../../core/node/xds/test-support/echo-servers';

const here = fileURLToPath(new URL('.', import.meta.url));
const SOURCES = ['main.go', 'go.mod', 'go.sum'];
const hasGo = spawnSync('go', ['version']).status === 0;

/** What one call of the Go client gave. */
interface CallResult {
  readonly backend?: string;
  readonly code: string;
  readonly message?: string;
}

/** Builds the client once per version of its sources, into the system's temporary folder. */
function buildClient(): string {
  const hash = createHash('sha256');
  for (const f of SOURCES) hash.update(readFileSync(join(here, f)));
  const dir = join(tmpdir(), 'xds-sandbox-grpc-go-client');
  const binary = join(dir, `grpc-go-client-${hash.digest('hex').slice(0, 16)}`);
  if (!existsSync(binary)) {
    mkdirSync(dir, { recursive: true });
    execOrThrow('go', ['-C', here, 'build', '-o', binary, '.']);
  }
  return binary;
}

function execOrThrow(cmd: string, args: string[]): void {
  const run = spawnSync(cmd, args, { encoding: 'utf8', timeout: 600_000 });
  if (run.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed: ${run.stderr}`);
}

/** A backend that refuses every other call with UNAVAILABLE (every call when `always`) and answers the others with its name; it counts the attempts. */
async function startFlakyServer(name: string, always = false): Promise<EchoServer & { attempts: () => number }> {
  let attempts = 0;
  const json = { serialize: (v: unknown) => Buffer.from(JSON.stringify(v)), deserialize: (b: Buffer) => JSON.parse(b.toString() || '{}') as unknown };
  const method = (path: string): grpc.MethodDefinition<unknown, unknown> => ({ path, requestStream: false, responseStream: false, requestSerialize: json.serialize, requestDeserialize: json.deserialize, responseSerialize: json.serialize, responseDeserialize: json.deserialize });
  const handler: grpc.handleUnaryCall<unknown, unknown> = (_call, callback) => {
    attempts++;
    if (always || attempts % 2 === 1) callback({ code: grpc.status.UNAVAILABLE, details: 'refused on purpose' });
    else callback(null, { backend: name });
  };
  const server = new grpc.Server();
  server.addService({ Call: method(ECHO_PATHS.call), AdminCall: method(ECHO_PATHS.admin) }, { Call: handler, AdminCall: handler });
  const port = await new Promise<number>((resolve, reject) => server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
  return { name, port, attempts: () => attempts, close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())) };
}

function config(ring: readonly EchoServer[], flaky: EchoServer, broken: EchoServer): string {
  const hosts = ring.map((b) => `{addr: 127.0.0.1, port: ${b.port}}`).join(', ');
  return `apiVersion: gloo.solo.io/v1
kind: Upstream
metadata: {name: ring, namespace: gloo-system}
spec:
  useHttp2: true
  static:
    hosts: [${hosts}]
  loadBalancerConfig:
    ringHash: {}
---
apiVersion: gloo.solo.io/v1
kind: Upstream
metadata: {name: flaky, namespace: gloo-system}
spec:
  useHttp2: true
  static:
    hosts: [{addr: 127.0.0.1, port: ${flaky.port}}]
---
apiVersion: gloo.solo.io/v1
kind: Upstream
metadata: {name: half-broken, namespace: gloo-system}
spec:
  useHttp2: true
  static:
    hosts: [{addr: 127.0.0.1, port: ${ring[0].port}}, {addr: 127.0.0.1, port: ${broken.port}}]
  outlierDetection:
    interval: 0.5s
    baseEjectionTime: 30s
    successRateMinimumHosts: 2
    successRateRequestVolume: 3
    successRateStdevFactor: 100
---
apiVersion: gateway.solo.io/v1
kind: VirtualService
metadata: {name: echo, namespace: gloo-system}
spec:
  virtualHost:
    domains: [echo.local]
    routes:
    - matchers: [{prefix: /, headers: [{name: x-fault, value: abort}]}]
      routeAction: {single: {upstream: {name: ring}}}
      options:
        faults: {abort: {percentage: 100, httpStatus: 503}}
    - matchers: [{prefix: /, headers: [{name: x-pool, value: half-broken}]}]
      routeAction: {single: {upstream: {name: half-broken}}}
    - matchers: [{prefix: /echo.Admin/}]
      routeAction: {single: {upstream: {name: flaky}}}
      options:
        retries: {retryOn: unavailable, numRetries: 3}
    - matchers: [{prefix: /}]
      routeAction: {single: {upstream: {name: ring}}}
      options:
        lbHash:
          hashPolicies: [{header: x-user}]
`;
}

describe.skipIf(!hasGo)(`gRPC-Go's xDS client through the embedded xDS server${hasGo ? '' : ' (skipped: go is not installed)'}`, () => {
  let binary: string;
  let dir: string;
  let engine: Engine;
  let ring: EchoServer[];
  let flaky: Awaited<ReturnType<typeof startFlakyServer>>;
  let broken: Awaited<ReturnType<typeof startFlakyServer>>;
  let bootstrap: string;

  /** Runs the Go client: `n` calls on `method` with the given metadata, waiting for the xDS config first. */
  function calls(n: number, method: string = ECHO_PATHS.call, headers: Record<string, string> = {}, pause = '0s'): Promise<CallResult[]> {
    const args = ['-n', String(n), '-method', method, '-wait', '-timeout', '15s', '-pause', pause, ...Object.entries(headers).flatMap(([k, v]) => ['-header', `${k}=${v}`])];
    return new Promise((resolve, reject) => {
      const child = spawn(binary, args, { env: { ...process.env, GRPC_XDS_BOOTSTRAP_CONFIG: bootstrap } });
      let out = '';
      let err = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      child.stderr.on('data', (d: Buffer) => (err += d.toString()));
      child.on('error', reject);
      child.on('close', (code) => (code === 0 ? resolve(out.trim().split('\n').map((l) => JSON.parse(l) as CallResult)) : reject(new Error(`grpc-go-client exited ${code}: ${err}`))));
    });
  }

  beforeAll(async () => {
    binary = buildClient();
    ring = await Promise.all(['a', 'b', 'c'].map(startEchoServer));
    flaky = await startFlakyServer('flaky');
    broken = await startFlakyServer('broken', true);
    dir = mkdtempSync(join(tmpdir(), 'xds-sandbox-grpc-go-'));
    writeFileSync(join(dir, 'config.yaml'), config(ring, flaky, broken));
    engine = await startEngine({ store: dir, xdsPort: 0, envoy: 'off' });
    bootstrap = JSON.stringify({
      xds_servers: [{ server_uri: `127.0.0.1:${engine.xds.port}`, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
      node: { id: 'grpc-go-e2e', locality: {}, metadata: { role: 'gloo-system~gateway-proxy' } },
    });
  }, 900_000);

  afterAll(async () => {
    await engine?.close();
    await Promise.all([...(ring ?? []), ...(flaky ? [flaky] : []), ...(broken ? [broken] : [])].map((b) => b.close()));
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('ring hash sends every call with the same x-user to one backend, and different users to several', async () => {
    const alice = await calls(20, ECHO_PATHS.call, { 'x-user': 'alice' });
    expect(alice.every((r) => r.code === 'OK')).toBe(true);
    expect(new Set(alice.map((r) => r.backend)).size).toBe(1);
    const users = await Promise.all(Array.from({ length: 12 }, (_, i) => calls(3, ECHO_PATHS.call, { 'x-user': `user-${i}` })));
    for (const u of users) expect(new Set(u.map((r) => r.backend)).size).toBe(1);
    expect(new Set(users.map((u) => u[0].backend)).size).toBeGreaterThan(1);
  }, 120_000);

  it('fault injection aborts every call of its route with the status mapped from HTTP 503, and leaves other routes alone', async () => {
    const aborted = await calls(5, ECHO_PATHS.call, { 'x-fault': 'abort', 'x-user': 'alice' });
    expect(aborted.map((r) => r.code)).toEqual(Array(5).fill('Unavailable'));
    expect((await calls(1, ECHO_PATHS.call, { 'x-user': 'alice' }))[0].code).toBe('OK');
  }, 120_000);

  it('outlier detection ejects the endpoint whose calls fail, so later calls all reach the healthy one', async () => {
    // One client, calls spread over several detection intervals: the broken endpoint is ejected on the way.
    const results = await calls(60, ECHO_PATHS.call, { 'x-pool': 'half-broken' }, '50ms');
    expect(results.slice(0, 20).some((r) => r.code === 'Unavailable')).toBe(true);
    expect(results.slice(-20).map((r) => r.backend)).toEqual(Array(20).fill('a'));
  }, 120_000);

  it('retries a call the backend refuses with UNAVAILABLE, so every call succeeds after a second attempt', async () => {
    const before = flaky.attempts();
    const results = await calls(10, ECHO_PATHS.admin);
    expect(results.map((r) => r.code)).toEqual(Array(10).fill('OK'));
    expect(results.every((r) => r.backend === 'flaky')).toBe(true);
    expect(flaky.attempts() - before).toBe(20);
  }, 120_000);
});
