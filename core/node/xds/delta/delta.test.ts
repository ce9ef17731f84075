import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildXdsSnapshot } from '../../../common/xds/snapshot-builder';
import type { DeltaDiscoveryResponse } from '../discovery';
import { deltaClient, testNode, type DeltaClient } from '../test-support/ads-client';
import { PROXY, input, prefixRoute, proxyInput, proxySnapshot, routeConfig } from '../test-support/fixtures';
import { startTestServer, waitFor, type TestServer } from '../test-support/harness';

let ts: TestServer;
let clients: DeltaClient[];

function connect(): DeltaClient {
  const c = deltaClient(ts.port, testNode(`delta-${clients.length}`));
  clients.push(c);
  return c;
}

const names = (res: DeltaDiscoveryResponse) => res.resources.map((r) => r.name).sort();
const version = (type: 'cluster' | 'endpoint', name: string) => ts.cache.getSnapshot(PROXY)!.resources[type].items.get(name)!.version;

beforeEach(async () => {
  ts = await startTestServer();
  ts.cache.setSnapshot(PROXY, proxySnapshot());
  clients = [];
});

afterEach(async () => {
  clients.forEach((c) => c.close());
  await ts.close();
});

describe('Delta ADS', () => {
  it('the first wildcard request gets every cluster with its resource version', async () => {
    const c = connect();
    c.request('cluster');
    const res = await c.next('cluster');
    expect(names(res)).toEqual(['a', 'b', 'c']);
    expect(res.resources.find((r) => r.name === 'a')!.version).toBe(version('cluster', 'a'));
    expect(res.systemVersionInfo).toBe(ts.cache.getSnapshot(PROXY)!.resources.cluster.version);
    expect(res.removedResources).toEqual([]);
    c.ack(res);
    await waitFor(() => ts.server.listNodes()[0]?.types.cluster?.ackedVersion === res.systemVersionInfo, 2000, 'ack');
    expect(ts.server.listNodes()[0].kind).toBe('delta');
  });

  it('only the resources that changed are sent when the snapshot changes', async () => {
    const c = connect();
    c.request('cluster');
    c.request('endpoint', ['a', 'b', 'c']);
    c.ack(await c.next('cluster'));
    c.ack(await c.next('endpoint'));
    ts.cache.setSnapshot(PROXY, proxySnapshot({ ports: { a: 10001, b: 20002, c: 10003 } }));
    const eds = await c.next('endpoint');
    expect(names(eds)).toEqual(['b']);
    await c.expectSilence();
  });

  it('a deleted resource is sent in removed_resources', async () => {
    const c = connect();
    c.request('cluster');
    c.ack(await c.next('cluster'));
    ts.cache.setSnapshot(PROXY, proxySnapshot({ ports: { a: 10001, b: 10002 } }));
    const res = await c.next('cluster');
    expect(res.resources).toEqual([]);
    expect(res.removedResources).toEqual(['c']);
  });

  it('a subscribed name that does not exist is reported once in removed_resources, then sent when it appears', async () => {
    const c = connect();
    c.request('route', ['http', 'later']);
    const first = await c.next('route');
    expect(names(first)).toEqual(['http']);
    expect(first.removedResources).toEqual(['later']);
    c.ack(first);
    ts.cache.setSnapshot(PROXY, proxySnapshot({ ports: { a: 1 } }));
    await c.expectSilence();
    const base = proxyInput();
    const later = input({ route: [routeConfig('later', ['later.local'], [prefixRoute('/', 'a')])] }).route!;
    ts.cache.setSnapshot(PROXY, buildXdsSnapshot(PROXY, { ...base, route: [...base.route!, ...later] }));
    const res = await c.next('route');
    expect(names(res)).toEqual(['later']);
  });

  it('unsubscribing needs no response and stops updates for that name', async () => {
    const c = connect();
    c.request('endpoint', ['a', 'b']);
    c.ack(await c.next('endpoint'));
    c.request('endpoint', [], ['b']);
    await c.expectSilence();
    ts.cache.setSnapshot(PROXY, proxySnapshot({ ports: { a: 10001, b: 20002, c: 10003 } }));
    await c.expectSilence();
    ts.cache.setSnapshot(PROXY, proxySnapshot({ ports: { a: 20001, b: 20002, c: 10003 } }));
    expect(names(await c.next('endpoint'))).toEqual(['a']);
  });

  it('a name unsubscribed and then subscribed again is sent again', async () => {
    const c = connect();
    c.request('endpoint', ['a', 'b']);
    c.ack(await c.next('endpoint'));
    c.request('endpoint', [], ['b']);
    await c.expectSilence();
    c.request('endpoint', ['b']);
    expect(names(await c.next('endpoint'))).toEqual(['b']);
  });

  it('initial_resource_versions that match are not resent; stale ones are, and unknown ones are removed', async () => {
    const c = connect();
    const initialResourceVersions = { a: version('cluster', 'a'), b: version('cluster', 'b'), c: 'old', gone: 'x' };
    c.request('cluster', [], [], { initialResourceVersions });
    const res = await c.next('cluster');
    expect(names(res)).toEqual(['c']);
    expect(res.removedResources).toEqual(['gone']);
  });

  it('a first request whose initial versions all match gets an empty response', async () => {
    const c = connect();
    const initialResourceVersions = { a: version('cluster', 'a'), b: version('cluster', 'b'), c: version('cluster', 'c') };
    c.request('cluster', [], [], { initialResourceVersions });
    const res = await c.next('cluster');
    expect(res.resources).toEqual([]);
    expect(res.removedResources).toEqual([]);
  });

  it('a NACKed resource is not resent until it changes, and the NACK is recorded', async () => {
    const c = connect();
    c.request('cluster');
    const res = await c.next('cluster');
    c.nack(res, 'cluster b: unsupported');
    await c.expectSilence();
    const row = await waitFor(() => ts.server.listNodes()[0]?.types.cluster?.lastNack, 2000, 'nack');
    expect(row).toMatchObject({ version: res.systemVersionInfo, error: 'cluster b: unsupported', resourceNames: ['a', 'b', 'c'] });
    const changed = proxyInput();
    changed.cluster = changed.cluster!.map((r) => (r.name === 'b' ? { ...r, json: { ...r.json, connectTimeout: '2s' } } : r));
    ts.cache.setSnapshot(PROXY, buildXdsSnapshot(PROXY, changed));
    expect(names(await c.next('cluster'))).toEqual(['b']);
  });

  it('with a wildcard, unsubscribing a name the wildcard covers resends it and one it does not cover removes it', async () => {
    const c = connect();
    c.request('listener', ['*', 'echo.local', 'listener-8080']);
    const first = await c.next('listener');
    expect(names(first)).toEqual(['echo.local', 'listener-8080']);
    c.ack(first);
    c.request('listener', [], ['echo.local', 'listener-8080']);
    const res = await c.next('listener');
    expect(names(res)).toEqual(['listener-8080']);
    expect(res.removedResources).toEqual(['echo.local']);
  });

  it('a host no virtual host serves gets no API listener and is reported in removed_resources', async () => {
    ts.cache.setSnapshot(PROXY, proxySnapshot({ domains: ['echo.local'] }));
    const c = connect();
    c.request('listener', ['echo.local', 'nobody.example']);
    const res = await c.next('listener');
    expect(names(res)).toEqual(['echo.local']);
    expect(res.removedResources).toEqual(['nobody.example']);
  });

  it('secrets are served over SDS on the delta ADS stream', async () => {
    ts.cache.setSnapshot(PROXY, proxySnapshot({ withTls: true }));
    const c = connect();
    c.request('secret', ['cert']);
    const res = await c.next('secret');
    expect(names(res)).toEqual(['cert']);
    expect(res.resources[0].resource?.typeUrl).toBe('type.googleapis.com/envoy.extensions.transport_sockets.tls.v3.Secret');
  });
});
