// One kind's objects as the cluster last told them: list, then watch from the list's resourceVersion with bookmarks
// (Kubernetes API concepts, "Efficient detection of changes"). A `410 Gone` relists; a `429` (the API server answers
// `storage is (re)initializing` just after a CRD is established) backs off and retries; while the connection is down
// the last snapshot stays and the problem says so, until the watch is back.
import { setTimeout as sleep } from 'node:timers/promises';
import { StorageError } from '../../common/model/errors';
import type { KindName } from '../../common/model/kinds';
import type { Resource } from '../../common/model/resource';
import type { KubeHttp, KubeStatus } from './kube-http';
import { collectionPath, compareKubeVersions, fromKube, type KubeList, type KubeObject } from './kube-objects';

/** How a kind's watch stands. */
export type KindCacheState = { readonly state: 'syncing' | 'live' } | { readonly state: 'down' | 'missing'; readonly message: string };

/** Called on every change of the objects or of the state. */
export type KindCacheListener = (kind: KindName, what: 'objects' | 'state') => void;

const WATCH_TIMEOUT_SECONDS = 240;
const MAX_BACKOFF_MS = 5000;

/** The cached objects of one kind in one namespace (or all), kept current by a watch. */
export class KindCache {
  private readonly items = new Map<string, { readonly kubeVersion: string; readonly resource: Resource }>();
  private resourceVersion = '';
  private current: KindCacheState = { state: 'syncing' };
  private readonly unreadableObjects = new Map<string, string>();
  private readonly abort = new AbortController();
  private readonly firstSync: Promise<void>;
  private settleFirst: { resolve: () => void; reject: (err: Error) => void } | undefined;
  private backoffMs = 0;

  constructor(private readonly http: KubeHttp, readonly kind: KindName, private readonly namespace: string | undefined, private readonly onChange: KindCacheListener) {
    this.firstSync = new Promise<void>((resolve, reject) => (this.settleFirst = { resolve, reject }));
    this.firstSync.catch(() => {});
    void this.run();
  }

  /** Resolves once the first list arrived (or the kind's CRD is found missing); rejects when the cluster cannot be reached. */
  synced(): Promise<void> {
    return this.firstSync;
  }

  /** The watch's state now. */
  state(): KindCacheState {
    return this.current;
  }

  /** Objects (`namespace/name`) the cluster holds but that cannot be read (e.g. a corrupt compressedSpec), with why. */
  unreadable(): ReadonlyMap<string, string> {
    return this.unreadableObjects;
  }

  /** The cached objects. */
  list(): Resource[] {
    return [...this.items.values()].map((i) => i.resource);
  }

  /** Records what a write of this store answered, so a list right after it sees the write (if no newer version is known). */
  noteWritten(obj: KubeObject): void {
    this.upsert(obj);
  }

  /** Forgets an object this store deleted. */
  noteDeleted(namespace: string, name: string): void {
    if (this.items.delete(`${namespace}/${name}`)) this.onChange(this.kind, 'objects');
  }

  /** Stops the watch. */
  stop(): void {
    this.abort.abort();
  }

  /** List, then watch, until stopped; never throws: failures become the state and a retry after a back-off. */
  private async run(): Promise<void> {
    while (!this.abort.signal.aborted) {
      try {
        await this.relist();
        this.settle();
        await this.watchUntilGone();
      } catch (err) {
        if (this.abort.signal.aborted) return;
        if (err instanceof CrdMissing) {
          if (this.items.size) this.items.clear();
          this.setState({ state: 'missing', message: err.message });
          this.settle();
        } else if (!(err instanceof RetryLater)) {
          this.setState({ state: 'down', message: downMessage(this.kind, err) });
          this.settle(err as Error);
        }
        await this.pause(err instanceof RetryLater ? err.delayMs : undefined);
      }
    }
  }

  private settle(err?: Error): void {
    if (!this.settleFirst) return;
    if (err) this.settleFirst.reject(err);
    else this.settleFirst.resolve();
    this.settleFirst = undefined;
  }

  private async relist(): Promise<void> {
    const fresh = new Map<string, KubeObject>();
    let cont = '';
    let version = '';
    do {
      const res = await this.http.request<KubeList & KubeStatus>('GET', `${collectionPath(this.kind, this.namespace)}?limit=500${cont ? `&continue=${encodeURIComponent(cont)}` : ''}`);
      this.check(res.status, res.body);
      for (const item of res.body.items ?? []) fresh.set(`${item.metadata.namespace}/${item.metadata.name}`, item);
      version = res.body.metadata.resourceVersion;
      cont = res.body.metadata.continue ?? '';
    } while (cont);
    const before = new Map(this.items);
    const hadUnreadable = this.unreadableObjects.size > 0;
    this.items.clear();
    this.unreadableObjects.clear();
    for (const [key, obj] of fresh) this.take(key, obj, before.get(key));
    if (hadUnreadable) this.onChange(this.kind, 'state');
    this.resourceVersion = version;
    this.backoffMs = 0;
    this.setState({ state: 'live' });
    this.onChange(this.kind, 'objects');
  }

