// What the translation scenarios share: the pipeline as the engine builds it, and checks that a result did the full work.
import type { ApiSnapshot } from '../core/common/snapshot/api-snapshot';
import { createPipeline, type Pipeline, type PipelineResult } from '../core/common/translate/pipeline';
import { re2Error } from '../core/node/engine/re2-validator';

/** A new pipeline configured as `serve` configures it (RE2 regex validation through re2-wasm when it loads). */
export function enginePipeline(): Pipeline {
  return createPipeline({ regexValidator: re2Error });
}

/** Envoy routes across every route configuration of a result. */
export function envoyRouteCount(result: PipelineResult): number {
  let n = 0;
  for (const snap of result.xds.values()) {
    for (const rc of snap.resources.route.items.values()) {
      for (const vh of (rc.json.virtualHosts ?? []) as { routes?: unknown[] }[]) n += vh.routes?.length ?? 0;
    }
  }
  return n;
}

/** Throws when the pass rejected an object or left a proxy unpublished (so timings cover a full, valid translation). */
export function assertClean(snapshot: ApiSnapshot, result: PipelineResult): void {
  const bad = [...result.statuses].filter(([, s]) => (s as { state?: string }).state === 'Rejected');
  if (bad.length > 0) throw new Error(`${bad.length} objects Rejected, e.g. ${bad[0][0]}: ${JSON.stringify(bad[0][1]).slice(0, 300)}`);
  const unpublished = [...result.published].filter(([, ok]) => !ok);
  if (unpublished.length > 0) throw new Error(`proxies not published: ${unpublished.map(([k]) => k).join(', ')}`);
  if (result.xds.size === 0) throw new Error(`no xDS snapshot for input ${snapshot.hash}`);
}
