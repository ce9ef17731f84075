import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { sotwClient, deltaClient, testNode, namesOf, type SotwClient, type DeltaClient } from './test-support/ads-client';
import { PROXY, proxySnapshot } from './test-support/fixtures';
import { startTestServer, waitFor, type TestServer } from './test-support/harness';

let ts: TestServer;
let clients: (SotwClient | DeltaClient)[];

beforeEach(async () => {
  ts = await startTestServer();
  ts.cache.setSnapshot(PROXY, proxySnapshot());
  clients = [];
});

afterEach(async () => {
  clients.forEach((c) => c.close());
  await ts.close();
});

describe('fan-out', () => {
  it('100 concurrent streams all receive a change, and each resource is encoded once', async () => {
    const sotw = Array.from({ length: 50 }, (_, i) => sotwClient(ts.port, testNode(`s${i}`)));
    const delta = Array.from({ length: 50 }, (_, i) => deltaClient(ts.port, testNode(`d${i}`)));
    clients.push(...sotw, ...delta);
    sotw.forEach((c) => c.request('cluster'));
    delta.forEach((c) => c.request('cluster'));
    await Promise.all(sotw.map(async (c) => c.ack(await c.next('cluster'))));
    await Promise.all(delta.map(async (c) => c.ack(await c.next('cluster'))));
    await waitFor(() => ts.server.listNodes().filter((n) => n.types.cluster?.ackedVersion).length === 100, 5000, '100 acks');
    const before = ts.cache.encoder.stats().encoded;
    ts.cache.setSnapshot(PROXY, proxySnapshot({ ports: { a: 10001, b: 10002, c: 10003, d: 10004 } }));
    const sotwUpdates = await Promise.all(sotw.map((c) => c.next('cluster')));
    const deltaUpdates = await Promise.all(delta.map((c) => c.next('cluster')));
    expect(sotwUpdates.every((r) => namesOf(r).sort().join() === 'a,b,c,d')).toBe(true);
    expect(deltaUpdates.every((r) => r.resources.map((x) => x.name).join() === 'd')).toBe(true);
    expect(ts.cache.encoder.stats().encoded - before).toBe(2);
  });

  it('delta streams send fewer bytes than SotW streams for a one-resource change', async () => {
    const s = sotwClient(ts.port, testNode('bytes-sotw'));
    const d = deltaClient(ts.port, testNode('bytes-delta'));
    clients.push(s, d);
    s.request('cluster');
    d.request('cluster');
    s.ack(await s.next('cluster'));
    d.ack(await d.next('cluster'));
    const bytes = (id: string) => ts.server.listNodes().find((n) => n.id === id)!.bytesSent;
    const [s0, d0] = [bytes('bytes-sotw'), bytes('bytes-delta')];
    ts.cache.setSnapshot(PROXY, proxySnapshot({ ports: { a: 10001, b: 10002, c: 10003, d: 10004 } }));
    await s.next('cluster');
    await d.next('cluster');
    expect(bytes('bytes-delta') - d0).toBeLessThan(bytes('bytes-sotw') - s0);
  });
});
