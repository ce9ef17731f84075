// The API snapshot: every object of every kind at one moment, immutable, with a content hash
// that ignores statuses and resourceVersions (so writing a status never starts a new pass).
import type { FileProblem } from '../model/errors';
import { hashString } from '../model/hash';
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

/** Builds a frozen snapshot from per-kind lists (missing kinds are empty) and the store's problems; `cache` is updated to this snapshot's objects. */
export function buildApiSnapshot(lists: Partial<Record<KindName, readonly Resource[]>>, problems: readonly FileProblem[] = [], cache?: ObjectHashCache): ApiSnapshot {
  const seen = cache ? new Map<string, string>() : undefined;
  const objects = {} as { [K in KindName]: readonly Resource<K>[] };
  const objectHashes = new Map<string, string>();
  const parts: string[] = [];
  for (const kind of KIND_NAMES) {
    const list = [...(lists[kind] ?? [])].sort(byNamespaceName) as Resource[];
    (objects as Record<string, readonly Resource[]>)[kind] = Object.freeze(list);
    for (const r of list) {
      const key = refKey(r);
      const cacheKey = r.metadata.resourceVersion ? `${key}@${r.metadata.resourceVersion}` : undefined;
      const h = (cacheKey && cache?.get(cacheKey)) || resourceContentHash(r);
      if (cacheKey) seen?.set(cacheKey, h);
      objectHashes.set(key, h);
      parts.push(key + '=' + h);
    }
  }
  if (cache && seen) {
    cache.clear();
    for (const [k, v] of seen) cache.set(k, v);
  }
  for (const p of problems) parts.push(`!${p.file}:${p.line}:${p.column}:${p.message}`);
  return Object.freeze({ hash: hashString(parts.join('\n')), objects: Object.freeze(objects), objectHashes, problems: Object.freeze([...problems]) });
}

