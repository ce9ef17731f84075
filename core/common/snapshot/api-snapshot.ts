// The API snapshot: every object of every kind at one moment, immutable, with a content hash
// that ignores statuses and resourceVersions (so writing a status never starts a new pass).
// The hash combines per-object hashes by addition, so a builder that keeps them updates it for the objects that changed.
import type { FileProblem } from '../model/errors';
import { hashLanes, hashString, hexLanes } from '../model/hash';
import { KIND_NAMES, type KindName } from '../model/kinds';
import { byNamespaceName, refKey, type Resource, resourceContentHash } from '../model/resource';

/** Objects by kind. */
export type ObjectsByKind = { readonly [K in KindName]: readonly Resource<K>[] };

/** One consistent view of the store. */
export interface ApiSnapshot {
  /** Hash of every object's content and of the file problems. */
  readonly hash: string;
  /** Objects of each kind, sorted by namespace then name. */
  readonly objects: ObjectsByKind;
  /** Content hash of each object by `Kind.namespace.name`. */
  readonly objectHashes: ReadonlyMap<string, string>;
  /** File-level problems the store reported. */
  readonly problems: readonly FileProblem[];
}

/**
 * Content hashes by `Kind.namespace.name@resourceVersion`, reused across snapshots: a store gives an object a new
 * resourceVersion whenever its content changes, so an unchanged object is not hashed again.
 */
export type ObjectHashCache = Map<string, string>;

/** Per-kind lists of objects, in any order (missing kinds are empty). */
export type KindLists = Partial<Record<KindName, readonly Resource[]>>;

/** Builds a frozen snapshot from per-kind lists (missing kinds are empty) and the store's problems; `cache` is updated to this snapshot's objects. */
export function buildApiSnapshot(lists: KindLists, problems: readonly FileProblem[] = [], cache?: ObjectHashCache): ApiSnapshot {
  const seen = cache ? new Map<string, string>() : undefined;
  const objects = {} as { [K in KindName]: readonly Resource<K>[] };
  const objectHashes = new Map<string, string>();
  const sum = new LaneSum();
  for (const kind of KIND_NAMES) {
    const list = sortedCopy(lists[kind] ?? []);
    (objects as Record<string, readonly Resource[]>)[kind] = list;
    for (const r of list) {
      const key = refKey(r);
      const cacheKey = r.metadata.resourceVersion ? `${key}@${r.metadata.resourceVersion}` : undefined;
      const h = (cacheKey && cache?.get(cacheKey)) || resourceContentHash(r);
      if (cacheKey) seen?.set(cacheKey, h);
      // Two objects under one key: the later one counts, as in ApiSnapshotBuilder.
      const earlier = objectHashes.get(key);
      if (earlier !== undefined) sum.remove(key, earlier);
      objectHashes.set(key, h);
      sum.add(key, h);
    }
  }
  if (cache && seen) {
    cache.clear();
    for (const [k, v] of seen) cache.set(k, v);
  }
  return Object.freeze({ hash: snapshotHash(sum, problems), objects: Object.freeze(objects), objectHashes, problems: Object.freeze([...problems]) });
}

interface ObjectEntry {
  /** The object last seen under this key (the same object is not looked at again). */
  obj: Resource;
  rv?: string;
  hash: string;
  /** The apply() walk that last visited this key. */
  walk: number;
}

/**
 * Builds snapshot after snapshot from the newest per-kind lists, with the hash, hashes and frozen lists of what did not
 * change carried over: a kind whose list is the same array as last time costs nothing, and a changed list costs one walk
 * that hashes only the objects that are new or have a new resourceVersion. Gives the same snapshot as buildApiSnapshot.
 */
export class ApiSnapshotBuilder {
  private readonly given = new Map<KindName, readonly Resource[]>();
  private readonly sorted = new Map<KindName, readonly Resource[]>();
  private readonly entries = new Map<string, ObjectEntry>();
  private readonly hashes = new Map<string, string>();
  private readonly sum = new LaneSum();
  private walks = 0;
  private last?: ApiSnapshot;

