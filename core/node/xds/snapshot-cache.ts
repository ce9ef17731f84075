// Snapshots by proxy key, in the manner of go-control-plane's SnapshotCache: the loop
// publishes, streams watch. A snapshot is checked and encoded before anyone can see it.
import { checkConsistency } from '../../common/xds/snapshot-builder';
import { XDS_TYPES, type XdsSnapshot, type XdsType } from '../../common/xds/xds-snapshot';
import { encodingKey, ResourceEncoder } from './resource-encoder';

/** Told the new snapshot of a proxy key (undefined after clearSnapshot). */
export type SnapshotWatcher = (nodeKey: string, snapshot: XdsSnapshot | undefined) => void;

/** Thrown by setSnapshot for a snapshot that must not be served; lists every problem found. */
export class SnapshotRejectedError extends Error {
  /** problems: one sentence each. */
  constructor(
    readonly nodeKey: string,
    readonly problems: readonly string[],
  ) {
    super(`snapshot for ${nodeKey} refused: ${problems.join('; ')}`);
    this.name = 'SnapshotRejectedError';
  }
}

/**
 * Bytes of encodings of resource versions no longer published that the encoder may keep (a version coming back, views
 * of a snapshot for proxyless clients): beyond it the least recently used go.
 */
const STALE_ENCODING_BYTES = 8 * 1024 * 1024;

/** How many past versions per type keep their publication time (for ACK latency). */
const PUBLISH_HISTORY = 32;

/** Options: a shared encoder, a clock (ms) and the bytes of unpublished encodings kept (default STALE_ENCODING_BYTES). */
export interface SnapshotCacheOptions {
  encoder?: ResourceEncoder;
  now?: () => number;
  staleEncodingBytes?: number;
}

/** Holds the current snapshot of each proxy key and tells watchers when it changes. */
export class SnapshotCache {
  /** Encodes every published resource; streams take bytes from it. */
  readonly encoder: ResourceEncoder;
  private readonly now: () => number;
  private readonly staleEncodingBytes: number;
  private readonly snapshots = new Map<string, XdsSnapshot>();
  private readonly watchers = new Map<string, Set<SnapshotWatcher>>();
  private readonly published = new Map<string, Map<string, number>>();

  /** A cache with its own encoder and Date.now unless given. */
  constructor(options: SnapshotCacheOptions = {}) {
    this.encoder = options.encoder ?? new ResourceEncoder();
    this.now = options.now ?? Date.now;
    this.staleEncodingBytes = options.staleEncodingBytes ?? STALE_ENCODING_BYTES;
  }

  /** Publishes a snapshot for a proxy key; throws SnapshotRejectedError (and keeps the old one) when it is inconsistent or a resource does not encode. */
  setSnapshot(nodeKey: string, snapshot: XdsSnapshot): void {
    const problems = [...checkConsistency(snapshot), ...this.encodeAll(snapshot)];
    if (problems.length > 0) throw new SnapshotRejectedError(nodeKey, problems);
    const previous = this.snapshots.get(nodeKey);
    this.snapshots.set(nodeKey, snapshot);
    this.recordPublication(nodeKey, snapshot, previous);
    if (previous?.version !== snapshot.version) this.notify(nodeKey, snapshot);
    if (previous) this.dropStaleEncodings();
  }

  /** The current snapshot of a proxy key, or undefined. */
  getSnapshot(nodeKey: string): XdsSnapshot | undefined {
    return this.snapshots.get(nodeKey);
  }

  /** Removes a proxy key's snapshot; its streams are then served an empty configuration. */
  clearSnapshot(nodeKey: string): void {
    if (!this.snapshots.delete(nodeKey)) return;
    this.notify(nodeKey, undefined);
  }

  /** Proxy keys with a published snapshot, sorted. */
  keys(): string[] {
    return [...this.snapshots.keys()].sort();
  }

  /** Calls watcher on every change of nodeKey's snapshot; returns the function that stops it. */
  subscribe(nodeKey: string, watcher: SnapshotWatcher): () => void {
    let set = this.watchers.get(nodeKey);
    if (!set) this.watchers.set(nodeKey, (set = new Set()));
    set.add(watcher);
    return () => this.unsubscribe(nodeKey, watcher);
  }

  /** Stops a watcher registered with subscribe. */
  unsubscribe(nodeKey: string, watcher: SnapshotWatcher): void {
    const set = this.watchers.get(nodeKey);
    set?.delete(watcher);
    if (set?.size === 0) this.watchers.delete(nodeKey);
  }

  /** When a type's resource-set version was first published for a proxy key (ms), if still remembered. */
  publishedAt(nodeKey: string, type: XdsType, version: string): number | undefined {
    return this.published.get(nodeKey)?.get(type + '\u0000' + version);
  }

  private encodeAll(snapshot: XdsSnapshot): string[] {
    const problems: string[] = [];
    for (const type of XDS_TYPES) {
      for (const r of snapshot.resources[type].items.values()) {
        const declared = type === 'endpoint' ? r.json.clusterName : r.json.name;
        if (declared !== undefined && declared !== r.name) problems.push(`${type} ${r.name} carries the name ${String(declared)}`);
        try {
          this.encoder.encode(type, r);
        } catch (err) {
          problems.push(err instanceof Error ? err.message : String(err));
        }
      }
    }
    return problems;
  }

  /** Lets the encoder drop the bytes of resource versions no published snapshot holds, beyond staleEncodingBytes. */
  private dropStaleEncodings(): void {
    if (this.encoder.cachedBytes <= this.staleEncodingBytes) return; // stale bytes cannot exceed every cached byte
    const live = new Set<string>();
    for (const snapshot of this.snapshots.values()) {
      for (const type of XDS_TYPES) for (const r of snapshot.resources[type].items.values()) live.add(encodingKey(type, r));
    }
    this.encoder.dropStale(live, this.staleEncodingBytes);
  }

  private recordPublication(nodeKey: string, snapshot: XdsSnapshot, previous: XdsSnapshot | undefined): void {
    let times = this.published.get(nodeKey);
    if (!times) this.published.set(nodeKey, (times = new Map()));
    const now = this.now();
    for (const type of XDS_TYPES) {
      const version = snapshot.resources[type].version;
      if (previous?.resources[type].version === version) continue;
      const key = type + '\u0000' + version;
      times.delete(key);
      times.set(key, now);
    }
    while (times.size > PUBLISH_HISTORY * XDS_TYPES.length) times.delete(times.keys().next().value as string);
  }

  private notify(nodeKey: string, snapshot: XdsSnapshot | undefined): void {
    for (const watcher of [...(this.watchers.get(nodeKey) ?? [])]) watcher(nodeKey, snapshot);
  }
}
