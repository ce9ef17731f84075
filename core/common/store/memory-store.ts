// The in-memory backend, for tests and demos. Pure: no node:* imports.
import { NotFoundError, type FileProblem } from '../model/errors';
import { stableStringify } from '../model/hash';
import type { KindName } from '../model/kinds';
import type { Resource, Status } from '../model/resource';
import type { Scope } from './resource-client';
import { type WritePrecondition, type StoreBackend, checkDeletePrecondition, checkWritePrecondition, inScope, deepFreeze } from './store-backend';
import { BackendStore } from './backend-store';

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

  remove(kind: KindName, namespace: string, name: string, expected?: string): boolean {
    checkDeletePrecondition(kind, namespace, name, this.byKind(kind).get(`${namespace}/${name}`)?.metadata.resourceVersion, expected);
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
