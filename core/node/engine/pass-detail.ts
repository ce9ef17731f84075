// Turns a finished pass into the timeline's record: summary, input diff, generated Proxy diff and xDS diff.
import type { PassDetail } from '../../common/api/contract';
import { diffObjects } from '../../common/diff/object-diff';
import { diffXds } from '../../common/diff/xds-diff';
import type { PassRecord } from '../../common/loop/reconcile-loop';
import type { Resource } from '../../common/model/resource';
import type { XdsSnapshot } from '../../common/xds/xds-snapshot';

/** The timeline record of a pass; `previousXds` and `previousProxies` are what the pass before it produced. */
export function passDetail(pass: PassRecord, previousXds: ReadonlyMap<string, XdsSnapshot> | undefined, previousProxies: readonly Resource<'Proxy'>[] = []): PassDetail {
  return {
    id: pass.id,
    startedAt: new Date(pass.startedAt).toISOString(),
    durationMs: Math.round(pass.durationMs * 100) / 100,
    trigger: pass.trigger,
    inputHash: pass.snapshot.hash,
    objectsChanged: pass.objectsChanged,
    counts: pass.counts,
    published: pass.published,
    inputDiff: diffObjects(pass.previous ?? [], pass.snapshot),
    proxyDiff: diffObjects(previousProxies, pass.result.proxies),
    xdsDiff: diffXds(previousXds ?? new Map(), pass.result.xds),
  };
}
