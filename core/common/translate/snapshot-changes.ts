// What changed between the snapshot of the last completed pass and this one, per kind, found by
// walking both sorted lists side by side: an object that is the same object as before costs one
// comparison, so a pass after a one-object edit learns which kinds are untouched without hashing
// or keying the others.
import { KIND_NAMES, type KindName } from '../model/kinds';
import type { Resource } from '../model/resource';
import type { ApiSnapshot } from '../snapshot/api-snapshot';
import type { PassScoped } from './pass-scope';
import { refKey } from '../model/resource';

/** How a snapshot differs from the one of the last completed pass. */
export interface SnapshotChanges {
  /** Whether every kind holds the same keys as before (no object came or went). */
  readonly sameKeys: boolean;
  /** Kinds holding the same keys with the same content as before. */
  readonly unchanged: ReadonlySet<KindName>;
}

/** Every kind changed: what a first pass sees. */
const EVERYTHING_CHANGED: SnapshotChanges = { sameKeys: false, unchanged: new Set() };

/** Remembers the snapshot of the last completed pass and tells how the next one differs. */
export class SnapshotMemory implements PassScoped {
  private last: ApiSnapshot | undefined;
  private pending: ApiSnapshot | undefined;

  /** The changes from the last completed pass's snapshot to `snapshot`, which becomes the last one when this pass ends. */
  changesTo(snapshot: ApiSnapshot): SnapshotChanges {
    this.pending = snapshot;
    return this.last ? changesBetween(this.last, snapshot) : EVERYTHING_CHANGED;
  }

  /** The pass completed: its snapshot is the one the next pass is compared with. */
  endPass(): void {
    this.last = this.pending;
  }
}

/** The changes between two snapshots. */
export function changesBetween(before: ApiSnapshot, after: ApiSnapshot): SnapshotChanges {
  let sameKeys = true;
  const unchanged = new Set<KindName>();
  for (const kind of KIND_NAMES) {
    const outcome = compareKind(before.objects[kind], after.objects[kind], before.objectHashes, after.objectHashes);
    if (outcome === 'same') unchanged.add(kind);
    else if (outcome === 'keys') sameKeys = false;
  }
  return { sameKeys, unchanged };
}

/** 'same' when both lists hold the same keys with the same content, 'content' when only content changed, 'keys' when keys came or went. */
function compareKind(a: readonly Resource[], b: readonly Resource[], aHashes: ReadonlyMap<string, string>, bHashes: ReadonlyMap<string, string>): 'same' | 'content' | 'keys' {
  if (a === b) return 'same';
  if (a.length !== b.length) return 'keys';
  let outcome: 'same' | 'content' = 'same';
  for (let i = 0; i < a.length; i++) {
    if (a[i] === b[i]) continue;
    const key = refKey(a[i]);
    // Both lists are sorted by namespace and name, so equal key sets pair up position by position.
    if (key !== refKey(b[i])) return 'keys';
    if (aHashes.get(key) !== bHashes.get(key)) outcome = 'content';
  }
  return outcome;
}
