// Watches every kind of a store and emits one merged, immutable ApiSnapshot whenever the content changes.
// Level-triggered: watches only say "this is the whole list now"; the snapshot is rebuilt from the latest lists.
import type { FileProblem } from '../model/errors';
import { KIND_NAMES, type KindName } from '../model/kinds';
import type { Resource } from '../model/resource';
import { buildApiSnapshot, type ApiSnapshot, type ObjectHashCache } from '../snapshot/api-snapshot';
import { ALL_NAMESPACES, type ResourceStore, type Subscription } from '../store/resource-client';

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
  const hashes: ObjectHashCache = new Map();
  let scheduled = false;
  let stopped = false;
  const expected = KIND_NAMES.length * Math.max(1, opts.namespaces?.length ?? 1);

  const flush = () => {
    scheduled = false;
    if (stopped || lists.size < expected) return;
    const byKind: Partial<Record<KindName, Resource[]>> = {};
    for (const [key, list] of lists) {
      const kind = key.split('|')[0] as KindName;
      const kept = opts.ignore ? list.filter((r) => !opts.ignore!(r)) : list;
      (byKind[kind] ??= []).push(...kept);
    }
    const snapshot = buildApiSnapshot(byKind, problems, hashes);
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
  const scopes = opts.namespaces?.length ? [...opts.namespaces] : [ALL_NAMESPACES];
  for (const kind of KIND_NAMES) {
    for (const scope of scopes) {
      const key = `${kind}|${typeof scope === 'string' ? scope : '*'}`;
      subs.push(store.client(kind).watch(scope, (list) => {
        lists.set(key, list as Resource[]);
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
