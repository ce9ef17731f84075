// translate_full: the whole pipeline (gateway stage, gloo stage, xDS snapshots) on a fresh pipeline, nothing cached.
import { generateConfig } from '../../fixtures/gen/config-generator';
import { apiSnapshotOf, countResources, encodeAll, label, sizeOf } from '../config';
import { measure } from '../measure';
import type { Scenario, ScenarioContext, TranslationCase as Case } from '../scenario';
import { round, summarize, toMb } from '../stats';
import { assertClean, enginePipeline, envoyRouteCount } from '../translation';

const FULL: Case[] = [
  { virtualServices: 1000, targetMs: 20, iterations: 20, timeMs: 4000 },
  { virtualServices: 10_000, targetMs: 1000, iterations: 5, timeMs: 0 },
];
const QUICK: Case[] = [{ virtualServices: 1000, targetMs: 20, iterations: 5, timeMs: 0 }];

/** The translate_full scenario. */
export const translateFull: Scenario = {
  name: 'translate_full',
  method: 'The generator\'s config (`fixtures/gen`: N Upstreams and N VirtualServices × 10 routes mixing prefix, exact, regex, header and ' +
    'method matchers and weighted destinations, every 10th VirtualService delegating to a RouteTable; size `1k` = 10k routes, `10k` = 100k ' +
    'routes) is turned into an ApiSnapshot once; each sample then creates a new pipeline (as `serve` configures it, RE2 validation through ' +
    're2-wasm) and runs it on that snapshot: default Gateways, Proxies, Envoy resources and the consistency-checked xDS snapshot, with no ' +
    'cache to reuse. tinybench, one warm-up run. `lower_bound_ms` is the median time to only encode every resource of the resulting xDS ' +
    'snapshots to protobuf bytes with a fresh ResourceEncoder (what the server must do anyway), `bytes` their encoded size, `ratio` = ' +
    'median / lower_bound_ms.',
  async run(ctx: ScenarioContext): Promise<void> {
    for (const c of ctx.quick ? QUICK : FULL) {
      const objects = generateConfig(sizeOf(c.virtualServices));
      const snapshot = apiSnapshotOf(objects);
      const check = enginePipeline().run(snapshot);
      assertClean(snapshot, check);
      ctx.log(`translate_full ${label(c.virtualServices)}: ${objects.length} objects → ${envoyRouteCount(check)} Envoy routes, ${JSON.stringify(countResources(check.xds.values()))}`);
      let last = check;
      const samples = await measure('translate_full', () => (last = enginePipeline().run(snapshot)), { iterations: c.iterations, timeMs: c.timeMs });
      assertClean(snapshot, last);
      const bytes = encodeAll(check.xds.values());
      const lower = summarize(await measure('encode_only', () => encodeAll(check.xds.values()), { iterations: c.iterations, timeMs: c.timeMs / 2 }));
      const s = summarize(samples);
      ctx.emit({
        name: 'translate_full', size: label(c.virtualServices), ...s, lower_bound_ms: lower.median_ms, ratio: round(s.median_ms / lower.median_ms),
        bytes, rss_mb: toMb(process.memoryUsage().rss), target: `median ≤ ${c.targetMs} ms`, met: s.median_ms <= c.targetMs,
      });
    }
  },
};
