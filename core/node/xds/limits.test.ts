// The xDS server's limits over real gRPC streams: names per request, names per stream, send
// queues with backpressure, and concurrent streams per connection.
import * as grpc from '@grpc/grpc-js';
import { afterEach, describe, expect, it } from 'vitest';
import type { DiscoveryResponse } from './discovery';
import type { XdsLimits } from './limits';
import {
  deltaRequestBytes,
  nonReadingStream,
  rawStream,
  sotwRequestBytes,
  unknownNames,
  type RawStream,
} from './test-support/abusive-clients';
import { sotwClient, testNode } from './test-support/ads-client';
import { PROXY, prefixRoute, proxySnapshot } from './test-support/fixtures';
import { startTestServer, waitFor, type TestServer } from './test-support/harness';

let ts: TestServer;
let streams: RawStream[] = [];

/** A server whose proxy has `clusters` clusters: with 1,000 a CDS response (about 70 KB) outgrows a client's 64 KiB window. */
async function serve(limits: Partial<XdsLimits>, clusters = 3): Promise<void> {
  ts = await startTestServer({ limits });
  publish(clusters, 0);
}

function publish(clusters: number, generation: number): void {
  const ports: Record<string, number> = {};
  for (let i = 0; i < clusters; i++) ports[`c${i}`] = 20_000 + i;
  ports[`gen-${generation}`] = 19_000;
  ts.cache.setSnapshot(PROXY, proxySnapshot({ ports, routes: [prefixRoute('/', 'c0')], domains: ['echo.local'] }));
}

function track<T extends RawStream>(stream: T): T {
  streams.push(stream);
  return stream;
}

afterEach(async () => {
  streams.forEach((s) => s.cancel());
  streams = [];
  await ts.close();
});

