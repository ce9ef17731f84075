// The xDS server under abuse, in a child process so its memory is its own: requests naming
// 100,000 resources, streams that never read, and a client that connects and drops over and
// over. Another client must get every update, in order, while the abusers hold their streams, the
// server's memory must stay bounded, and it must come back to its baseline once the abusive streams
// end. Latencies are printed (figures, not asserted).
import { status } from '@grpc/grpc-js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  deltaRequestBytes,
  nonReadingStream,
  rawStream,
  sotwRequestBytes,
  startFlapping,
  unknownNames,
  type RawStream,
  type StreamEnd,
} from './test-support/abusive-clients';
import { sotwClient, testNode, type SotwClient } from './test-support/ads-client';
import { ChildServer } from './test-support/child-server';
import { PROXY } from './test-support/fixtures';
import { waitFor } from './test-support/harness';

const CLUSTERS = 300;
const UPDATES = 100;
const MB = 1024 * 1024;

let server: ChildServer;
let watcher: SotwClient;

beforeAll(async () => {
  server = await ChildServer.start(CLUSTERS);
  watcher = sotwClient(server.port, testNode('watcher', PROXY));
  watcher.request('cluster');
  watcher.ack(await watcher.next('cluster', 10_000));
});

afterAll(async () => {
  watcher?.close();
  await server?.close();
});

/** What the watcher got of a series of publications: the versions published and received, in order, and the latencies. */
interface Updates {
  published: string[];
  received: string[];
  /** From each publish command to the watcher's receipt, in ms (printed, not asserted). */
  latencies: number[];
}

/** Publishes cluster sets one after another, each once the watcher has the last one (or has not got it in 5 s: then stops). */
async function publishUpdates(updates: number): Promise<Updates> {
  const got: Updates = { published: [], received: [], latencies: [] };
  for (let i = 0; i < updates; i++) {
    await server.prepare();
    const started = performance.now();
    const arrived = watcher.next('cluster', 5000).then((res) => ({ res, at: performance.now() }));
    got.published.push(await server.publish());
    const { res, at } = await arrived.catch(() => ({ res: undefined, at: performance.now() }));
    if (!res) break;
    got.latencies.push(at - started);
    got.received.push(res.versionInfo);
    watcher.ack(res);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  return got;
}

/** Sends requests naming 100,000 listeners, one stream at a time, alternating SotW and delta, until stopped. */
function startHugeRequests(): { stop(): Promise<StreamEnd[]> } {
  const names = unknownNames(100_000);
  const sotw = sotwRequestBytes(testNode('huge', PROXY), 'listener', names);
  const delta = deltaRequestBytes(testNode('huge-delta', PROXY), 'listener', names);
  const ends: StreamEnd[] = [];
  let running = true;
  const done = (async () => {
    for (let i = 0; running; i++) {
      const stream = rawStream(server.port, i % 2 ? 'delta' : 'sotw');
      stream.write(i % 2 ? delta : sotw);
      ends.push(await Promise.race([stream.ended, new Promise<StreamEnd>((r) => setTimeout(() => r({ code: status.OK, details: 'no answer in 10 s' }), 10_000))]));
      stream.cancel();
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  })();
  return { stop: async () => ((running = false), await done, ends) };
}

/** Streams that ask for every cluster, endpoint and listener and never read a byte. */
function openNonReaders(count: number): RawStream[] {
  const endpoints = Array.from({ length: CLUSTERS }, (_, i) => `c${i}`);
  return Array.from({ length: count }, (_, i) => {
    const node = testNode(`stuck-${i}`, PROXY);
    return nonReadingStream(server.port, [
      sotwRequestBytes(node, 'cluster'),
      sotwRequestBytes(node, 'endpoint', endpoints),
      sotwRequestBytes(node, 'listener'),
    ]);
  });
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

interface AbuseRound {
  updates: Updates;
  hugeEnds: StreamEnd[];
  reconnects: number;
  /** Streams open once the updates were all sent: the watcher's and every non-reader's still held. */
  streamsDuring: number;
}

/** Runs every abuser at once while `updates` cluster sets are published, then ends them all and waits for their streams to go. */
async function abuseRound(updates: number): Promise<AbuseRound> {
  const nonReaders = openNonReaders(20);
  const huge = startHugeRequests();
  const flapper = startFlapping(server.port, testNode('flapper', PROXY));
  await waitFor(async () => (await server.streams()) >= 21, 10_000, 'the non-reading streams');
  const got = await publishUpdates(updates);
  const streamsDuring = await server.streams();
  const hugeEnds = await huge.stop();
  await flapper.stop();
  nonReaders.forEach((s) => s.cancel());
  await waitFor(async () => (await server.streams()) === 1, 10_000, 'only the watcher left');
  return { updates: got, hugeEnds, reconnects: flapper.cycles(), streamsDuring };
}

const mb = (bytes: number): string => `${(bytes / MB).toFixed(0)} MB`;

describe('the xDS server under abuse', () => {
  it('keeps another client getting every update in order while abusers hold their streams, its memory bounded, and returns to its baseline', async () => {
    await abuseRound(20); // warms up every code path, so the baseline holds what any run keeps
    const baseline = await server.memory();
    const { updates, hugeEnds, reconnects, streamsDuring } = await abuseRound(UPDATES);
    const latencies = updates.latencies;
    await new Promise((resolve) => setTimeout(resolve, 200));
    const after = await server.memory();

    const p50 = percentile(latencies, 50);
    const p99 = percentile(latencies, 99);
    console.log(
      `xDS abuse: ${latencies.length} updates p50 ${p50.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms, max ${Math.max(...latencies).toFixed(1)} ms ` +
        `under ${hugeEnds.length} requests of 100,000 names, ${reconnects} reconnects and 20 non-reading streams; ` +
        `RSS baseline ${mb(baseline.rss)}, peak ${mb(after.peakRss)}, after ${mb(after.rss)}; ` +
        `heap+external baseline ${mb(baseline.heapUsed + baseline.external)}, after ${mb(after.heapUsed + after.external)}; ` +
        `heap committed baseline ${mb(baseline.heapTotal)}, after ${mb(after.heapTotal)}`,
    );
    // Every publication reached the watcher, the version published, in order, while the 20 non-readers held their streams.
    expect(updates.published).toHaveLength(UPDATES);
    expect(updates.received).toEqual(updates.published);
    expect(new Set(updates.published).size).toBe(UPDATES);
    expect(streamsDuring).toBeGreaterThanOrEqual(21);
    expect(hugeEnds.length).toBeGreaterThan(2);
    expect(hugeEnds.every((e) => e.code === status.RESOURCE_EXHAUSTED)).toBe(true);
    expect(after.peakRss - baseline.rss).toBeLessThan(150 * MB);
    expect(after.heapUsed + after.external - (baseline.heapUsed + baseline.external)).toBeLessThan(10 * MB);
    // RSS also holds what the allocator keeps for reuse after a peak; the heap figures above show what is live.
    expect(after.rss - baseline.rss).toBeLessThan(64 * MB);
  }, 90_000);
});
