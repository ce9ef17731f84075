import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { buildXdsSnapshot } from '../../../common/xds/snapshot-builder';
import { XDS_TYPES, xdsTypeOf, type XdsType } from '../../../common/xds/xds-snapshot';
import { encodeDiscoveryResponse } from '../discovery';
import { jsonOf, namesOf, sotwClient, testNode, type SotwClient } from '../test-support/ads-client';
import { PROXY, proxyInput, proxySnapshot, routeConfig, prefixRoute, input } from '../test-support/fixtures';
import { startTestServer, waitFor, type TestServer } from '../test-support/harness';

let ts: TestServer;
let clients: SotwClient[];

function connect(role?: string): SotwClient {
  const c = sotwClient(ts.port, testNode(`node-${clients.length}`, role));
  clients.push(c);
  return c;
}

beforeEach(async () => {
  ts = await startTestServer();
  ts.cache.setSnapshot(PROXY, proxySnapshot());
  clients = [];
});

afterEach(async () => {
  clients.forEach((c) => c.close());
  await ts.close();
});

describe('SotW ADS', () => {
  it('a wildcard CDS and LDS request gets every cluster and listener at the snapshot version', async () => {
    const c = connect();
    c.request('cluster');
    c.request('listener');
    const cds = await c.next('cluster');
    const lds = await c.next('listener');
    expect(namesOf(cds).sort()).toEqual(['a', 'b', 'c']);
    expect(cds.versionInfo).toBe(ts.cache.getSnapshot(PROXY)!.resources.cluster.version);
    expect(namesOf(lds)).toEqual(['listener-8080']);
  });

  it('an ACK records the version and gets no response', async () => {
    const c = connect();
    c.request('cluster');
    const cds = await c.next('cluster');
    c.ack(cds);
    await c.expectSilence();
    await waitFor(() => ts.server.listNodes()[0]?.types.cluster?.ackedVersion === cds.versionInfo, 2000, 'ack');
  });

  it('a NACKed version is never resent and the NACK is recorded with its error text', async () => {
    const nacks: unknown[][] = [];
    ts.server.feedback.onNack((node, type, version, error, names) => nacks.push([node.id, type, version, error, names]));
    const c = connect();
    c.request('cluster');
    const cds = await c.next('cluster');
    c.nack(cds, 'cluster a: bad lb policy');
    await c.expectSilence(300);
    c.request('cluster', [], { responseNonce: cds.nonce, versionInfo: '' });
    await c.expectSilence(300);
    expect(nacks).toEqual([['node-0', 'cluster', cds.versionInfo, 'cluster a: bad lb policy', ['a', 'b', 'c']]]);
    const status = ts.server.listNodes()[0].types.cluster!;
    expect(status.lastNack?.error).toBe('cluster a: bad lb policy');
    expect(status.nackOutstanding).toBe(true);
  });

  it('after a NACK the next snapshot version is sent, and its ACK clears the NACK', async () => {
    const c = connect();
    c.request('cluster');
    const bad = await c.next('cluster');
    c.nack(bad, 'rejected');
    await c.expectSilence(150);
    ts.cache.setSnapshot(PROXY, proxySnapshot({ ports: { a: 10001, b: 10002, c: 10003, d: 10004 } }));
    const next = await c.next('cluster');
    expect(next.versionInfo).not.toBe(bad.versionInfo);
    expect(namesOf(next).sort()).toEqual(['a', 'b', 'c', 'd']);
    c.ack(next);
    await waitFor(() => ts.server.listNodes()[0]?.types.cluster?.ackedVersion === next.versionInfo, 2000, 'ack');
    expect(ts.server.listNodes()[0].types.cluster!.nackOutstanding).toBe(false);
  });

  it('a request with a stale nonce is ignored', async () => {
    const c = connect();
    c.request('cluster');
    const first = await c.next('cluster');
    ts.cache.setSnapshot(PROXY, proxySnapshot({ ports: { a: 10001, d: 10004 } }));
    const second = await c.next('cluster');
    c.ack(first);
    await c.expectSilence();
    expect(ts.server.listNodes()[0].types.cluster?.ackedVersion).toBeUndefined();
    c.ack(second);
    await waitFor(() => ts.server.listNodes()[0]?.types.cluster?.ackedVersion === second.versionInfo, 2000, 'ack');
  });

  it('a new stream gets everything it requests even when it claims the current version', async () => {
    const c1 = connect();
    c1.request('cluster');
    c1.request('route', ['http']);
    const cds = await c1.next('cluster');
    const rds = await c1.next('route');
    c1.ack(cds);
    c1.ack(rds, ['http']);
    c1.close();
    const c2 = connect();
    c2.request('cluster', [], { versionInfo: cds.versionInfo });
    c2.request('route', ['http'], { versionInfo: rds.versionInfo });
    expect(namesOf(await c2.next('cluster')).sort()).toEqual(['a', 'b', 'c']);
    expect(namesOf(await c2.next('route'))).toEqual(['http']);
  });

  it('an RDS or EDS request for several names gets those that exist without waiting for the rest', async () => {
    const c = connect();
    c.request('route', ['http', 'not-yet']);
    c.request('endpoint', ['b', 'nope']);
    expect(namesOf(await c.next('route'))).toEqual(['http']);
    expect(namesOf(await c.next('endpoint'))).toEqual(['b']);
  });

  it('a newly subscribed name is sent at the same version, and an unsubscribed one is not', async () => {
    const c = connect();
    c.request('endpoint', ['a']);
    const first = await c.next('endpoint');
    c.ack(first, ['a', 'b']);
    const grown = await c.next('endpoint');
    expect(grown.versionInfo).toBe(first.versionInfo);
    expect(namesOf(grown).sort()).toEqual(['a', 'b']);
    c.ack(grown, ['b']);
    await c.expectSilence();
  });

  it('a name unsubscribed and then subscribed again is sent again at the same version', async () => {
    const c = connect();
    c.request('endpoint', ['a']);
    const first = await c.next('endpoint');
    c.ack(first, ['a', 'b']);
    const both = await c.next('endpoint');
    c.ack(both, ['b']);
    await c.expectSilence();
    c.ack(both, ['b', 'a']);
    const again = await c.next('endpoint');
    expect(again.versionInfo).toBe(first.versionInfo);
    expect(namesOf(again).sort()).toEqual(['a', 'b']);
  });

  it('a resource that appears later is pushed to the client that asked for it earlier', async () => {
    const c = connect();
    c.request('route', ['later']);
    await c.expectSilence();
    const base = proxyInput();
    const later = input({ route: [routeConfig('later', ['later.local'], [prefixRoute('/', 'a')])] }).route!;
    ts.cache.setSnapshot(PROXY, buildXdsSnapshot(PROXY, { ...base, route: [...base.route!, ...later] }));
    const rds = await c.next('route');
    expect(namesOf(rds)).toEqual(['later']);
  });

  it('a snapshot change is pushed in the order cluster, endpoint, listener, route, secret', async () => {
    ts.cache.setSnapshot(PROXY, proxySnapshot({ withTls: true }));
    const c = connect();
    const subscriptions: Partial<Record<XdsType, string[]>> = { route: ['http', 'https'], secret: ['cert'], endpoint: ['a', 'b', 'c', 'd'] };
    for (const type of ['listener', 'route', 'secret', 'endpoint', 'cluster'] as const) c.request(type, subscriptions[type]);
    for (let i = 0; i < 5; i++) {
      const res = await c.next();
      c.ack(res, subscriptions[xdsTypeOf(res.typeUrl)!]);
    }
    await c.expectSilence(150);
    const before = c.received.length;
    ts.cache.setSnapshot(PROXY, buildXdsSnapshot(PROXY, changedEverywhere()));
    await waitFor(() => c.received.length >= before + 5, 3000, 'five pushes');
    const order = c.received.slice(before).map((r) => xdsTypeOf(r.typeUrl));
    expect(order).toEqual<XdsType[]>([...XDS_TYPES]);
  });

  it('an LDS request for a host gets an API listener pointing at the proxy HTTP route configuration for that host', async () => {
    const c = connect();
    c.request('listener', ['echo.local']);
    const lds = await c.next('listener');
    expect(namesOf(lds)).toEqual(['echo.local']);
    const hcm = (jsonOf(lds)[0].apiListener as { apiListener: Record<string, unknown> }).apiListener;
    expect(hcm['@type']).toContain('HttpConnectionManager');
    expect(hcm.rds).toEqual({ routeConfigName: 'http#echo.local', configSource: { ads: {}, resourceApiVersion: 'V3' } });
  });

  it('the per-host route configuration holds only the virtual host Envoy would pick for that host', async () => {
    const routes = [prefixRoute('/', 'a')];
    ts.cache.setSnapshot(PROXY, buildXdsSnapshot(PROXY, {
      ...proxyInput(),
      route: [{ name: 'http', json: { name: 'http', virtualHosts: [
        { name: 'ns_other', domains: ['other.local'], routes },
        { name: 'ns_echo', domains: ['*.local'], routes },
        { name: 'ns_any', domains: ['*'], routes },
      ] } }],
    }));
    const c = connect();
    c.request('route', ['http#echo.local', 'http#elsewhere.org']);
    const rds = await c.next('route');
    const byName = Object.fromEntries(jsonOf(rds).map((j) => [j.name, (j.virtualHosts as { name: string }[]).map((v) => v.name)]));
    expect(byName).toEqual({ 'http#echo.local': ['ns_echo'], 'http#elsewhere.org': ['ns_any'] });
  });

  it('an LDS request names hosts: only those a virtual host serves get API listeners, and one no longer served is left out', async () => {
    ts.cache.setSnapshot(PROXY, proxySnapshot({ domains: ['echo.local', '*.grpc.local'] }));
    const c = connect();
    c.request('listener', ['echo.local', 'api.grpc.local', 'nobody.example']);
    const lds = await c.next('listener');
    expect(namesOf(lds).sort()).toEqual(['api.grpc.local', 'echo.local']);
    c.ack(lds, ['echo.local', 'api.grpc.local', 'nobody.example']);
    ts.cache.setSnapshot(PROXY, proxySnapshot({ domains: ['echo.local'] }));
    const next = await c.next('listener');
    expect(next.versionInfo).toBe(lds.versionInfo);
    expect(namesOf(next)).toEqual(['echo.local']);
  });

  it('a per-host route configuration exists only for a host a virtual host serves', async () => {
    ts.cache.setSnapshot(PROXY, proxySnapshot({ domains: ['echo.local'] }));
    const c = connect();
    c.request('route', ['http#nobody.example', 'http#echo.local']);
    expect(namesOf(await c.next('route'))).toEqual(['http#echo.local']);
  });

  it('an ACK whose version_info this stream never sent is not recorded as ACKed', async () => {
    const c = connect();
    c.request('cluster');
    const cds = await c.next('cluster');
    c.ack({ ...cds, versionInfo: 'not-a-version-we-sent' });
    const row = await waitFor(() => ts.server.listNodes().find((n) => n.types.cluster?.unrecognizedAck), 2000, 'the unrecognized ACK');
    expect(row.types.cluster?.unrecognizedAck?.version).toBe('not-a-version-we-sent');
    expect(row.types.cluster?.ackedVersion).toBeUndefined();
    await c.expectSilence();
  });

  it('secrets are served over SDS on the ADS stream by name', async () => {
    ts.cache.setSnapshot(PROXY, proxySnapshot({ withTls: true }));
    const c = connect();
    c.request('secret', ['cert']);
    const sds = await c.next('secret');
    expect(namesOf(sds)).toEqual(['cert']);
    expect(jsonOf(sds)[0].tlsCertificate).toBeDefined();
  });

  it('a role naming no proxy gets an empty configuration and a warning, until that proxy is published', async () => {
    const c = connect('nowhere~nobody');
    c.request('cluster');
    c.request('listener');
    expect((await c.next('cluster')).resources).toHaveLength(0);
    expect((await c.next('listener')).resources).toHaveLength(0);
    const row = await waitFor(() => ts.server.listNodes()[0], 2000, 'node');
    expect(row.proxyKey).toBe('nowhere~nobody');
    expect(row.warning).toMatch(/names no proxy/);
    ts.cache.setSnapshot('nowhere~nobody', proxySnapshot({}, 'nowhere~nobody'));
    expect(namesOf(await c.next('cluster')).sort()).toEqual(['a', 'b', 'c']);
    expect(ts.server.listNodes()[0].warning).toBeUndefined();
  });

  it('bytes sent are counted per stream and the row leaves the node list when the stream drops', async () => {
    const c = connect();
    c.request('cluster');
    c.request('listener');
    const responses = [await c.next('cluster'), await c.next('listener')];
    const expected = responses.reduce((sum, r) => sum + encodeDiscoveryResponse(r).byteLength, 0);
    const row = ts.server.listNodes()[0];
    expect(row).toMatchObject({ kind: 'sotw', id: 'node-0', proxyKey: PROXY, bytesSent: expected, responsesSent: 2 });
    c.cancel();
    await waitFor(() => ts.server.listNodes().length === 0, 2000, 'disconnect');
  });
});

