// translate_one_change: a warm pipeline reconciling a snapshot in which one route of one VirtualService changed.
import type { ApiSnapshot } from '../../core/common/snapshot/api-snapshot';
import type { PipelineResult } from '../../core/common/translate/pipeline';
import { ResourceEncoder } from '../../core/node/xds/resource-encoder';
import { generateConfig } from '../../fixtures/gen/config-generator';
import { apiSnapshotOf, changedResources, editedVirtualService, label, replaced, sizeOf } from '../config';
import { measure } from '../measure';
import type { Scenario, ScenarioContext, TranslationCase as Case } from '../scenario';
import { round, summarize } from '../stats';
import { assertClean, enginePipeline } from '../translation';

const FULL: Case[] = [
  { virtualServices: 1000, targetMs: 5, iterations: 40, timeMs: 1000 },
  { virtualServices: 10_000, targetMs: 10, iterations: 20, timeMs: 0 },
];
const QUICK: Case[] = [{ virtualServices: 1000, targetMs: 5, iterations: 15, timeMs: 0 }];

/** The translate_one_change scenario. */
export const translateOneChange: Scenario = {
  name: 'translate_one_change',
  method: 'The same generated configs as translate_full. One pipeline translates the config once (warm: its per-object caches are full); ' +
    'each sample then gives it a new ApiSnapshot in which the first route of one VirtualService (a different one each time) has a new ' +
    'prefix, and times `run()` on it. Building that ApiSnapshot (hashing every object, which the snapshot emitter does on every store ' +
    'change) is done before the timed call and is reported separately as `api_snapshot_ms` (median). `lower_bound_ms` is the median ' +
    'time to only encode, with a fresh ResourceEncoder, the output resources whose version changed in that pass (the one ' +
    'RouteConfiguration that holds the edited route); `bytes` their encoded size; `ratio` = median / lower_bound_ms.',
  async run(ctx: ScenarioContext): Promise<void> {
    for (const c of ctx.quick ? QUICK : FULL) {
      let objects = generateConfig(sizeOf(c.virtualServices));
      const pipeline = enginePipeline();
      let previous: PipelineResult = pipeline.run(apiSnapshotOf(objects));
      let next: ApiSnapshot | undefined;
      let edit = 0;
      const snapshotMs: number[] = [];
      let lastChange: { prev: PipelineResult; next: PipelineResult } | undefined;
      const prepare = () => {
        edit++;
        objects = replaced(objects, editedVirtualService(objects, (edit * 7919) % c.virtualServices, edit));
        const t0 = performance.now();
        next = apiSnapshotOf(objects);
        snapshotMs.push(performance.now() - t0);
      };
      const samples = await measure('translate_one_change', () => {
        const result = pipeline.run(next!);
        lastChange = { prev: previous, next: result };
        previous = result;
      }, { iterations: c.iterations, timeMs: c.timeMs, warmupIterations: 2, beforeEach: prepare });
      assertClean(next!, previous);
      const changed = changedResources(lastChange!.prev.xds, lastChange!.next.xds);
      ctx.log(`translate_one_change ${label(c.virtualServices)}: last change touched ${changed.map((x) => `${x.type} ${x.resource.name}`).join(', ')}`);
      let bytes = 0;
      const lower = summarize(await measure('encode_changed', () => {
        const encoder = new ResourceEncoder();
        bytes = 0;
        for (const x of changed) bytes += encoder.encode(x.type, x.resource).byteLength;
      }, { iterations: c.iterations, timeMs: 0 }));
      const s = summarize(samples);
      ctx.emit({
        name: 'translate_one_change', size: label(c.virtualServices), ...s, lower_bound_ms: lower.median_ms, ratio: round(s.median_ms / lower.median_ms),
        bytes, api_snapshot_ms: summarize(snapshotMs).median_ms, target: `median ≤ ${c.targetMs} ms`, met: s.median_ms <= c.targetMs,
      });
    }
  },
};
