// memory_scale: RSS of a process holding the config and one full pipeline run's result, at 100k routes.
import { spawnChild } from '../children/spawn';
import { label } from '../config';
import type { Scenario, ScenarioContext } from '../scenario';

const TARGET_MB = 600;

/** The memory_scale scenario. */
export const memoryScale: Scenario = {
  name: 'memory_scale',
  method: 'A fresh process (bench/children/memory-scale.ts, `--expose-gc`) generates the config (10k VirtualServices × 10 routes = ' +
    '100k routes, 10k Upstreams; quick: 2k × 10 = 20k routes), builds its ApiSnapshot and runs a fresh pipeline once, keeping ' +
    'everything referenced; after two forced GCs `rss_mb` is its resident set (input objects, snapshot and the pass result: Proxies, ' +
    'statuses, xDS snapshots) and `heap_mb` the JS heap in use. `published_rss_mb` is the same after also publishing the result to a ' +
    'SnapshotCache (every resource encoded to protobuf bytes, as `serve` holds it); `peak_rss_mb` the process\'s peak; `translate_ms` ' +
    'the one (cold) run\'s time. The target applies to `rss_mb`.',
  async run(ctx: ScenarioContext): Promise<void> {
    const vs = ctx.quick ? 2000 : 10_000;
    const child = spawnChild('memory-scale.ts', [String(vs)], ['--expose-gc', '--max-old-space-size=4096']);
    try {
      const line = await child.line((l) => l.startsWith('result '), 600_000);
      const r = JSON.parse(line.slice('result '.length)) as Record<string, number>;
      ctx.emit({ name: 'memory_scale', size: label(vs), ...r, target: `rss ≤ ${TARGET_MB} MB`, met: r.rss_mb <= TARGET_MB });
    } finally {
      await child.stop();
    }
  },
};
