// Generated Proxies are written to the store like any object (for SQLite and memory stores), once passes pause.
import { readdirSync, readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Resource } from '../../common/model/resource';
import { parseYamlFile } from '../../common/model/yaml-documents';
import { waitFor } from '../xds/test-support/harness';
import { startEngine, type Engine } from './engine';

let engine: Engine;
const demo = new URL('../../../fixtures/demo/', import.meta.url);

beforeAll(async () => {
  engine = await startEngine({ store: 'memory:', xdsPort: 0, envoy: 'off' });
  for (const f of readdirSync(demo).filter((name) => /^[^.].*\.yaml$/.test(name))) {
    for (const { resource } of parseYamlFile(readFileSync(new URL(f, demo), 'utf8'), f).resources) {
      const { source: _s, ...obj } = resource;
      await engine.store.client(obj.kind).write(obj as Resource, {});
    }
  }
});

afterAll(async () => {
  await engine?.close();
});

describe('generated proxies', () => {
  it('the gateway proxy is written to the store, marked generated, with its status', async () => {
    await waitFor(async () => (await engine.store.client('Proxy').list({ all: true })).length === 1, 10_000, 'a written Proxy');
    const [proxy] = await engine.store.client('Proxy').list({ all: true });
    expect(proxy.metadata).toMatchObject({ name: 'gateway-proxy', namespace: 'gloo-system', labels: { 'xds-sandbox.io/generated': 'true' } });
    expect(proxy.spec.listeners?.[0]?.httpListener?.virtualHosts?.length).toBeGreaterThan(0);
    await waitFor(async () => (await engine.store.client('Proxy').read('gloo-system', 'gateway-proxy')).status?.state === 'Accepted', 10_000, 'its status');
  });
});
