// What `apply` checks before it writes, as Gloo's validation webhook does (projects/gateway/pkg/services/k8sadmission,
// validating the resource against the current snapshot with it applied): the store's objects with the file's objects in
// place of theirs, run through one pass; the statuses the file's objects would get decide whether to write.
import { KIND_NAMES, type KindName } from '../../../common/model/kinds';
import { isGeneratedObject } from '../../../common/model/generated';
import { refKey, type Resource } from '../../../common/model/resource';
import { buildApiSnapshot } from '../../../common/snapshot/api-snapshot';
import { ALL_NAMESPACES, type ResourceStore } from '../../../common/store/resource-client';
import { createPipeline } from '../../../common/translate/pipeline';
import { re2Error } from '../../engine/re2-validator';

/** The state an object would get, and its problems (without notes on which version is served: it would be the one applied). */
export interface ApplyVerdict {
  readonly state: string;
  readonly problems: readonly string[];
}

/** The verdict on each object of a file (by refKey) if the file were applied to the store now. */
export async function statusesIfApplied(store: ResourceStore, applied: readonly Resource[]): Promise<Map<string, ApplyVerdict>> {
  const incoming = new Map(applied.map((r) => [refKey(r), r]));
  const lists: Partial<Record<KindName, Resource[]>> = {};
  for (const kind of KIND_NAMES) {
    const current = (await store.client(kind).list(ALL_NAMESPACES)).filter((r) => !isGeneratedObject(r) && !incoming.has(refKey(r)));
    (lists as Record<string, Resource[]>)[kind] = [...current, ...applied.filter((r) => r.kind === kind)];
  }
  const result = createPipeline({ regexValidator: re2Error }).run(buildApiSnapshot(lists, store.problems()));
  return new Map(applied.map((r) => [refKey(r), {
    state: result.statuses.get(refKey(r))?.state ?? 'Pending',
    problems: (result.problems?.get(refKey(r)) ?? []).map((p) => p.message),
  }]));
}
