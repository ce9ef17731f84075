// The versions of Gateways, VirtualServices and RouteTables served in one round of the gateway stage. An
// object rejected in a round is replaced by its last accepted version in the next one; if that
// version fails too (or there is none) the object is dropped. Each object moves at most
// current → fallback → dropped, so the rounds always end.
import type { Resource } from '../../model/resource';
import type { LastAccepted } from '../last-accepted';
import type { ServedObject } from '../served';
import { refKey } from '../../model/resource';

/** How an object ended up: served as is, served from its last accepted version, or not served. */
export type Outcome = 'current' | 'fallback' | 'dropped';

/** The kinds judged together, round by round. */
export type CrossKind = 'Gateway' | 'VirtualService' | 'RouteTable';

/** Served versions of objects of the cross-checked kinds, by refKey, in the snapshot's order. */
export class ServeSet {
  private readonly served: Record<CrossKind, Map<string, ServedObject>> = { Gateway: new Map(), VirtualService: new Map(), RouteTable: new Map() };
  private readonly outcome = new Map<string, Outcome>();
  private lists: Partial<Record<CrossKind, ServedObject[]>> = {};
  /** Why a fallback version was dropped (its first error), by refKey. */
  readonly dropReasons = new Map<string, string>();

  /** Starts with the current version of every object (given in namespace/name order). */
  constructor(objects: readonly Resource<CrossKind>[], hashes: ReadonlyMap<string, string>, private readonly lastAccepted: LastAccepted) {
    for (const r of objects) {
      const key = refKey(r);
      this.served[r.kind].set(key, { resource: r, hash: hashes.get(key) ?? '' });
      this.outcome.set(key, 'current');
    }
  }

  /** The served objects of a kind, in namespace/name order. */
  list<K extends CrossKind>(kind: K): ServedObject<K>[] {
    return (this.lists[kind] ??= [...this.served[kind].values()]) as ServedObject<K>[];
  }

  /** The served objects of a kind by refKey. */
  map<K extends CrossKind>(kind: K): ReadonlyMap<string, ServedObject<K>> {
    return this.served[kind] as Map<string, ServedObject<K>>;
  }

  /** How an object stands now. */
  outcomeOf(key: string): Outcome | undefined {
    return this.outcome.get(key);
  }

  /** Moves a failing object one step: current → its last accepted version (if any) → dropped. */
  advance(key: string, firstError: string): void {
    const kind: CrossKind = key.startsWith('RouteTable.') ? 'RouteTable' : key.startsWith('Gateway.') ? 'Gateway' : 'VirtualService';
    this.lists = {};
    const fallback = this.lastAccepted.get(key);
    if (this.outcome.get(key) === 'current' && fallback) {
      // Map.set on an existing key keeps its position, so the order stays namespace/name.
      this.served[kind].set(key, { resource: fallback.resource, hash: fallback.hash, since: fallback.since });
      this.outcome.set(key, 'fallback');
      return;
    }
    if (this.outcome.get(key) === 'fallback') this.dropReasons.set(key, firstError);
    this.served[kind].delete(key);
    this.outcome.set(key, 'dropped');
  }
}
