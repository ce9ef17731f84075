// Watches every kind of a store and emits one merged, immutable ApiSnapshot whenever the content changes.
// Level-triggered: watches only say "this is the whole list now"; the snapshot is rebuilt from the latest lists.
import type { FileProblem } from '../model/errors';
import { KIND_NAMES, type KindName } from '../model/kinds';
import type { Resource } from '../model/resource';
import { ApiSnapshotBuilder, type ApiSnapshot, type KindLists } from '../snapshot/api-snapshot';
import { ALL_NAMESPACES, type ResourceStore, type Scope, type Subscription } from '../store/resource-client';

/** Options of the emitter. */
export interface EmitterOptions {
  /** Namespaces to watch; all when empty. */
  readonly namespaces?: readonly string[];
  /** Objects left out of the snapshot (e.g. Proxies the loop generated itself). */
  readonly ignore?: (r: Resource) => boolean;
  /** Called when a watch fails; the emitter keeps the last lists. */
  readonly onError?: (err: Error) => void;
}

/** Calls onSnapshot with the first complete snapshot, then with each one whose hash differs. Bursts within one tick become one snapshot. */
export function watchSnapshots(store: ResourceStore, onSnapshot: (s: ApiSnapshot) => void, opts: EmitterOptions = {}): Subscription {
  const lists = new Map<string, readonly Resource[]>();
  let problems: readonly FileProblem[] = store.problems();
  let lastHash = '';
  const builder = new ApiSnapshotBuilder();
  /** The kinds' merged lists of the last snapshot; only kinds whose lists came again are merged again. */
  const byKind: { -readonly [K in KindName]?: readonly Resource[] } = {};
  const dirty = new Set<KindName>();
  let scheduled = false;
  let stopped = false;
  const expected = KIND_NAMES.length * Math.max(1, opts.namespaces?.length ?? 1);
  const scopes = opts.namespaces?.length ? [...opts.namespaces] : [ALL_NAMESPACES];

  const flush = () => {
    scheduled = false;
    if (stopped || lists.size < expected) return;
    for (const kind of dirty) {
      const merged: Resource[] = [];
      for (const scope of scopes) {
        const list = lists.get(keyOf(kind, scope)) ?? [];
        for (const r of list) if (!opts.ignore?.(r)) merged.push(r);
      }
      byKind[kind] = merged;
    }
    dirty.clear();
    const snapshot = builder.build(byKind as KindLists, problems);
    if (snapshot.hash === lastHash) return;
    lastHash = snapshot.hash;
    onSnapshot(snapshot);
  };
  const schedule = () => {
    if (scheduled) return;
    scheduled = true;
    queueMicrotask(flush);
  };

  const subs: Subscription[] = [];
  for (const kind of KIND_NAMES) {
    for (const scope of scopes) {
      const key = keyOf(kind, scope);
      subs.push(store.client(kind).watch(scope, (list) => {
        lists.set(key, list as Resource[]);
        dirty.add(kind);
        schedule();
      }, opts.onError));
    }
  }
  subs.push(store.watchProblems((p) => {
    problems = p;
    schedule();
  }));
  return {
    stop() {
      stopped = true;
      for (const s of subs) s.stop();
    },
  };
}

function keyOf(kind: KindName, scope: Scope): string {
  return `${kind}|${typeof scope === 'string' ? scope : '*'}`;
}
