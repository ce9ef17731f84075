// An xDS server in a child process, for tests that measure its memory and its clients' latency from
// outside. Run with --expose-gc; argv[2] is the number of clusters. It sends { op: 'ready', port },
// then answers each command, echoing its id: prepare (build the next cluster set), publish (the
// prepared set, so a publication costs only its fan-out), memory (after a full GC, with the peak RSS
// sampled since the last memory command), streams, close.
import { buildXdsSnapshot } from '../../../common/xds/snapshot-builder';
import type { XdsSnapshot } from '../../../common/xds/xds-snapshot';
import { startXdsServer } from '../xds-server';
import { SnapshotCache } from '../snapshot-cache';
import { PROXY, prefixRoute, proxyInput } from './fixtures';

/** A command from the parent. */
export type ChildCommand = { id: number; op: 'prepare' | 'publish' | 'memory' | 'streams' | 'close' };

/** What the child reports after a GC. */
export interface ChildMemory {
  rss: number;
  heapTotal: number;
  heapUsed: number;
  external: number;
  /** Highest RSS sampled (every 20 ms) since the previous memory command. */
  peakRss: number;
}

/** A reply to the parent. */
export type ChildReply =
  | { op: 'ready'; port: number }
  | { id: number; op: 'prepared' | 'published'; clusterVersion: string }
  | ({ id: number; op: 'memory' } & ChildMemory)
  | { id: number; op: 'streams'; count: number }
  | { id: number; op: 'closed' };

const clusterCount = Number(process.argv[2] ?? 1000);
const ports: Record<string, number> = {};
for (let i = 0; i < clusterCount; i++) ports[`c${i}`] = 20_000 + i;
let publications = 0;

function snapshot(): XdsSnapshot {
  const extra = { [`extra-${publications++}`]: 19_000 };
  return buildXdsSnapshot(PROXY, proxyInput({ ports: { ...ports, ...extra }, routes: [prefixRoute('/', 'c0')], domains: ['echo.local'] }));
}

const reply = (message: ChildReply): void => void process.send!(message);
const gc = (globalThis as { gc?: () => void }).gc;

let peakRss = process.memoryUsage.rss();
setInterval(() => (peakRss = Math.max(peakRss, process.memoryUsage.rss())), 20).unref();

const cache = new SnapshotCache();
cache.setSnapshot(PROXY, snapshot());
let prepared = snapshot();
const server = await startXdsServer({ cache, shutdownGraceMs: 500 });

process.on('message', async ({ id, op }: ChildCommand) => {
  switch (op) {
    case 'prepare':
      prepared = snapshot();
      return reply({ id, op: 'prepared', clusterVersion: prepared.resources.cluster.version });
    case 'publish':
      cache.setSnapshot(PROXY, prepared);
      return reply({ id, op: 'published', clusterVersion: prepared.resources.cluster.version });
    case 'memory': {
      const peak = Math.max(peakRss, process.memoryUsage.rss());
      gc?.();
      await new Promise((resolve) => setTimeout(resolve, 50));
      gc?.();
      const m = process.memoryUsage();
      peakRss = m.rss;
      return reply({ id, op: 'memory', rss: m.rss, heapTotal: m.heapTotal, heapUsed: m.heapUsed, external: m.external, peakRss: peak });
    }
    case 'streams':
      return reply({ id, op: 'streams', count: server.listNodes().length });
    case 'close':
      await server.close();
      reply({ id, op: 'closed' });
      return process.disconnect();
  }
});
reply({ op: 'ready', port: server.port });
