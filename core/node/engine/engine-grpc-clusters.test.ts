// End to end for what Upstreams say about their clusters: a YAML folder → engine → xDS server →
// real @grpc/grpc-js-xds channels. A route to a Kubernetes Service reaches the kube Upstream standing
// in for it, across the Endpoints naming it; the client accepts clusters carrying HTTP/2 options,
// circuit breakers, outlier detection, health checks and each load-balancing policy it implements.
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

function upstream(options: string): string {
  return `apiVersion: gloo.solo.io/v1
kind: Upstream
metadata: {name: default-echo-9090, namespace: gloo-system}
spec:
  kube: {serviceName: echo, serviceNamespace: default, servicePort: 9090}
  useHttp2: true
${options}`;
}

const CLUSTER_OPTIONS = `  connectionConfig: {connectTimeout: 1s, maxRequestsPerConnection: 1000}
  circuitBreakers: {maxConnections: 100, maxRequests: 1000}
  outlierDetection: {consecutive5xx: 5, interval: 10s, baseEjectionTime: 30s, maxEjectionPercent: 50}
  healthChecks:
  - {timeout: 1s, interval: 5s, healthyThreshold: 1, unhealthyThreshold: 3, grpcHealthCheck: {serviceName: echo}}
`;

function endpoints(): string {
  return backends.map((b) => `apiVersion: gloo.solo.io/v1
kind: Endpoint
metadata: {name: echo-${b.name}, namespace: gloo-system}
spec:
  upstreams: [{name: default-echo-9090}]
  address: 127.0.0.1
  port: ${b.port}
`).join('---\n');
}

const VIRTUAL_SERVICE = `apiVersion: gateway.solo.io/v1
kind: VirtualService
metadata: {name: echo, namespace: default}
spec:
  virtualHost:
    domains: [echo.local]
    routes:
    - matchers: [{prefix: /}]
      routeAction: {single: {kube: {ref: {name: echo}, port: 9090}}}
`;

/** The backends 40 calls reach. */
async function backendsReached(): Promise<Set<string>> {
  const replies = await Promise.all(Array.from({ length: 40 }, () => echoCall(client, ECHO_PATHS.call)));
  return new Set(replies.map((r) => r.backend));
}

/** The cluster state the client last reported: the version it ACKed and when, the error of an outstanding NACK, and when it last NACKed. */
function clusterFeedback(): { acked?: string; ackedAt?: number; nack?: string; nackedAt?: number } {
  const t = engine.xds.listNodes()[0]?.types.cluster;
  return { acked: t?.ackedVersion, ackedAt: t?.ackedAt, nack: t?.nackOutstanding ? t.lastNack?.error : undefined, nackedAt: t?.lastNack?.at };
}

/** Writes the Upstream and waits until the client ACKs or NACKs a new cluster version. */
async function publishUpstream(options: string): Promise<void> {
  const before = clusterFeedback();
  writeFileSync(join(dir, 'upstream.yaml'), upstream(options));
  await waitFor(async () => {
    const now = clusterFeedback();
    return now.ackedAt !== before.ackedAt || now.nackedAt !== before.nackedAt;
  }, 10_000, 'the client to answer the new cluster');
}

beforeAll(async () => {
  register();
  backends = await Promise.all(['a', 'b'].map(startEchoServer));
  dir = mkdtempSync(join(tmpdir(), 'xds-sandbox-grpc-clusters-'));
  writeFileSync(join(dir, 'upstream.yaml'), upstream(CLUSTER_OPTIONS));
  writeFileSync(join(dir, 'endpoints.yaml'), endpoints());
  writeFileSync(join(dir, 'vs.yaml'), VIRTUAL_SERVICE);
  engine = await startEngine({ store: dir, xdsPort: 0, envoy: 'off' });
  const bootstrap = {
    xds_servers: [{ server_uri: `127.0.0.1:${engine.xds.port}`, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
    node: { id: 'engine-grpc-clusters-test', locality: {}, metadata: { role: 'gloo-system~gateway-proxy' } },
  };
  client = new grpc.Client('xds:///echo.local', grpc.credentials.createInsecure(), { [BOOTSTRAP_KEY]: JSON.stringify(bootstrap) });
  await waitFor(async () => (await echoCall(client, ECHO_PATHS.call).catch(() => undefined)) !== undefined, 10_000, 'a first call');
});

afterAll(async () => {
  client?.close();
  await engine?.close();
  await Promise.all((backends ?? []).map((b) => b.close()));
  rmSync(dir, { recursive: true, force: true });
});

describe('a proxyless gRPC client and the clusters of Upstreams', () => {
  it('reaches every Endpoint of the kube Upstream standing in for the Kubernetes Service a route names', async () => {
    await waitFor(async () => (await backendsReached()).size === 2, 10_000, 'calls to both backends');
    expect(await backendsReached()).toEqual(new Set(['a', 'b']));
  });

  it('accepts a cluster with HTTP/2 options, circuit breakers, outlier detection and health checks', () => {
    expect(clusterFeedback()).toMatchObject({ acked: expect.any(String), nack: undefined });
  });

  for (const [policy, config] of [
    ['round robin', '  loadBalancerConfig: {roundRobin: {}}\n'],
    ['ring hash', '  loadBalancerConfig: {ringHash: {ringHashConfig: {minimumRingSize: 1024, maximumRingSize: 4096}}}\n'],
  ] as const) {
    it(`accepts ${policy} and keeps calls flowing`, async () => {
      await publishUpstream(CLUSTER_OPTIONS + config);
      expect(clusterFeedback().nack).toBeUndefined();
      const reached = await backendsReached();
      expect([...reached].every((b) => b === 'a' || b === 'b')).toBe(true);
    });
  }

  for (const [policy, config] of [
    ['LEAST_REQUEST', '  loadBalancerConfig: {leastRequest: {choiceCount: 2}}\n'],
    ['RANDOM', '  loadBalancerConfig: {random: {}}\n'],
    ['MAGLEV', '  loadBalancerConfig: {maglev: {}}\n'],
  ] as const) {
    it(`NACKs ${policy}, which it does not implement, and keeps calling with the cluster it had`, async () => {
      await publishUpstream(CLUSTER_OPTIONS);
      expect(clusterFeedback().nack).toBeUndefined();
      await publishUpstream(CLUSTER_OPTIONS + config);
      expect(clusterFeedback().nack).toContain(`unsupported lb_policy: ${policy}`);
      expect(await backendsReached()).toEqual(new Set(['a', 'b']));
    });
  }
});
