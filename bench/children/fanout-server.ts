// The xds_fanout server, alone in its process so its CPU time and RSS are its own: translates a generated config,
// serves it, starts the ADS stream processes, then publishes one-route changes and times them until every stream ACKed.
// Usage: fanout-server.ts VIRTUAL_SERVICES STREAMS PROCESSES CHANGES. Prints one `result {json}` line.
import { DEFAULT_PROXY_KEY } from '../../core/common/xds/proxy-keys';
import type { XdsSnapshot } from '../../core/common/xds/xds-snapshot';
import { SnapshotCache } from '../../core/node/xds/snapshot-cache';
import { startXdsServer } from '../../core/node/xds/xds-server';
import { generateConfig } from '../../fixtures/gen/config-generator';
import { apiSnapshotOf, editedVirtualService, replaced, sizeOf } from '../config';
import { summarize, toMb } from '../stats';
import { enginePipeline } from '../translation';
import { spawnChild, type Child } from './spawn';

async function main(): Promise<void> {
  const [vs, streams, procs, changes] = process.argv.slice(2, 6).map(Number);
  let objects = generateConfig(sizeOf(vs));
  const pipeline = enginePipeline();
  const cache = new SnapshotCache();
  const publish = (xds: ReadonlyMap<string, XdsSnapshot>) => {
    for (const [key, snap] of xds) if (cache.getSnapshot(key)?.version !== snap.version) cache.setSnapshot(key, snap);
  };
  publish(pipeline.run(apiSnapshotOf(objects)).xds);
  const server = await startXdsServer({ cache, port: 0 });
  const children: Child[] = [];
  try {
    for (let p = 0; p < procs; p++) {
      const n = Math.floor(streams / procs) + (p < streams % procs ? 1 : 0);
      children.push(spawnChild('ads-streams.ts', [String(server.port), String(n), `fanout-${p}`, DEFAULT_PROXY_KEY]));
    }
    await Promise.all(children.map((c) => c.line((l) => l === 'ready', 120_000)));
    const times: number[] = [];
    const cpu: number[] = [];
    for (let i = 1; i <= changes; i++) {
      objects = replaced(objects, editedVirtualService(objects, (i * 7919) % vs, i));
      const next = pipeline.run(apiSnapshotOf(objects)).xds;
      const version = next.get(DEFAULT_PROXY_KEY)?.resources.route.version;
      const acked = new Set<number>();
      const all = new Promise<number>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`only ${acked.size} of ${streams} streams ACKed within 60 s`)), 60_000);
        const off = server.feedback.onAck((node, type, v) => {
          if (type !== 'route' || v !== version) return;
          acked.add(node.streamId);
          if (acked.size < streams) return;
          clearTimeout(timer);
          off();
          resolve(performance.now());
        });
      });
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      publish(next);
      const t1 = await all;
      const used = process.cpuUsage(cpu0);
      times.push(t1 - t0);
      cpu.push((used.user + used.system) / 1000);
      await new Promise((r) => setTimeout(r, 50));
    }
    const bytes = server.listNodes().reduce((sum, n) => sum + n.bytesSent, 0);
    const mem = process.memoryUsage();
    const result = { ...summarize(times), cpu_ms: summarize(cpu).median_ms, rss_mb: toMb(mem.rss), heap_mb: toMb(mem.heapUsed), array_buffers_mb: toMb(mem.arrayBuffers), peak_rss_mb: toMb(process.resourceUsage().maxRSS * 1024), total_bytes: bytes };
    process.stdout.write(`result ${JSON.stringify(result)}\n`);
  } finally {
    await Promise.all(children.map((c) => c.stop()));
    await server.close();
  }
}

main().then(
  () => process.exit(0),
  (err) => {
    process.stderr.write(`fanout-server: ${(err as Error).stack}\n`);
    process.exit(1);
  },
);
