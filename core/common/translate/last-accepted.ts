// Memory of the last accepted version of each object, so a rejected change never takes down
// what was served before: the pipeline keeps translating the version it last accepted.
import type { KindName } from '../model/kinds';
import type { Resource } from '../model/resource';

/** An accepted version: the object as it was, its content hash and when that content was first accepted (ISO time). */
export interface AcceptedVersion<K extends KindName = KindName> {
  readonly resource: Resource<K>;
  readonly hash: string;
  readonly since: string;
}

/** The last accepted version of each object by refKey; changes are staged during a pass and applied by commit(). */
export class LastAccepted {
  private readonly versions = new Map<string, AcceptedVersion>();
  private staged = new Map<string, AcceptedVersion>();

  /** The last accepted version of an object, if it ever had one. */
  get<K extends KindName>(ref: string): AcceptedVersion<K> | undefined {
    return this.versions.get(ref) as AcceptedVersion<K> | undefined;
  }

  /** Stages the current version of an object as accepted (its hash, or how to look it up); `since` stays unchanged while the content does. */
  accept(ref: string, resource: Resource, hash: string | (() => string), nowIso: string): void {
    const known = this.versions.get(ref);
    // The very object remembered needs no hash to tell that nothing changes.
    if (known?.resource === resource) return;
    const h = typeof hash === 'string' ? hash : hash();
    // Same content as remembered: nothing to change (the remembered object is equal in content).
    if (known?.hash === h) return;
    this.staged.set(ref, { resource, hash: h, since: nowIso });
  }

  /**
   * Applies the staged acceptances and forgets objects that no longer exist (refs not in `present`); `keysChanged` false
   * tells that the pass's objects have the keys of the last committed pass's, so none is gone.
   */
  commit(present: { has(ref: string): boolean }, keysChanged = true): void {
    for (const [ref, v] of this.staged) this.versions.set(ref, v);
    if (keysChanged) for (const ref of [...this.versions.keys()]) if (!present.has(ref)) this.versions.delete(ref);
    this.staged = new Map();
  }

  /** Drops what a pass staged (used when a pass is aborted). */
  discard(): void {
    this.staged = new Map();
  }
}

/** The sentence appended to the reason of a rejected object whose last accepted version is served. */
export function servingNote(since: string): string {
  return `serving the last accepted version from ${since}`;
}

/** The sentence appended when a rejected object has nothing to fall back on. */
export function notServedNote(fallback: AcceptedVersion | undefined, why?: string, currentHash?: string): string {
  if (!fallback) return 'not served (no version of it was accepted before)';
  if (fallback.hash === currentHash) return `not served (its last accepted version, from ${fallback.since}, is this same content)`;
  return `not served: its last accepted version from ${fallback.since} is not valid either${why ? ` (${why})` : ''}`;
}