describe('names per request and per stream', () => {
  it('a request naming more resources than the limit ends its stream with RESOURCE_EXHAUSTED, SotW and delta alike', async () => {
    await serve({ maxNamesPerRequest: 100 });
    const sotw = track(rawStream(ts.port, 'sotw'));
    sotw.write(sotwRequestBytes(testNode('sotw', PROXY), 'listener', unknownNames(101)));
    const delta = track(rawStream(ts.port, 'delta'));
    delta.write(deltaRequestBytes(testNode('delta', PROXY), 'endpoint', unknownNames(101)));
    for (const end of [await sotw.ended, await delta.ended]) {
      expect(end.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
      expect(end.details).toMatch(/names 101 resources; at most 100 may be named in one request/);
    }
    await waitFor(() => ts.server.listNodes().length === 0, 2000, 'the refused streams to leave the node list');
  });

  it('a request at the limit is served, and a refused stream leaves other streams untouched', async () => {
    await serve({ maxNamesPerRequest: 100 });
    const good = sotwClient(ts.port, testNode('good', PROXY));
    good.request('cluster');
    good.ack(await good.next('cluster'));
    const bad = track(rawStream(ts.port, 'sotw'));
    bad.write(sotwRequestBytes(testNode('bad', PROXY), 'endpoint', unknownNames(1000)));
    expect((await bad.ended).code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    good.request('endpoint', ['c0', ...unknownNames(99)]);
    expect((await good.next('endpoint')).resources).toHaveLength(1);
    publish(3, 1);
    expect((await good.next('cluster')).resources).toHaveLength(4);
    good.close();
  });

  it('a request at the default limit of 10,000 hosts, each served by a virtual host, gets all 10,000 API listeners', async () => {
    await serve({});
    ts.cache.setSnapshot(PROXY, proxySnapshot({ domains: ['*.grpc.test'] }));
    const hosts = Array.from({ length: 10_000 }, (_, i) => `svc-${i}.grpc.test`);
    const client = sotwClient(ts.port, testNode('many-targets', PROXY));
    const started = performance.now();
    client.request('listener', hosts);
    const lds = await client.next('listener', 20_000);
    console.log(`xDS: an LDS request for 10,000 served hosts answered in ${(performance.now() - started).toFixed(0)} ms (${lds.resources.length} API listeners)`);
    expect(lds.resources).toHaveLength(10_000);
    client.close();
  });

  it('a delta stream cannot subscribe to more names of a type than the limit over several requests', async () => {
    await serve({ maxNamesPerRequest: 100, maxSubscribedNames: 150 });
    const delta = track(rawStream(ts.port, 'delta'));
    const names = unknownNames(200);
    delta.write(deltaRequestBytes(testNode('delta', PROXY), 'endpoint', names.slice(0, 100)));
    delta.write(deltaRequestBytes(testNode('delta', PROXY), 'endpoint', names.slice(100)));
    const end = await delta.ended;
    expect(end.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(end.details).toMatch(/subscribe the stream to 200 resources; at most 150 per type/);
  });
});

describe('send queues', () => {
  it('a stream that stops reading is paused: snapshots published meanwhile become one push of the latest when it reads again', async () => {
    await serve({ pauseAtBytes: 16 * 1024 }, 1000);
    const stream = track(nonReadingStream(ts.port, [sotwRequestBytes(testNode('slow', PROXY), 'cluster')]));
    await waitFor(() => ts.server.listNodes()[0]?.responsesSent === 1, 2000, 'the first response');
    for (let generation = 1; generation <= 20; generation++) publish(1000, generation);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(ts.server.listNodes()[0].responsesSent).toBe(1);
    const versions: string[] = [];
    stream.resume((res: DiscoveryResponse) => versions.push(res.versionInfo));
    await waitFor(() => versions.length === 2, 3000, 'the first response and the latest');
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(versions).toHaveLength(2);
    expect(versions[1]).toBe(ts.cache.getSnapshot(PROXY)!.resources.cluster.version);
  });

  it('a stream that reads nothing for the stall limit is reset with RESOURCE_EXHAUSTED and leaves the node list', async () => {
    await serve({ pauseAtBytes: 16 * 1024, maxStallMs: 300 }, 1000);
    const stream = track(nonReadingStream(ts.port, [sotwRequestBytes(testNode('stuck', PROXY), 'cluster')]));
    const started = Date.now();
    expect((await stream.ended).code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    expect(Date.now() - started).toBeGreaterThanOrEqual(250);
    await waitFor(() => ts.server.listNodes().length === 0, 2000, 'the stuck stream to leave the node list');
  });

  it('responses queued behind a paused stream past the byte limit drop it', async () => {
    await serve({ pauseAtBytes: 16 * 1024, maxQueuedBytes: 100 * 1024 }, 1000);
    const node = testNode('greedy', PROXY);
    const halves = [0, 500].map((from) => Array.from({ length: 500 }, (_, i) => `c${from + i}`));
    const stream = track(nonReadingStream(ts.port, [sotwRequestBytes(node, 'cluster')]));
    for (let i = 0; i < 20; i++) stream.write(sotwRequestBytes(node, 'endpoint', halves[i % 2]));
    const end = await stream.ended;
    expect(end.code).toBe(grpc.status.RESOURCE_EXHAUSTED);
    await waitFor(() => ts.server.listNodes().length === 0, 2000, 'the greedy stream to leave the node list');
  });
});

describe('streams per connection', () => {
  it('one connection runs at most the limit of streams at once; the next starts when one ends', async () => {
    await serve({ maxStreamsPerConnection: 2 });
    const client = new grpc.Client(`127.0.0.1:${ts.port}`, grpc.credentials.createInsecure());
    const three = [0, 1, 2].map((i) => track(rawStream(ts.port, 'sotw', { client })));
    three.forEach((s, i) => s.write(sotwRequestBytes(testNode(`n${i}`, PROXY), 'cluster')));
    await waitFor(() => three[0].bytesReceived() > 0 && three[1].bytesReceived() > 0, 2000, 'two streams served');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(three[2].bytesReceived()).toBe(0);
    expect(ts.server.listNodes()).toHaveLength(2);
    three[0].cancel();
    await waitFor(() => three[2].bytesReceived() > 0, 2000, 'the third stream served');
    client.close();
  });
});
