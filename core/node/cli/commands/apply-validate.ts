// What `apply` checks before it writes, as Gloo's validation webhook does (projects/gateway/pkg/services/k8sadmission,
// validating the resource against the current snapshot with it applied): the store's objects with the file's objects in
// place of theirs, run through one pass; the statuses the file's objects would get decide whether to write.
import { KIND_NAMES, type KindName } from '../../../common/model/kinds';
import { isGeneratedObject } from '../../../common/model/generated';
import { refKey, resourceContentHash, type Resource } from '../../../common/model/resource';
import { buildApiSnapshot } from '../../../common/snapshot/api-snapshot';
import { ALL_NAMESPACES, type ResourceStore } from '../../../common/store/resource-client';
import { createPipeline } from '../../../common/translate/pipeline';
import { re2Error } from '../../engine/re2-validator';

/** The state an object would get, and its problems (without notes on which version is served: it would be the one applied). */
export interface ApplyVerdict {
  readonly state: string;
  readonly problems: readonly string[];
}

/** What applying would do to one object. */
export type ApplyPlan = 'created' | 'configured' | 'unchanged';

/** What applying a file would come to: each object's verdict and plan (by refKey). */
export interface ApplyPreview {
  readonly verdicts: Map<string, ApplyVerdict>;
  readonly plans: Map<string, ApplyPlan>;
}

/** The verdict and plan of each object of a file if it were applied to the store now, from one listing of the store. */
export async function previewApply(store: ResourceStore, applied: readonly Resource[]): Promise<ApplyPreview> {
  const incoming = new Map(applied.map((r) => [refKey(r), r]));
  const lists: Partial<Record<KindName, Resource[]>> = {};
  const plans = new Map<string, ApplyPlan>(applied.map((r) => [refKey(r), 'created']));
  for (const kind of KIND_NAMES) {
    const current: Resource[] = [];
    for (const r of await store.client(kind).list(ALL_NAMESPACES)) {
      const replacing = incoming.get(refKey(r));
      if (replacing) plans.set(refKey(r), planOver(r, replacing));
      else if (!isGeneratedObject(r)) current.push(r);
    }
    (lists as Record<string, Resource[]>)[kind] = [...current, ...applied.filter((r) => r.kind === kind)];
  }
  const result = createPipeline({ regexValidator: re2Error }).run(buildApiSnapshot(lists, store.problems()));
  const verdicts = new Map(applied.map((r) => [refKey(r), {
    state: result.statuses.get(refKey(r))?.state ?? 'Pending',
    problems: (result.problems?.get(refKey(r)) ?? []).map((p) => p.message),
  }]));
  return { verdicts, plans };
}

/** `unchanged` when the object applied has the stored one's content, else `configured`. */
export function planOver(existing: Resource, applied: Resource): ApplyPlan {
  const { source: _source, status: _status, ...obj } = applied;
  return resourceContentHash(existing) === resourceContentHash(obj as Resource) ? 'unchanged' : 'configured';
}
