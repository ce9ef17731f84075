// Memory after one full pipeline run, alone in a process (run with --expose-gc).
// Usage: memory-scale.ts VIRTUAL_SERVICES. Prints one `result {json}` line.
import { SnapshotCache } from '../../core/node/xds/snapshot-cache';
import { generateConfig } from '../../fixtures/gen/config-generator';
import { apiSnapshotOf, sizeOf } from '../config';
import { round, toMb } from '../stats';
import { enginePipeline, envoyRouteCount } from '../translation';

function settle(): NodeJS.MemoryUsage {
  const gc = (globalThis as { gc?: () => void }).gc;
  if (!gc) throw new Error('run with --expose-gc');
  gc();
  gc();
  return process.memoryUsage();
}

function main(): void {
  const vs = Number(process.argv[2]);
  const base = settle();
  const objects = generateConfig(sizeOf(vs));
  const snapshot = apiSnapshotOf(objects);
  const t0 = performance.now();
  const result = enginePipeline().run(snapshot);
  const translateMs = performance.now() - t0;
  const afterRun = settle();
  const cache = new SnapshotCache();
  for (const [key, snap] of result.xds) cache.setSnapshot(key, snap);
  const afterPublish = settle();
  const out = {
    rss_mb: toMb(afterRun.rss), heap_mb: toMb(afterRun.heapUsed), published_rss_mb: toMb(afterPublish.rss), published_heap_mb: toMb(afterPublish.heapUsed),
    baseline_rss_mb: toMb(base.rss), peak_rss_mb: toMb(process.resourceUsage().maxRSS * 1024), translate_ms: round(translateMs),
    envoy_routes: envoyRouteCount(result), objects: snapshot.objectHashes.size,
  };
  process.stdout.write(`result ${JSON.stringify(out)}\n`);
}

main();