describe('SotW ACK latency', () => {
  it('ACK latency runs from the snapshot publication to the ACK', async () => {
    await ts.close();
    let now = 1_000;
    ts = await startTestServer({ now: () => now });
    ts.cache.setSnapshot(PROXY, proxySnapshot());
    const acks: number[] = [];
    ts.server.feedback.onAck((_node, type, _version, latency) => type === 'cluster' && acks.push(latency));
    const c = connect();
    c.request('cluster');
    const first = await c.next('cluster');
    now = 1_250;
    c.ack(first);
    await waitFor(() => acks.length === 1, 2000, 'first ack');
    now = 2_000;
    ts.cache.setSnapshot(PROXY, proxySnapshot({ ports: { a: 1, b: 2 } }));
    const second = await c.next('cluster');
    now = 2_100;
    c.ack(second);
    await waitFor(() => acks.length === 2, 2000, 'second ack');
    expect(acks).toEqual([250, 100]);
    expect(ts.server.listNodes()[0].types.cluster?.ackLatencyMs).toBe(100);
  });
});

/** The TLS proxy with every type changed: a new cluster and endpoints, listener, route and secret edits. */
function changedEverywhere() {
  const changed = proxyInput({ withTls: true, ports: { a: 10001, b: 10002, c: 10003, d: 10004 }, routes: [prefixRoute('/', 'd')] });
  const patch = (json: Record<string, unknown>, key: string, value: unknown) => ({ ...json, [key]: value });
  changed.listener = changed.listener!.map((l) => ({ ...l, json: patch(l.json, 'statPrefix', 'changed') }));
  changed.secret = changed.secret!.map((s) => ({ ...s, json: patch(s.json, 'tlsCertificate', { certificateChain: { inlineString: 'new' } }) }));
  return changed;
}
