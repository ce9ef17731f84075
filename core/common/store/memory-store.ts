// The generic store written once over the kind registry (BackendStore on top of a StoreBackend's primitives: checks,
// validation, sorting, label filters, coalesced level-triggered watch), and the in-memory backend. Pure: no node:* imports.
import { AlreadyExistsError, ConflictError, InvalidObjectError, NotFoundError, type FileProblem } from '../model/errors';
import { stableStringify } from '../model/hash';
import { KIND_NAMES, kindInfo, type KindName } from '../model/kinds';
import { resourceToManifest } from '../model/manifest';
import { DEFAULT_NAMESPACE, matchesLabels, type Resource, type Status } from '../model/resource';
import { validateManifest } from '../model/validate';
import type { DeleteOptions, ListOptions, ResourceClient, ResourceStore, Scope, Subscription, WriteOptions } from './resource-client';

type MaybePromise<T> = T | Promise<T>;

/** What a write requires of the stored object; a backend checks it with checkWritePrecondition atomically with storing. */
export interface WritePrecondition {
  readonly overwrite: boolean;
  readonly expectedResourceVersion?: string;
}

/** What changed in a backend: the kinds whose objects or statuses changed, and whether problems() changed. */
export interface StoreChange {
  readonly kinds: readonly KindName[];
  readonly problems?: boolean;
}

/** The storage primitives of one backend; BackendStore builds every ResourceClient on them. */
export interface StoreBackend {
  readonly url: string;
  /** The stored object (with its status), or undefined. */
  get(kind: KindName, namespace: string, name: string): MaybePromise<Resource | undefined>;
  /** Every object of a kind in scope (with statuses), in any order. */
  list(kind: KindName, scope: Scope): MaybePromise<readonly Resource[]>;
  /** Stores a normalized object after checkWritePrecondition against what is stored, atomically; returns it as stored now. */
  put(obj: Resource, pre: WritePrecondition): MaybePromise<Resource>;
  /** Removes an object; false when there was none. */
  remove(kind: KindName, namespace: string, name: string): MaybePromise<boolean>;
  /** Records a status; NotFoundError when the object does not exist; false when the status was already that. */
  putStatus(kind: KindName, namespace: string, name: string, status: Status): MaybePromise<boolean>;
  /** Problems of what the backend could not read. */
  problems(): readonly FileProblem[];
  /** Registers the one listener of changes the store did not make itself (other processes, edited files). */
  onExternalChange(listener: (change: StoreChange) => void): void;
  /** Releases everything the backend holds. */
  close(): Promise<void>;
}

const NAME_PATTERN = /^[A-Za-z0-9]([A-Za-z0-9._-]{0,251}[A-Za-z0-9])?$/;

/** Throws NotFound/AlreadyExists/Conflict unless a write under `pre` may replace the stored version (undefined: none stored). */
export function checkWritePrecondition(kind: string, namespace: string, name: string, stored: string | undefined, pre: WritePrecondition): void {
  const expected = pre.expectedResourceVersion || undefined;
  if (stored === undefined) {
    if (expected !== undefined) throw new ConflictError(kind, namespace, name, expected, '');
    return;
  }
  if (!pre.overwrite) throw new AlreadyExistsError(kind, namespace, name);
  if (expected !== undefined && expected !== stored) throw new ConflictError(kind, namespace, name, expected, stored);
}

/** The precondition of a write: its options, with the object's own metadata.resourceVersion as the expected version. */
export function preconditionOf(obj: Resource, opts: WriteOptions = {}): WritePrecondition {
  const expected = opts.expectedResourceVersion || obj.metadata?.resourceVersion || undefined;
  return { overwrite: opts.overwrite === true, ...(expected ? { expectedResourceVersion: expected } : {}) };
}

/** The object as a store keeps it (default namespace, no resourceVersion, status or source), or InvalidObjectError with a JSON pointer. */
export function normalizeForWrite<K extends KindName>(kind: K, obj: Resource<K>): Resource<K> {
  if (!obj || typeof obj !== 'object') throw new InvalidObjectError('an object is required', '');
  if (obj.kind !== kind) throw new InvalidObjectError(`kind must be ${kind}, not ${JSON.stringify(obj.kind)}`, '/kind');
  const { resourceVersion: _rv, ...meta } = obj.metadata ?? ({} as Resource['metadata']);
  const namespace = meta.namespace || DEFAULT_NAMESPACE;
  for (const [field, value] of [['name', meta.name], ['namespace', namespace]] as const) {
    if (typeof value !== 'string' || !NAME_PATTERN.test(value)) {
      throw new InvalidObjectError(`metadata.${field} must be 1-253 letters, digits, '.', '_' or '-', starting and ending with a letter or digit (got ${JSON.stringify(value)})`, `/metadata/${field}`);
    }
  }
  const generation = typeof meta.generation === 'number' ? { generation: String(meta.generation) } : {};
  const normalized = { kind, metadata: { ...meta, namespace, ...generation }, spec: obj.spec ?? {} } as Resource<K>;
  const issues = validateManifest(kindInfo(kind), resourceToManifest(normalized));
  if (issues.length) throw new InvalidObjectError(issues.map((i) => i.message).join('; '), issues[0].path);
  return normalized;
}

/** Whether a namespace is in scope (`''` counts as every namespace, like ALL_NAMESPACES). */
export function inScope(namespace: string, scope: Scope): boolean {
  return typeof scope !== 'string' || scope === '' || scope === namespace;
}

/** The list sorted by namespace, then name. */
export function sortByNamespaceAndName<T extends Resource>(list: readonly T[]): T[] {
  const key = (r: Resource) => `${r.metadata.namespace}\u0000${r.metadata.name}`;
  return [...list].sort((a, b) => (key(a) < key(b) ? -1 : key(a) > key(b) ? 1 : 0));
}

