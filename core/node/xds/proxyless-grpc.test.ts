// End to end: real @grpc/grpc-js-xds channels on xds:///echo.local, configured by this
// server, calling real gRPC echo backends.
import * as grpc from '@grpc/grpc-js';
import { register } from '@grpc/grpc-js-xds';
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { ECHO_PATHS, echoCall, startEchoServer, type EchoServer } from './test-support/echo-servers';
import { PROXY, headerRoute, prefixRoute, proxySnapshot, weightedRoute } from './test-support/fixtures';
import { startTestServer, waitFor, type TestServer } from './test-support/harness';

const BOOTSTRAP_KEY = 'grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config';
const DEFAULT_ROUTES = [
  prefixRoute('/echo.Admin/', 'c'),
  headerRoute('/', 'x-variant', 'canary', 'b'),
  weightedRoute('/', { a: 75, b: 25 }),
];

let ts: TestServer;
let backends: EchoServer[];
let channels: grpc.Client[] = [];

function publish(routes: Record<string, unknown>[], domains?: string[]): void {
  const ports = Object.fromEntries(backends.map((b) => [b.name, b.port]));
  ts.cache.setSnapshot(PROXY, proxySnapshot({ ports, routes, domains }));
}

function channel(id: string): grpc.Client {
  const bootstrap = {
    xds_servers: [{ server_uri: `127.0.0.1:${ts.port}`, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
    node: { id, locality: {}, metadata: { role: PROXY } },
  };
  const client = new grpc.Client('xds:///echo.local', grpc.credentials.createInsecure(), { [BOOTSTRAP_KEY]: JSON.stringify(bootstrap) });
  channels.push(client);
  return client;
}

async function backendsOf(client: grpc.Client, n: number, path: string = ECHO_PATHS.call, headers = {}): Promise<string[]> {
  const replies = await Promise.all(Array.from({ length: n }, () => echoCall(client, path, headers)));
  return replies.map((r) => r.backend);
}

/** Calls until one reaches `backend` (config changes reach clients asynchronously). */
async function untilRoutedTo(client: grpc.Client, backend: string): Promise<void> {
  await waitFor(async () => (await echoCall(client, ECHO_PATHS.call)).backend === backend, 10_000, `traffic to ${backend}`);
}

beforeAll(async () => {
  register();
  backends = await Promise.all(['a', 'b', 'c'].map(startEchoServer));
  ts = await startTestServer();
});

afterAll(async () => {
  await ts.close();
  await Promise.all(backends.map((b) => b.close()));
});

beforeEach(() => publish(DEFAULT_ROUTES));

afterEach(() => {
  channels.forEach((c) => c.close());
  channels = [];
});

describe('proxyless gRPC clients through xds:///echo.local', () => {
  it('a call is routed by path prefix to the admin backend', async () => {
    expect(new Set(await backendsOf(channel('prefix'), 10, ECHO_PATHS.admin))).toEqual(new Set(['c']));
  });

  it('a call carrying x-variant: canary in gRPC metadata is routed by header to backend b', async () => {
    expect(new Set(await backendsOf(channel('header'), 20, ECHO_PATHS.call, { 'x-variant': 'canary' }))).toEqual(new Set(['b']));
  });

  it('weighted clusters split 75/25 within tolerance over 400 calls', async () => {
    const client = channel('weighted');
    const hits = await backendsOf(client, 400);
    const share = hits.filter((b) => b === 'a').length / hits.length;
    expect(hits.every((b) => b === 'a' || b === 'b')).toBe(true);
    expect(share).toBeGreaterThan(0.67);
    expect(share).toBeLessThan(0.83);
  });

  it('publishing a new snapshot moves traffic to the new cluster', async () => {
    const client = channel('move');
    await backendsOf(client, 5);
    publish([prefixRoute('/', 'c')]);
    await untilRoutedTo(client, 'c');
    expect(new Set(await backendsOf(client, 20))).toEqual(new Set(['c']));
  });

  it('removing the route makes calls fail with UNAVAILABLE while other routes keep working', async () => {
    const client = channel('remove');
    await backendsOf(client, 5);
    publish([prefixRoute('/echo.Admin/', 'c')]);
    const err = await waitFor(
      async () => echoCall(client, ECHO_PATHS.call).then(() => undefined, (e: grpc.ServiceError) => e),
      10_000,
      'calls to fail',
    );
    // No route matches: grpc-js-xds's config selector answers UNAVAILABLE for the call.
    expect(err.code).toBe(grpc.status.UNAVAILABLE);
    expect(err.details).toBe('Failed to route call to method /echo.Echo/Call');
    expect(await backendsOf(client, 3, ECHO_PATHS.admin)).toEqual(['c', 'c', 'c']);
  });

  it('a route configuration with no virtual host for echo.local makes calls fail with UNAVAILABLE', async () => {
    const client = channel('no-vhost');
    await backendsOf(client, 2);
    publish(DEFAULT_ROUTES, ['other.local']);
    const err = await waitFor(
      async () => echoCall(client, ECHO_PATHS.admin).then(() => undefined, (e: grpc.ServiceError) => e),
      10_000,
      'calls to fail',
    );
    // grpc-js-xds reports "No matching route found for echo.local" as a resolution error; the call
    // then fails UNAVAILABLE with grpc-js's "No connection established" details.
    expect(err.code).toBe(grpc.status.UNAVAILABLE);
    expect(err.details).toMatch(/No connection established/);
  });

  it('the node list shows the versions each proxyless client ACKed', async () => {
    await backendsOf(channel('observed'), 3);
    const snapshot = ts.cache.getSnapshot(PROXY)!;
    const row = await waitFor(
      () => {
        const r = ts.server.listNodes().find((n) => n.id === 'observed');
        return r?.types.endpoint?.ackedVersion ? r : undefined;
      },
      5000,
      'acks',
    );
    expect(row).toMatchObject({ kind: 'sotw', proxyKey: PROXY });
    for (const type of ['listener', 'route', 'cluster', 'endpoint'] as const) {
      expect(row.types[type]?.ackedVersion).toBe(snapshot.resources[type].version);
      expect(row.types[type]?.nackOutstanding).toBe(false);
    }
  });
});
