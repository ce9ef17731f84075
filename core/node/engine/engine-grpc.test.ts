// End to end through the whole loop: a YAML folder on disk → store watch → pipeline → xDS server →
// real @grpc/grpc-js-xds channels routing real calls to real gRPC echo backends.
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { register } from '@grpc/grpc-js-xds';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ECHO_PATHS, echoCall, startEchoServer, type EchoServer } from '../xds/test-support/echo-servers';
import { waitFor } from '../xds/test-support/harness';
import { startEngine, type Engine } from './engine';

const BOOTSTRAP_KEY = 'grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config';
let dir: string;
let engine: Engine;
let backends: EchoServer[];
let client: grpc.Client;

function upstreams(): string {
  return backends.map((b) => `apiVersion: gloo.solo.io/v1
kind: Upstream
metadata: {name: echo-${b.name}, namespace: gloo-system}
spec:
  useHttp2: true
  static:
    hosts: [{addr: 127.0.0.1, port: ${b.port}}]
`).join('---\n');
}

function virtualService(routes: string): string {
  return `# the echo service, edited by the tests
apiVersion: gateway.solo.io/v1
kind: VirtualService
metadata: {name: echo, namespace: gloo-system}
spec:
  virtualHost:
    domains: [echo.local]
    routes:
${routes}`;
}

const to = (upstream: string) => `      routeAction: {single: {upstream: {name: echo-${upstream}, namespace: gloo-system}}}\n`;
const BASE_ROUTES =
  `    - matchers: [{prefix: /echo.Admin/}]\n${to('c')}` +
  `    - matchers: [{prefix: /, headers: [{name: x-variant, value: canary}]}]\n${to('b')}` +
  `    - matchers: [{prefix: /}]\n${to('a')}`;

/** Waits until 20 calls in a row land on `backend` (a config change reaches the client asynchronously). */
async function untilRoutedTo(backend: string, path: string = ECHO_PATHS.call): Promise<void> {
  await waitFor(async () => {
    const replies = await Promise.all(Array.from({ length: 20 }, () => echoCall(client, path).catch(() => ({ backend: '' }))));
    return replies.every((r) => r.backend === backend);
  }, 10_000, `traffic to ${backend}`);
}

/** Waits for the first call that lands on `backend`. */
async function untilFirstCallTo(backend: string): Promise<void> {
  await waitFor(async () => (await echoCall(client, ECHO_PATHS.call).catch(() => ({ backend: '' }))).backend === backend, 10_000, `a call to ${backend}`);
}

beforeAll(async () => {
  register();
  backends = await Promise.all(['a', 'b', 'c'].map(startEchoServer));
  dir = mkdtempSync(join(tmpdir(), 'xds-sandbox-grpc-'));
  writeFileSync(join(dir, 'upstreams.yaml'), upstreams());
  writeFileSync(join(dir, 'vs.yaml'), virtualService(BASE_ROUTES));
  engine = await startEngine({ store: dir, xdsPort: 0, envoy: 'off' });
  const bootstrap = {
    xds_servers: [{ server_uri: `127.0.0.1:${engine.xds.port}`, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
    node: { id: 'engine-grpc-test', locality: {}, metadata: { role: 'gloo-system~gateway-proxy' } },
  };
  client = new grpc.Client('xds:///echo.local', grpc.credentials.createInsecure(), { [BOOTSTRAP_KEY]: JSON.stringify(bootstrap) });
  await untilRoutedTo('a');
});

afterAll(async () => {
  client?.close();
  await engine?.close();
  await Promise.all(backends.map((b) => b.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('the loop drives a proxyless gRPC client', () => {
  it('calls reach the backend chosen by path prefix and by header', async () => {
    expect((await echoCall(client, ECHO_PATHS.call)).backend).toBe('a');
    expect((await echoCall(client, ECHO_PATHS.admin)).backend).toBe('c');
    expect((await echoCall(client, ECHO_PATHS.call, { 'x-variant': 'canary' })).backend).toBe('b');
  });

  it('the node ACKs the served versions', async () => {
    const [node] = engine.xds.listNodes();
    expect(node.proxyKey).toBe('gloo-system~gateway-proxy');
    expect(node.types.route?.ackedVersion).toBeTruthy();
  });

  it('weighted destinations split calls by weight', async () => {
    const weighted = `    - matchers: [{prefix: /}]
      routeAction:
        multi:
          destinations:
          - {weight: 3, destination: {upstream: {name: echo-a, namespace: gloo-system}}}
          - {weight: 1, destination: {upstream: {name: echo-b, namespace: gloo-system}}}
`;
    writeFileSync(join(dir, 'vs.yaml'), virtualService(weighted));
    await untilFirstCallTo('b');
    const replies = await Promise.all(Array.from({ length: 400 }, () => echoCall(client, ECHO_PATHS.call)));
    const toA = replies.filter((r) => r.backend === 'a').length / replies.length;
    expect(toA).toBeGreaterThan(0.65);
    expect(toA).toBeLessThan(0.85);
  });

  it('editing the YAML file moves traffic', async () => {
    writeFileSync(join(dir, 'vs.yaml'), virtualService(BASE_ROUTES));
    await untilRoutedTo('a');
    const started = performance.now();
    writeFileSync(join(dir, 'vs.yaml'), virtualService(BASE_ROUTES.replace(to('a'), to('b'))));
    await untilFirstCallTo('b');
    const ms = performance.now() - started;
    process.stderr.write(`write-to-first-rerouted-call: ${ms.toFixed(1)} ms\n`);
    expect((await echoCall(client, ECHO_PATHS.admin)).backend).toBe('c');
  });

  it('a rejected edit leaves traffic flowing as before', async () => {
    writeFileSync(join(dir, 'vs.yaml'), virtualService(BASE_ROUTES));
    await untilRoutedTo('a');
    writeFileSync(join(dir, 'vs.yaml'), virtualService(`    - matchers: [{prefix: /}]\n      directResponseAction: {status: 999}\n`));
    await waitFor(async () => (await engine.api.listResources()).resources.some((r) => r.name === 'echo' && r.state === 'Rejected'), 10_000, 'echo rejected');
    const replies = await Promise.all(Array.from({ length: 20 }, () => echoCall(client, ECHO_PATHS.call)));
    expect(new Set(replies.map((r) => r.backend))).toEqual(new Set(['a']));
    expect((await echoCall(client, ECHO_PATHS.admin)).backend).toBe('c');
  });

  it('deleting the route makes calls fail with UNAVAILABLE', async () => {
    writeFileSync(join(dir, 'vs.yaml'), virtualService(`    - matchers: [{prefix: /echo.Admin/}]\n${to('c')}`));
    await waitFor(async () => {
      const err = await echoCall(client, ECHO_PATHS.call, {}, 1000).then(() => undefined, (e: grpc.ServiceError) => e);
      return err?.code === grpc.status.UNAVAILABLE;
    }, 10_000, 'UNAVAILABLE for an unrouted call');
    expect((await echoCall(client, ECHO_PATHS.admin)).backend).toBe('c');
  });
});
