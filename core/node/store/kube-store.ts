// The `kube:` backend: Gloo's objects as custom resources of a Kubernetes cluster, through the user's kubeconfig.
// Forms: `kube:` (current context), `kube:CONTEXT`, `kube:CONTEXT/NAMESPACE` (`kube:/NAMESPACE`: current context).
// Lists come from a watched cache per kind (kube-kind-cache.ts); reads and writes go to the API server. Writes carry
// resourceVersion preconditions, so a conflicting write is refused, never overwritten; statuses go through the status
// subresource.
import { AlreadyExistsError, ConflictError, NotFoundError, StorageError, type FileProblem } from '../../common/model/errors';
import { stableStringify } from '../../common/model/hash';
import { KIND_NAMES, kindInfo, type KindName } from '../../common/model/kinds';
import type { Resource, Status } from '../../common/model/resource';
import { BackendStore } from '../../common/store/backend-store';
import { checkDeletePrecondition, checkWritePrecondition, inScope, type StoreBackend, type StoreChange, type WritePrecondition } from '../../common/store/store-backend';
import { KubeHttp, type KubeStatus, type KubeTarget } from './kube-http';
import { crdMissingMessage, KindCache } from './kube-kind-cache';
import { collectionPath, COMPRESS_ANNOTATION, fromKube, newVersionToken, objectPath, sandboxVersion, STATUS_KEY, toKube, withStatus, type KubeObject } from './kube-objects';
import { isGeneratedObject } from '../../common/model/generated';
import { ALL_NAMESPACES, type Scope } from '../../common/store/resource-client';

/** Options of the kube: store. */
export interface KubeStoreOptions {
  /** A kubeconfig file instead of $KUBECONFIG or ~/.kube/config. */
  readonly kubeconfig?: string;
}

/** The parts of a `kube:` spec (what follows the scheme): context and namespace, each optional. */
export interface KubeSpec {
  readonly context?: string;
  readonly namespace?: string;
}

/** Parses what follows `kube:`: ``, `CONTEXT`, `CONTEXT/NAMESPACE` or `/NAMESPACE`. */
export function parseKubeSpec(rest: string): KubeSpec {
  const slash = rest.lastIndexOf('/');
  const [context, namespace] = slash < 0 ? [rest, ''] : [rest.slice(0, slash), rest.slice(slash + 1)];
  if (slash >= 0 && !namespace) throw new StorageError(`kube:${rest}: the namespace after "/" is empty; use kube:CONTEXT/NAMESPACE`);
  return { ...(context ? { context } : {}), ...(namespace ? { namespace } : {}) };
}

const MAX_WRITE_ATTEMPTS = 50;

class KubeBackend implements StoreBackend {
  private readonly caches = new Map<KindName, KindCache>();
  private listener: (change: StoreChange) => void = () => {};
  private problemList: FileProblem[] = [];

  constructor(readonly url: string, private readonly http: KubeHttp, private readonly namespace: string | undefined) {}

  async get(kind: KindName, namespace: string, name: string): Promise<Resource | undefined> {
    this.checkNamespace(kind, namespace);
    const obj = await this.fetch(kind, namespace, name);
    return obj && fromKube(kind, obj);
  }

  async list(kind: KindName, scope: Scope): Promise<readonly Resource[]> {
    const cache = this.cache(kind);
    // the first list may have failed (the cluster could not be reached) and a later one succeeded
    await cache.synced().catch((err: unknown) => {
      if (cache.state().state !== 'live') throw err;
    });
    return cache.list().filter((r) => inScope(r.metadata.namespace, scope));
  }