  /** The snapshot of these lists and problems. */
  build(lists: KindLists, problems: readonly FileProblem[] = []): ApiSnapshot {
    let objectsChanged = !this.last;
    let listsChanged = !this.last;
    for (const kind of KIND_NAMES) {
      const list = lists[kind] ?? EMPTY;
      if (this.given.get(kind) === list) continue;
      this.given.set(kind, list);
      const previous = this.sorted.get(kind) ?? EMPTY;
      const next = sortedCopy(list);
      if (!sameObjects(previous, next)) listsChanged = true;
      this.sorted.set(kind, next);
      objectsChanged = this.apply(previous, next) || objectsChanged;
    }
    const last = this.last;
    if (last && !listsChanged && sameProblems(last.problems, problems)) return last;
    const objects = {} as { [K in KindName]: readonly Resource<K>[] };
    for (const kind of KIND_NAMES) (objects as Record<string, readonly Resource[]>)[kind] = this.sorted.get(kind) ?? EMPTY;
    const objectHashes = !objectsChanged && last ? last.objectHashes : new Map(this.hashes);
    this.last = Object.freeze({ hash: snapshotHash(this.sum, problems), objects: Object.freeze(objects), objectHashes, problems: Object.freeze([...problems]) });
    return this.last;
  }

  /** Takes a kind's new sorted list into the hashes; returns whether any object's content came, went or changed. */
  private apply(previous: readonly Resource[], next: readonly Resource[]): boolean {
    let changed = false;
    // Keys of `previous` met again; a key met twice in `next` (two objects under one key) or first added by this walk is not counted.
    let kept = 0;
    const walk = ++this.walks;
    for (const r of next) {
      const key = refKey(r);
      const entry = this.entries.get(key);
      if (entry && entry.walk !== walk) {
        kept++;
        entry.walk = walk;
      }
      if (entry && (entry.obj === r || (r.metadata.resourceVersion !== undefined && entry.rv === r.metadata.resourceVersion))) {
        entry.obj = r;
        continue;
      }
      const hash = resourceContentHash(r);
      if (entry?.hash === hash) {
        entry.obj = r;
        entry.rv = r.metadata.resourceVersion;
        continue;
      }
      if (entry) this.sum.remove(key, entry.hash);
      this.sum.add(key, hash);
      this.entries.set(key, { obj: r, rv: r.metadata.resourceVersion, hash, walk });
      this.hashes.set(key, hash);
      changed = true;
    }
    if (kept === previous.length) return changed;
    const present = new Set(next.map((r) => refKey(r)));
    for (const r of previous) {
      const key = refKey(r);
      const entry = this.entries.get(key);
      // A key given twice in `previous` is removed once.
      if (present.has(key) || !entry) continue;
      this.sum.remove(key, entry.hash);
      this.entries.delete(key);
      this.hashes.delete(key);
      changed = true;
    }
    return changed;
  }
}

const EMPTY: readonly Resource[] = Object.freeze([]);

/** The sum (mod 2^32, per lane) of the hashes of `key=hash` of every object: independent of order, updated per object. */
class LaneSum {
  private a = 0;
  private b = 0;

  add(key: string, hash: string): void {
    const [x, y] = hashLanes(`${key}=${hash}`);
    this.a = (this.a + x) >>> 0;
    this.b = (this.b + y) >>> 0;
  }

  remove(key: string, hash: string): void {
    const [x, y] = hashLanes(`${key}=${hash}`);
    this.a = (this.a - x) >>> 0;
    this.b = (this.b - y) >>> 0;
  }

  hex(): string {
    return hexLanes(this.a, this.b);
  }
}

function snapshotHash(sum: LaneSum, problems: readonly FileProblem[]): string {
  const parts = [sum.hex()];
  for (const p of problems) parts.push(`!${p.file}:${p.line}:${p.column}:${p.message}`);
  return hashString(parts.join('\n'));
}

/** A frozen copy sorted by namespace then name (a list already in order is not sorted again). */
function sortedCopy(list: readonly Resource[]): readonly Resource[] {
  let inOrder = true;
  for (let i = 1; i < list.length && inOrder; i++) inOrder = byNamespaceName(list[i - 1], list[i]) <= 0;
  return Object.freeze(inOrder ? [...list] : [...list].sort(byNamespaceName));
}

function sameObjects(a: readonly Resource[], b: readonly Resource[]): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

function sameProblems(a: readonly FileProblem[], b: readonly FileProblem[]): boolean {
  if (a === b) return true;
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) {
    const x = a[i];
    const y = b[i];
    if (x.file !== y.file || x.line !== y.line || x.column !== y.column || x.message !== y.message) return false;
  }
  return true;
}