/** A text that changes whenever a list's objects, versions, statuses or source locations change. */
export function listSignature(list: readonly Resource[]): string {
  const one = (r: Resource) => `${r.metadata.namespace}/${r.metadata.name}@${r.metadata.resourceVersion}`
    + (r.source ? `<${r.source.file}:${r.source.line}` : '') + (r.status ? '#' + stableStringify(r.status) : '');
  return list.map(one).join('\n');
}

/** Freezes a value and everything in it, so objects handed out cannot change what a store keeps. */
export function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
}

interface Watcher {
  readonly kind: KindName;
  readonly scope: Scope;
  readonly onList: (list: Resource[]) => void;
  readonly onError?: (err: Error) => void;
  lastSignature?: string;
  dirty: boolean;
  busy: boolean;
  stopped: boolean;
}

/** Level-triggered watch delivery: marks watchers of changed kinds, lists once per burst, skips lists equal to the last one sent. */
export class WatchHub {
  private readonly watchers = new Set<Watcher>();
  private scheduled = false;

  constructor(private readonly lister: (kind: KindName, scope: Scope) => Promise<Resource[]>) {}

  /** Adds a watcher; its first list is delivered on the next turn of the event loop. */
  add(kind: KindName, scope: Scope, onList: (list: Resource[]) => void, onError?: (err: Error) => void): Subscription {
    const w: Watcher = { kind, scope, onList, onError, dirty: true, busy: false, stopped: false };
    this.watchers.add(w);
    this.schedule();
    return { stop: () => { w.stopped = true; this.watchers.delete(w); } };
  }

  /** Marks every watcher of these kinds for a new list. */
  changed(kinds: Iterable<KindName>): void {
    const set = new Set(kinds);
    for (const w of this.watchers) if (set.has(w.kind)) w.dirty = true;
    this.schedule();
  }

  /** Ends every watch. */
  stopAll(): void {
    for (const w of this.watchers) w.stopped = true;
    this.watchers.clear();
  }

  private schedule(): void {
    if (this.scheduled) return;
    this.scheduled = true;
    // A macrotask, not a microtask: a burst of writes awaited one after another (a pass writing
    // thousands of statuses) becomes one list per watcher instead of one per write.
    setTimeout(() => {
      this.scheduled = false;
      for (const w of this.watchers) if (w.dirty && !w.busy) void this.deliver(w);
    }, 0);
  }

  private async deliver(w: Watcher): Promise<void> {
    w.busy = true;
    try {
      while (w.dirty && !w.stopped) {
        w.dirty = false;
        const list = await this.lister(w.kind, w.scope);
        const signature = listSignature(list);
        if (signature === w.lastSignature || w.stopped) continue;
        w.lastSignature = signature;
        w.onList(list);
      }
    } catch (err) {
      w.onError?.(err instanceof Error ? err : new Error(String(err)));
    } finally {
      w.busy = false;
    }
  }
}

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
    const removed = await this.store.backend.remove(this.kind, ns, name);
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

/** The in-memory backend: objects and statuses in maps, resourceVersion a counter shared by every kind. */
class MemoryBackend implements StoreBackend {
  readonly url = 'memory:';
  private readonly objects = new Map<KindName, Map<string, Resource>>();
  private readonly statuses = new Map<string, Status>();
  private version = 0;

  get(kind: KindName, namespace: string, name: string): Resource | undefined {
    const r = this.byKind(kind).get(`${namespace}/${name}`);
    return r && this.withStatus(r);
  }

  list(kind: KindName, scope: Scope): Resource[] {
    return [...this.byKind(kind).values()].filter((r) => inScope(r.metadata.namespace, scope)).map((r) => this.withStatus(r));
  }

  put(obj: Resource, pre: WritePrecondition): Resource {
    const { namespace, name } = obj.metadata;
    const objects = this.byKind(obj.kind);
    checkWritePrecondition(obj.kind, namespace, name, objects.get(`${namespace}/${name}`)?.metadata.resourceVersion, pre);
    const stored = deepFreeze(structuredClone({ ...obj, metadata: { ...obj.metadata, resourceVersion: String(++this.version) } }));
    objects.set(`${namespace}/${name}`, stored);
    return this.withStatus(stored);
  }

  remove(kind: KindName, namespace: string, name: string): boolean {
    this.statuses.delete(`${kind}/${namespace}/${name}`);
    return this.byKind(kind).delete(`${namespace}/${name}`);
  }

  putStatus(kind: KindName, namespace: string, name: string, status: Status): boolean {
    if (!this.byKind(kind).has(`${namespace}/${name}`)) throw new NotFoundError(kind, namespace, name);
    const key = `${kind}/${namespace}/${name}`;
    const previous = this.statuses.get(key);
    if (previous && stableStringify(previous) === stableStringify(status)) return false;
    this.statuses.set(key, deepFreeze(structuredClone(status)));
    return true;
  }

  problems(): readonly FileProblem[] {
    return [];
  }

  onExternalChange(): void {
    // nothing outside this process can change a memory store
  }

  async close(): Promise<void> {
    this.objects.clear();
    this.statuses.clear();
  }

  private byKind(kind: KindName): Map<string, Resource> {
    let m = this.objects.get(kind);
    if (!m) this.objects.set(kind, (m = new Map()));
    return m;
  }

  private withStatus(r: Resource): Resource {
    const status = this.statuses.get(`${r.kind}/${r.metadata.namespace}/${r.metadata.name}`);
    return status ? { ...r, status } : r;
  }
}

/** A new empty in-memory store (`memory:`), for tests and demos. */
export function createMemoryStore(): BackendStore {
  return new BackendStore(new MemoryBackend());
}