  /** Check and write are made atomic by the cluster's own resourceVersion: a write that lost a race is checked again. */
  async put(obj: Resource, pre: WritePrecondition): Promise<Resource> {
    const { namespace, name } = obj.metadata;
    this.checkNamespace(obj.kind, namespace);
    const token = newVersionToken();
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const stored = await this.fetch(obj.kind, namespace, name);
      checkWritePrecondition(obj.kind, namespace, name, stored && sandboxVersion(stored), pre);
      const body = toKube(await this.asGlooWritesIt(obj), token, stored);
      const res = stored
        ? await this.send<KubeObject>('PUT', objectPath(obj.kind, namespace, name), body)
        : await this.send<KubeObject>('POST', collectionPath(obj.kind, namespace), body);
      if (res.status === 409 || (stored && res.status === 404)) continue; // someone wrote, created or deleted it meanwhile: check again
      this.expectOk(res, obj.kind, namespace, name, stored ? 'update' : 'create');
      this.cache(obj.kind).noteWritten(res.body);
      return fromKube(obj.kind, res.body);
    }
    throw new ConflictError(obj.kind, namespace, name, pre.expectedResourceVersion ?? '(none)', 'changed on every one of 50 attempts');
  }

  /** A delete expecting a version is made atomic as put is: its DeleteOptions carry the cluster's resourceVersion checked. */
  async remove(kind: KindName, namespace: string, name: string, expected?: string): Promise<boolean> {
    this.checkNamespace(kind, namespace);
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      let body: unknown;
      if (expected) {
        const stored = await this.fetch(kind, namespace, name);
        if (!stored) return false;
        checkDeletePrecondition(kind, namespace, name, sandboxVersion(stored), expected);
        body = { kind: 'DeleteOptions', apiVersion: 'v1', preconditions: { resourceVersion: stored.metadata.resourceVersion } };
      }
      const res = await this.send<KubeStatus>('DELETE', objectPath(kind, namespace, name), body);
      if (isObjectNotFound(res, name)) return false;
      if (expected && res.status === 409) continue; // changed meanwhile: check again
      this.expectOk(res, kind, namespace, name, 'delete');
      this.cache(kind).noteDeleted(namespace, name);
      return true;
    }
    throw new ConflictError(kind, namespace, name, expected ?? '(none)', 'changed on every one of 50 attempts');
  }

  async putStatus(kind: KindName, namespace: string, name: string, status: Status): Promise<boolean> {
    this.checkNamespace(kind, namespace);
    for (let attempt = 0; attempt < MAX_WRITE_ATTEMPTS; attempt++) {
      const stored = await this.fetch(kind, namespace, name);
      if (!stored) throw new NotFoundError(kind, namespace, name);
      if (stableStringify(stored.status?.statuses?.[STATUS_KEY]) === stableStringify(status)) return false;
      const res = await this.send<KubeObject>('PUT', `${objectPath(kind, namespace, name)}/status`, withStatus(stored, status));
      if (res.status === 409) continue;
      if (res.status === 404) throw new NotFoundError(kind, namespace, name);
      this.expectOk(res, kind, namespace, name, 'write the status of');
      this.cache(kind).noteWritten(res.body);
      return true;
    }
    throw new StorageError(`kube: ${kind} ${namespace}/${name} changed on every one of ${MAX_WRITE_ATTEMPTS} attempts to write its status`);
  }

  problems(): readonly FileProblem[] {
    return this.problemList;
  }

  onExternalChange(listener: (change: StoreChange) => void): void {
    this.listener = listener;
  }

  async close(): Promise<void> {
    for (const cache of this.caches.values()) cache.stop();
    this.caches.clear();
    this.http.close();
  }

  /**
   * A generated Proxy as Gloo's gateway translator writes it (translatorSyncer in Gloo's projects/gateway/pkg/syncer):
   * annotated `gloo.solo.io/compress: "true"` when the Settings ask for compressedProxySpec, so its spec is compressed.
   */
  private async asGlooWritesIt(obj: Resource): Promise<Resource> {
    if (obj.kind !== 'Proxy' || !isGeneratedObject(obj) || obj.metadata.annotations?.[COMPRESS_ANNOTATION]) return obj;
    const settings = await this.list('Settings', ALL_NAMESPACES).catch(() => []);
    if (!settings.some((s) => (s as Resource<'Settings'>).spec.gateway?.compressedProxySpec === true)) return obj;
    return { ...obj, metadata: { ...obj.metadata, annotations: { ...obj.metadata.annotations, [COMPRESS_ANNOTATION]: 'true' } } };
  }

  /** The watched cache of a kind, started on first use. */
  private cache(kind: KindName): KindCache {
    let cache = this.caches.get(kind);
    if (!cache) {
      cache = new KindCache(this.http, kind, this.namespace, (k, what) => this.cacheChanged(k, what));
      this.caches.set(kind, cache);
    }
    return cache;
  }

  private cacheChanged(kind: KindName, what: 'objects' | 'state'): void {
    if (what === 'objects') return this.listener({ kinds: [kind] });
    const problems: FileProblem[] = [];
    for (const k of KIND_NAMES) {
      const s = this.caches.get(k)?.state();
      if (s && (s.state === 'down' || s.state === 'missing')) problems.push({ file: this.url, line: 1, column: 1, kind: k, message: s.message });
      for (const message of this.caches.get(k)?.unreadable().values() ?? []) problems.push({ file: this.url, line: 1, column: 1, kind: k, message });
    }
    this.problemList = problems;
    this.listener({ kinds: [kind], problems: true });
  }

  /** The stored object, or undefined when there is none. */
  private async fetch(kind: KindName, namespace: string, name: string): Promise<KubeObject | undefined> {
    const res = await this.send<KubeObject>('GET', objectPath(kind, namespace, name));
    if (isObjectNotFound(res, name)) return undefined;
    this.expectOk(res, kind, namespace, name, 'read');
    return res.body;
  }

  /** One request; a 429 (the API server is busy or its storage is (re)initializing) is retried after the delay it asks for. */
  private async send<T>(method: string, path: string, body?: unknown): Promise<{ status: number; body: T }> {
    for (let attempt = 0; ; attempt++) {
      const res = await this.http.request<T>(method, path, body);
      if (res.status !== 429 || attempt >= 20) return res;
      const delay = ((res.body as KubeStatus | undefined)?.details?.retryAfterSeconds ?? 0) * 1000 || Math.min(2000, 50 * 2 ** attempt);
      await new Promise((r) => setTimeout(r, delay));
    }
  }

  private expectOk(res: { status: number; body: unknown }, kind: KindName, namespace: string, name: string, what: string): void {
    if (res.status >= 200 && res.status < 300) return;
    const status = res.body as KubeStatus | undefined;
    if (res.status === 409 && status?.reason === 'AlreadyExists') throw new AlreadyExistsError(kind, namespace, name);
    if (res.status === 404 && status?.details?.kind === 'namespaces') {
      throw new StorageError(`kube: cannot ${what} ${kind} ${namespace}/${name}: namespace "${namespace}" does not exist; create it with \`kubectl create namespace ${namespace}\``);
    }
    if (res.status === 404) throw new StorageError(`kube: ${crdMissingMessage(kind)}`);
    if (res.status === 401 || res.status === 403) {
      throw new StorageError(`kube: not allowed to ${what} ${kind} ${namespace}/${name} (${res.status}): ${status?.message ?? ''}; check the kubeconfig user's RBAC permissions`);
    }
    throw new StorageError(`kube: cannot ${what} ${kind} ${namespace}/${name} (${res.status}): ${status?.message ?? 'no message'}`);
  }

  private checkNamespace(kind: KindName, namespace: string): void {
    if (this.namespace && namespace !== this.namespace) {
      throw new StorageError(`kube: ${this.url} holds only namespace "${this.namespace}"; ${kind} ${namespace}/... is outside it`);
    }
  }
}

