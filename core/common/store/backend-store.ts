// The generic store written once over the kind registry: a ResourceStore on top of any StoreBackend's
// primitives, with validation, label filters and coalesced watches. Pure: no node:* imports.
import { InvalidObjectError, NotFoundError, type FileProblem } from '../model/errors';
import { stableStringify } from '../model/hash';
import { KIND_NAMES, type KindName } from '../model/kinds';
import { DEFAULT_NAMESPACE, matchesLabels, type Resource, type Status } from '../model/resource';
import type { DeleteOptions, ListOptions, ResourceClient, ResourceStore, Scope, Subscription, WriteOptions } from './resource-client';
import { type StoreChange, type StoreBackend, preconditionOf, normalizeForWrite, sortByNamespaceAndName } from './store-backend';
import { WatchHub } from './watch-hub';

class BackendClient<K extends KindName> implements ResourceClient<K> {
  constructor(readonly kind: K, private readonly store: BackendStore) {}

  async read(namespace: string, name: string): Promise<Resource<K>> {
    const found = await this.store.backend.get(this.kind, namespace || DEFAULT_NAMESPACE, name);
    if (!found) throw new NotFoundError(this.kind, namespace || DEFAULT_NAMESPACE, name);
    return found as Resource<K>;
  }

  async list(scope: Scope, opts: ListOptions = {}): Promise<Resource<K>[]> {
    const all = await this.store.listSorted(this.kind, scope);
    return (opts.labelSelector ? all.filter((r) => matchesLabels(r.metadata.labels, opts.labelSelector)) : all) as Resource<K>[];
  }

  async write(obj: Resource<K>, opts: WriteOptions = {}): Promise<Resource<K>> {
    const normalized = normalizeForWrite(this.kind, obj);
    const stored = await this.store.backend.put(normalized, preconditionOf(obj, opts));
    this.store.hub.changed([this.kind]);
    return stored as Resource<K>;
  }

  async delete(namespace: string, name: string, opts: DeleteOptions = {}): Promise<void> {
    const ns = namespace || DEFAULT_NAMESPACE;
    const removed = await this.store.backend.remove(this.kind, ns, name, opts.expectedResourceVersion || undefined);
    if (removed) this.store.hub.changed([this.kind]);
    else if (!opts.ignoreNotExist) throw new NotFoundError(this.kind, ns, name);
  }

  async writeStatus(ref: { namespace: string; name: string }, status: Status): Promise<void> {
    const changed = await this.store.backend.putStatus(this.kind, ref.namespace || DEFAULT_NAMESPACE, ref.name, status);
    if (changed) this.store.hub.changed([this.kind]);
  }

  watch(scope: Scope, onList: (list: Resource<K>[]) => void, onError?: (err: Error) => void): Subscription {
    return this.store.hub.add(this.kind, scope, onList as (list: Resource[]) => void, onError);
  }
}

/** A ResourceStore over any StoreBackend: one generic client per kind, watches and problem watches. */
export class BackendStore implements ResourceStore {
  readonly hub = new WatchHub((kind, scope) => this.listSorted(kind, scope));
  private readonly clients = new Map<KindName, ResourceClient>();
  private readonly problemWatchers = new Set<(problems: readonly FileProblem[]) => void>();
  private problemSignature: string;
  private closed = false;

  constructor(readonly backend: StoreBackend) {
    this.problemSignature = stableStringify(backend.problems());
    backend.onExternalChange((change) => this.externalChange(change));
  }

  /** The backend's url. */
  get url(): string {
    return this.backend.url;
  }

  /** The client of a kind, the same instance on every call; InvalidObjectError for a kind the registry does not know. */
  client<K extends KindName>(kind: K): ResourceClient<K> {
    let c = this.clients.get(kind);
    if (!c) {
      if (!KIND_NAMES.includes(kind)) throw new InvalidObjectError(`unknown kind "${kind}"; known kinds: ${KIND_NAMES.join(', ')}`, '/kind');
      c = new BackendClient(kind, this);
      this.clients.set(kind, c);
    }
    return c as ResourceClient<K>;
  }

  /** Starts or stops the backend's polling for other processes' statuses, where it has one. */
  setStatusPolling(on: boolean): void {
    this.backend.setStatusPolling?.(on);
  }

  /** Objects of a kind in scope, sorted by namespace then name. */
  async listSorted(kind: KindName, scope: Scope): Promise<Resource[]> {
    return sortByNamespaceAndName(await this.backend.list(kind, scope));
  }

  /** The backend's current problems. */
  problems(): readonly FileProblem[] {
    return this.backend.problems();
  }

  /** Calls onChange whenever problems() changes. */
  watchProblems(onChange: (problems: readonly FileProblem[]) => void): Subscription {
    this.problemWatchers.add(onChange);
    return { stop: () => this.problemWatchers.delete(onChange) };
  }

  /** Ends every watch and closes the backend; idempotent. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.hub.stopAll();
    this.problemWatchers.clear();
    await this.backend.close();
  }

  private externalChange(change: StoreChange): void {
    if (this.closed) return;
    if (change.kinds.length) this.hub.changed(change.kinds);
    if (!change.problems) return;
    const problems = this.backend.problems();
    const signature = stableStringify(problems);
    if (signature === this.problemSignature) return;
    this.problemSignature = signature;
    for (const fn of [...this.problemWatchers]) {
      try {
        fn(problems);
      } catch {
        // a failing problem watcher must not stop the others
      }
    }
  }
}
