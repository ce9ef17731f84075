// Tests against a real Envoy. They run when an `envoy` binary is found (ENVOY_BIN or PATH) and are skipped, with the reason, otherwise.
import { createServer, type Server } from 'node:http';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../engine/engine';
import { adminGet, compareWithServed } from './envoy-admin';
import { findEnvoy } from './envoy-finder';

const lookup = findEnvoy('auto');
const reason = lookup.found ? '' : ` (skipped: ${lookup.reason})`;

describe.skipIf(!lookup.found)(`a real Envoy fed by the sandbox${reason}`, () => {
  let dir: string;
  let engine: Engine;
  let backend: Server;
  let backendPort = 0;
  const listenerPort = 18080 + Math.floor(Math.random() * 1000);
  const adminPort = listenerPort + 1000;

  beforeAll(async () => {
    backend = createServer((_req, res) => res.end('hello from the backend'));
    await new Promise<void>((r) => backend.listen(0, '127.0.0.1', () => r()));
    backendPort = (backend.address() as { port: number }).port;
    dir = mkdtempSync(join(tmpdir(), 'xds-sandbox-envoy-e2e-'));
    writeFileSync(join(dir, 'config.yaml'), `apiVersion: gateway.solo.io/v1
kind: Gateway
metadata: {name: http, namespace: gloo-system}
spec: {bindAddress: 127.0.0.1, bindPort: ${listenerPort}, httpGateway: {}}
---
apiVersion: gloo.solo.io/v1
kind: Upstream
metadata: {name: backend, namespace: gloo-system}
spec: {static: {hosts: [{addr: 127.0.0.1, port: ${backendPort}}]}}
---
apiVersion: gateway.solo.io/v1
kind: VirtualService
metadata: {name: hello, namespace: gloo-system}
spec:
  virtualHost:
    domains: ['*']
    routes: [{matchers: [{prefix: /}], routeAction: {single: {upstream: {name: backend, namespace: gloo-system}}}}]
`);
    engine = await startEngine({ store: dir, xdsPort: 0, envoy: 'auto', envoyAdminPort: adminPort });
  }, 60_000);

  afterAll(async () => {
    await engine?.close();
    backend?.close();
    if (dir) rmSync(dir, { recursive: true, force: true });
  });

  it('Envoy starts from the generated bootstrap and reaches /ready', async () => {
    const deadline = Date.now() + 30_000;
    while ((await adminGet(adminPort, '/ready'))?.trim() !== 'LIVE') {
      if (Date.now() > deadline) throw new Error(`Envoy not ready: ${(await engine.api.envoy()).logTail.slice(-5).join('\n')}`);
      await new Promise((r) => setTimeout(r, 200));
    }
  }, 40_000);

  it('its config_dump matches what was served', async () => {
    const dump = JSON.parse((await adminGet(adminPort, '/config_dump'))!);
    const served = engine.cache.getSnapshot('gloo-system~gateway-proxy')!;
    expect(compareWithServed(dump, served)).toEqual([]);
  });

  it('an HTTP request through its listener reaches the local backend', async () => {
    const res = await fetch(`http://127.0.0.1:${listenerPort}/anything`);
    expect(await res.text()).toBe('hello from the backend');
  });
});
