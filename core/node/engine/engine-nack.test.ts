// A data-plane NACK flows back into the store as a Warning on the object the user wrote.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { sotwClient, testNode, type SotwClient } from '../xds/test-support/ads-client';
import { waitFor } from '../xds/test-support/harness';
import { startEngine, type Engine } from './engine';

let dir: string;
let engine: Engine;
let client: SotwClient;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xds-sandbox-nack-'));
  cpSync(new URL('../../../fixtures/demo', import.meta.url).pathname, dir, { recursive: true });
  engine = await startEngine({ store: dir, xdsPort: 0, envoy: 'off' });
  await waitFor(async () => engine.cache.getSnapshot('gloo-system~gateway-proxy') !== undefined, 10_000, 'a published snapshot');
  client = sotwClient(engine.xds.port, testNode('nacking-envoy', 'gloo-system~gateway-proxy'));
});

afterAll(async () => {
  client?.close();
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('NACK feedback', () => {
  it('a NACKed route configuration becomes a Warning on the VirtualService, with the node and its error text', async () => {
    const name = [...engine.cache.getSnapshot('gloo-system~gateway-proxy')!.resources.route.items.keys()][0];
    client.request('route', [name]);
    const res = await client.next('route');
    client.nack(res, 'Proto constraint validation failed: invalid regex', [name]);
    await waitFor(async () => (await engine.store.client('VirtualService').read('gloo-system', 'petstore')).status?.state === 'Warning', 10_000, 'a Warning');
    const vs = await engine.store.client('VirtualService').read('gloo-system', 'petstore');
    expect(vs.status?.reason).toContain('Envoy node nacking-envoy rejected route version');
    expect(vs.status?.reason).toContain('invalid regex');
    const node = engine.xds.listNodes().find((n) => n.id === 'nacking-envoy');
    expect(node?.types.route?.lastNack?.error).toContain('invalid regex');
    await client.expectSilence();
  });
});