  /** Watches from the known resourceVersion until the stream says the version is gone (then the caller relists). */
  private async watchUntilGone(): Promise<void> {
    while (!this.abort.signal.aborted) {
      let gone = false;
      let failure: KubeStatus | undefined;
      const stream = new AbortController();
      const stopStream = () => stream.abort();
      this.abort.signal.addEventListener('abort', stopStream, { once: true });
      const path = `${collectionPath(this.kind, this.namespace)}?watch=1&allowWatchBookmarks=true&timeoutSeconds=${WATCH_TIMEOUT_SECONDS}&resourceVersion=${encodeURIComponent(this.resourceVersion)}`;
      const res = await this.http.watch<KubeObject & KubeStatus>(path, (e) => {
        if (e.type === 'ERROR') {
          if (e.object.code === 410) gone = true;
          else failure = e.object;
          stream.abort();
          return;
        }
        if (e.object.metadata?.resourceVersion) this.resourceVersion = e.object.metadata.resourceVersion;
        if (e.type === 'ADDED' || e.type === 'MODIFIED') this.upsert(e.object);
        else if (e.type === 'DELETED') this.remove(e.object);
      }, stream.signal).finally(() => this.abort.signal.removeEventListener('abort', stopStream));
      if (res.status === 410 || gone) return;
      this.check(res.status, res.body);
      // Another error in the stream (e.g. 500): the caller marks the kind down and backs off, instead of watching again at once.
      if (failure) throw new StorageError(`kube: watching ${this.kind}: ${failure.code ?? ''} ${failure.message ?? 'no message'}`);
      if (this.current.state !== 'live') this.setState({ state: 'live' });
    }
  }

  private upsert(obj: KubeObject): void {
    const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
    const known = this.items.get(key);
    if (known && (compareKubeVersions(known.kubeVersion, obj.metadata.resourceVersion) ?? -1) >= 0) return;
    this.take(key, obj, known);
    this.onChange(this.kind, 'objects');
  }

  /** Keeps obj under key; one that cannot be read keeps its last readable version (if any) and is listed in unreadable(). */
  private take(key: string, obj: KubeObject, lastGood: { kubeVersion: string; resource: Resource } | undefined): void {
    const wasUnreadable = this.unreadableObjects.delete(key);
    try {
      this.items.set(key, { kubeVersion: obj.metadata.resourceVersion ?? '', resource: fromKube(this.kind, obj) });
      if (wasUnreadable) this.onChange(this.kind, 'state');
    } catch (err) {
      if (lastGood) this.items.set(key, lastGood);
      this.unreadableObjects.set(key, `cannot read ${this.kind} ${key}: ${(err as Error).message}${lastGood ? '; serving the version read before' : ''}`);
      this.onChange(this.kind, 'state');
    }
  }

  private remove(obj: KubeObject): void {
    const key = `${obj.metadata.namespace}/${obj.metadata.name}`;
    if (this.unreadableObjects.delete(key)) this.onChange(this.kind, 'state');
    const known = this.items.get(key);
    if (!known || (compareKubeVersions(known.kubeVersion, obj.metadata.resourceVersion) ?? -1) > 0) return;
    this.items.delete(key);
    this.onChange(this.kind, 'objects');
  }

  /** Throws for an answer other than 200: CrdMissing for 404, RetryLater for 429, StorageError otherwise. */
  private check(status: number, body: KubeStatus | undefined): void {
    if (status === 200) return;
    if (status === 404) throw new CrdMissing(this.kind);
    if (status === 429) throw new RetryLater((body?.details?.retryAfterSeconds ?? 1) * 1000);
    throw new StorageError(`kube: ${status} listing ${this.kind}: ${body?.message ?? 'no message'}`);
  }

  private setState(next: KindCacheState): void {
    if (JSON.stringify(next) === JSON.stringify(this.current)) return;
    this.current = next;
    this.onChange(this.kind, 'state');
  }

  private async pause(ms?: number): Promise<void> {
    this.backoffMs = Math.min(MAX_BACKOFF_MS, this.backoffMs ? this.backoffMs * 2 : 100);
    await sleep(ms ?? this.backoffMs, undefined, { signal: this.abort.signal }).catch(() => undefined);
  }
}

/** The message of a kind whose CRD the cluster lacks, with how to install it. */
export function crdMissingMessage(kind: KindName): string {
  return `the cluster has no CustomResourceDefinition for ${kind}: install the sandbox's CRDs with \`xds-sandbox crds | kubectl apply -f -\``;
}

class CrdMissing extends StorageError {
  constructor(kind: KindName) {
    super(`kube: ${crdMissingMessage(kind)}`);
  }
}

class RetryLater extends Error {
  constructor(readonly delayMs: number) {
    super(`retry in ${delayMs} ms`);
  }
}

function downMessage(kind: KindName, err: unknown): string {
  return `connection to the cluster is down (${(err as Error).message}); serving the last ${kind} objects seen until the watch is back`;
}