/** Whether a 404 is about the object itself (the API server names it), not about its kind or namespace. */
function isObjectNotFound(res: { status: number; body: unknown }, name: string): boolean {
  const status = res.body as KubeStatus | undefined;
  return res.status === 404 && status?.reason === 'NotFound' && status.details?.name === name && status.details.kind !== 'namespaces';
}

/** The kinds whose CRDs the cluster's discovery does not list. */
async function findMissingKinds(http: KubeHttp): Promise<Set<KindName>> {
  const byGroupVersion = new Map<string, KindName[]>();
  for (const kind of KIND_NAMES) {
    const gv = kindInfo(kind).apiVersion;
    byGroupVersion.set(gv, [...(byGroupVersion.get(gv) ?? []), kind]);
  }
  const missing = new Set<KindName>();
  await Promise.all([...byGroupVersion].map(async ([gv, kinds]) => {
    const res = await http.request<{ resources?: { name: string }[] } & KubeStatus>('GET', `/apis/${gv}`);
    if (res.status === 401 || res.status === 403) throw new StorageError(`kube: the cluster ${http.server} refused the kubeconfig's credentials (${res.status}): ${res.body?.message ?? ''}`);
    const served = new Set((res.status === 200 ? res.body.resources ?? [] : []).map((r) => r.name));
    for (const kind of kinds) if (!served.has(kindInfo(kind).plural)) missing.add(kind);
  }));
  return missing;
}

/** Opens the kube: store a spec names (what follows `kube:`); StorageError when the cluster has none of the CRDs. */
export async function openKubeStore(rest: string, opts: KubeStoreOptions = {}): Promise<BackendStore> {
  const spec = parseKubeSpec(rest);
  const target: KubeTarget = { ...(opts.kubeconfig ? { kubeconfig: opts.kubeconfig } : {}), ...(spec.context ? { context: spec.context } : {}) };
  const http = await KubeHttp.connect(target);
  try {
    const missing = await findMissingKinds(http);
    if (missing.size === KIND_NAMES.length) {
      throw new StorageError(`kube: the cluster ${http.server} (context ${http.context}) has none of the sandbox's CustomResourceDefinitions; install them with \`xds-sandbox crds | kubectl apply -f -\``);
    }
    return new BackendStore(new KubeBackend(`kube:${rest}`, http, spec.namespace));
  } catch (err) {
    http.close();
    throw err;
  }
}
