// Making one store hold another's objects, as `kubectl apply --prune` or an Argo CD sync does: a plan first (create,
// update, delete, unchanged), then its steps, each guarded by the resourceVersion the plan saw, so a change made to the
// target after planning is refused, not overwritten. Objects the sandbox generates (Proxies) are outputs and stay out.
import { StoreError } from '../../common/model/errors';
import { isGeneratedObject } from '../../common/model/generated';
import { KIND_NAMES, type KindName } from '../../common/model/kinds';
import { resourceContentHash, type Resource } from '../../common/model/resource';
import { ALL_NAMESPACES, type ResourceStore } from '../../common/store/resource-client';

/** What one step of a plan does. */
export type SyncAction = 'create' | 'update' | 'delete';

/** One step: an object of the source to write to the target, or a target object to delete. */
export interface SyncStep {
  readonly action: SyncAction;
  readonly kind: KindName;
  readonly namespace: string;
  readonly name: string;
  /** The source's object (create, update). */
  readonly object?: Resource;
  /** The target's resourceVersion when planned (update, delete): the step is refused if it changed since. */
  readonly targetVersion?: string;
}

/** What a sync would do. */
export interface SyncPlan {
  readonly steps: readonly SyncStep[];
  /** Objects equal on both sides. */
  readonly unchanged: number;
}

/** What applying one step came to. */
export interface SyncOutcome {
  readonly step: SyncStep;
  readonly error?: string;
}

/** Lists every kind's user objects (generated ones left out) of a store. */
async function userObjects(store: ResourceStore, kind: KindName): Promise<Map<string, Resource>> {
  const list = await store.client(kind).list(ALL_NAMESPACES);
  return new Map(list.filter((r) => !isGeneratedObject(r)).map((r) => [`${r.metadata.namespace}/${r.metadata.name}`, r]));
}

/** The steps that make `to` hold `from`'s objects; with prune, also deleting `to`'s objects that `from` lacks. */
export async function planSync(from: ResourceStore, to: ResourceStore, opts: { prune?: boolean } = {}): Promise<SyncPlan> {
  const steps: SyncStep[] = [];
  let unchanged = 0;
  for (const kind of KIND_NAMES) {
    const [source, target] = [await userObjects(from, kind), await userObjects(to, kind)];
    for (const [key, obj] of source) {
      const existing = target.get(key);
      const ref = { kind, namespace: obj.metadata.namespace, name: obj.metadata.name };
      if (!existing) steps.push({ action: 'create', ...ref, object: obj });
      else if (resourceContentHash(existing) !== resourceContentHash(obj)) steps.push({ action: 'update', ...ref, object: obj, targetVersion: existing.metadata.resourceVersion });
      else unchanged++;
    }
    if (!opts.prune) continue;
    for (const [key, obj] of target) {
      if (!source.has(key)) steps.push({ action: 'delete', kind, namespace: obj.metadata.namespace, name: obj.metadata.name, targetVersion: obj.metadata.resourceVersion });
    }
  }
  return { steps, unchanged };
}

/** Applies a plan's steps in order; a step that fails (e.g. the target changed since planning) is reported and the rest go on. */
export async function applySync(to: ResourceStore, plan: SyncPlan): Promise<SyncOutcome[]> {
  const outcomes: SyncOutcome[] = [];
  for (const step of plan.steps) {
    try {
      await applyStep(to, step);
      outcomes.push({ step });
    } catch (err) {
      if (!(err instanceof StoreError)) throw err;
      outcomes.push({ step, error: err.message });
    }
  }
  return outcomes;
}

async function applyStep(to: ResourceStore, step: SyncStep): Promise<void> {
  const client = to.client(step.kind);
  if (step.action === 'delete') {
    // The store checks the version and deletes in one step, so a change made between the two is never deleted: a
    // ConflictError, reported as an update's is.
    await client.delete(step.namespace, step.name, { expectedResourceVersion: step.targetVersion });
    return;
  }
  const { source: _source, status: _status, ...obj } = step.object!;
  const { resourceVersion: _rv, generation: _g, ...metadata } = obj.metadata;
  const body = { ...obj, metadata } as Resource;
  if (step.action === 'create') await client.write(body);
  else await client.write(body, { overwrite: true, expectedResourceVersion: step.targetVersion });
}

/** One line of a plan: `+ create`, `~ update`, `- delete`, with the object. */
export function formatStep(step: SyncStep): string {
  const mark = { create: '+', update: '~', delete: '-' }[step.action];
  return `${mark} ${step.action} ${step.kind.toLowerCase()} ${step.namespace}/${step.name}`;
}

/** The plan's summary line. */
export function formatPlanSummary(plan: SyncPlan): string {
  const count = (a: SyncAction) => plan.steps.filter((s) => s.action === a).length;
  return `plan: ${count('create')} to create, ${count('update')} to update, ${count('delete')} to delete, ${plan.unchanged} unchanged`;
}
