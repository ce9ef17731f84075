// The `etcd:http://HOST:PORT[,...][/prefix]` backend: objects under a key prefix in etcd v3, read from a local copy kept by
// a watch (etcd-mirror.ts), written with transactions that compare the key's mod revision, so a conflicting write is
// refused with ConflictError, never overwritten. A write returns once the local copy has it (reads see this process's
// writes). While etcd cannot be reached, reads serve the last snapshot and problems() says so.
import type { Etcd3, ITxnResponse } from 'etcd3';
import { NotFoundError, StorageError, type FileProblem } from '../../common/model/errors';
import { stableStringify } from '../../common/model/hash';
import type { KindName } from '../../common/model/kinds';
import type { Resource, Status } from '../../common/model/resource';
import type { Scope } from '../../common/store/resource-client';
import { BackendStore } from '../../common/store/backend-store';
import { checkDeletePrecondition, checkWritePrecondition, inScope, type StoreBackend, type StoreChange, type WritePrecondition } from '../../common/store/store-backend';
import { asEtcdStorageError, newEtcdClient } from './etcd-client';
import { decodeObject, decodeStatus, encodeValue, EtcdKeys, isProblem, keyProblem, type ParsedKey } from './etcd-keys';
import { EtcdMirror } from './etcd-mirror';
import { parseEtcdSpec } from './etcd-spec';

type Decoded<T> = T | FileProblem;

/** What a write's transaction answered: whether its compares held, at which revision, and the else branch's reads. */
type TxnResult = Pick<ITxnResponse, 'succeeded' | 'header' | 'responses'>;

class EtcdBackend implements StoreBackend {
  readonly mirror: EtcdMirror;
  /** Decoded objects by kind, then `namespace/name`; an undecodable one is a problem. */
  private readonly objects = new Map<KindName, Map<string, Decoded<Resource>>>();
  private readonly statuses = new Map<string, Decoded<Status>>();
  /** Keys under objects/ or statuses/ that name no kind or object. */
  private readonly badKeys = new Map<string, FileProblem>();
  /** Values this process is writing, by key: the watch hands the same bytes back, and they need no second schema check. */
  private readonly ownWrites = new Map<string, Buffer>();
  private connectionProblem?: FileProblem;
  private cachedProblems: readonly FileProblem[] = [];
  private listener: (change: StoreChange) => void = () => {};

  constructor(readonly url: string, readonly client: Etcd3, readonly keys: EtcdKeys) {
    this.mirror = new EtcdMirror(client, keys.prefix + '/', {
      keysChanged: (changed) => this.keysChanged(changed),
      connectionChanged: (err) => this.connectionChanged(err),
    });
  }

  get(kind: KindName, namespace: string, name: string): Resource | undefined {
    const found = this.objects.get(kind)?.get(`${namespace}/${name}`);
    return found && !isProblem(found) ? this.withStatus(found) : undefined;
  }

  list(kind: KindName, scope: Scope): Resource[] {
    const out: Resource[] = [];
    for (const r of this.objects.get(kind)?.values() ?? []) {
      if (!isProblem(r) && inScope(r.metadata.namespace, scope)) out.push(this.withStatus(r));
    }
    return out;
  }

  async put(obj: Resource, pre: WritePrecondition): Promise<Resource> {
    const { namespace, name } = obj.metadata;
    const key = this.keys.object(obj.kind, namespace, name);
    const { resourceVersion: _rv, ...metadata } = obj.metadata;
    const body = await encodeValue(JSON.stringify({ kind: obj.kind, metadata, spec: obj.spec }));
    this.ownWrites.set(key, body);
    try {
      return await this.putChecked(obj, pre, key, body, metadata);
    } finally {
      if (this.ownWrites.get(key) === body) this.ownWrites.delete(key);
    }
  }

  private async putChecked(obj: Resource, pre: WritePrecondition, key: string, body: Buffer, metadata: Omit<Resource['metadata'], 'resourceVersion'>): Promise<Resource> {
    const { namespace, name } = obj.metadata;
    const expected = pre.expectedResourceVersion;
    const res = await this.txn(`write ${obj.kind} ${namespace}/${name}`, async () => {
      // An expected version that is no revision can match nothing: compare the mod revision with 0 (an absent key's).
      const mod = expected === undefined ? undefined : /^[1-9][0-9]*$/.test(expected) ? expected : '0';
      let cmp = pre.overwrite ? undefined : this.client.if(key, 'Version', '==', 0);
      if (mod !== undefined) cmp = cmp ? cmp.and(key, 'Mod', '==', mod) : this.client.if(key, 'Mod', '==', mod);
      if (cmp) return cmp.then(this.client.put(key).value(body)).else(this.client.get(key)).commit();
      const put = await this.client.put(key).value(body).exec();
      return { succeeded: true, header: put.header, responses: [] };
    });
    if (!res.succeeded) {
      const stored = res.responses[0]?.response_range?.kvs[0];
      const storedVersion = stored ? stored.mod_revision : undefined;
      await this.caughtUp(key, stored ? Number(stored.mod_revision) : undefined, Number(res.header.revision));
      checkWritePrecondition(obj.kind, namespace, name, storedVersion, pre);
      throw new StorageError(`${this.url}: the write of ${obj.kind} ${namespace}/${name} was refused, yet its precondition holds; retry`);
    }
    const revision = Number(res.header.revision);
    await this.caughtUp(key, revision, revision);
    const status = this.statusOf(obj.kind, namespace, name);
    return { kind: obj.kind, metadata: { ...metadata, resourceVersion: String(revision) }, spec: obj.spec, ...(status ? { status } : {}) } as Resource;
  }

  async remove(kind: KindName, namespace: string, name: string, expected?: string): Promise<boolean> {
    const key = this.keys.object(kind, namespace, name);
    const res = await this.txn(`delete ${kind} ${namespace}/${name}`, () => {
      const exists = this.client.if(key, 'Version', '>', 0);
      // As in putChecked: an expected version that is no revision matches no stored key.
      const cmp = expected === undefined ? exists : exists.and(key, 'Mod', '==', /^[1-9][0-9]*$/.test(expected) ? expected : '0');
      return cmp.then(this.client.delete().key(key), this.client.delete().key(this.keys.status(kind, namespace, name))).else(this.client.get(key)).commit();
    });
    if (!res.succeeded) {
      const stored = res.responses[0]?.response_range?.kvs[0];
      await this.caughtUp(key, stored ? Number(stored.mod_revision) : undefined, Number(res.header.revision));
      checkDeletePrecondition(kind, namespace, name, stored?.mod_revision, expected);
      if (stored) throw new StorageError(`${this.url}: the delete of ${kind} ${namespace}/${name} was refused, yet its precondition holds; retry`);
      return false;
    }
    await this.caughtUp(key, undefined, Number(res.header.revision));
    return true;
  }

  async putStatus(kind: KindName, namespace: string, name: string, status: Status): Promise<boolean> {
    const known = this.objects.get(kind)?.get(`${namespace}/${name}`);
    const current = this.statuses.get(`${kind}/${namespace}/${name}`);
    if (known && !isProblem(known) && current && !isProblem(current) && stableStringify(current) === stableStringify(status)) return false;
    const key = this.keys.status(kind, namespace, name);
    const value = await encodeValue(JSON.stringify(status));
    const res = await this.txn(`write the status of ${kind} ${namespace}/${name}`, () => this.client
      .if(this.keys.object(kind, namespace, name), 'Version', '>', 0)
      .then(this.client.put(key).value(value))
      .commit());
    if (!res.succeeded) throw new NotFoundError(kind, namespace, name);
    const revision = Number(res.header.revision);
    await this.caughtUp(key, revision, revision);
    return true;
  }

  problems(): readonly FileProblem[] {
    return this.cachedProblems;
  }

  onExternalChange(listener: (change: StoreChange) => void): void {
    this.listener = listener;
  }

  async close(): Promise<void> {
    await this.mirror.close();
    this.client.close();
  }

  /** Runs one transaction; etcd failures become StorageError naming the store and what was being done. */
  private async txn(what: string, run: () => Promise<TxnResult>): Promise<TxnResult> {
    try {
      return await run();
    } catch (err) {
      const hint = this.mirror.connected ? '' : ' (etcd cannot be reached; the store serves its last snapshot read-only until it is back)';
      throw asEtcdStorageError(err, `${this.url}: cannot ${what}${hint}`);
    }
  }

  /**
   * Waits until the local copy shows a key as etcd answered it: at modRevision (undefined: absent), or as of `revision`.
   * Our own write, or the version a refused write found, is then what the next read sees.
   */
  private caughtUp(key: string, modRevision: number | undefined, revision: number): Promise<void> {
    return this.mirror.waitUntil(() => {
      if (this.mirror.revision >= revision) return true;
      const entry = this.mirror.get(key);
      return modRevision === undefined ? entry === undefined : (entry?.modRevision ?? 0) >= modRevision;
    });
  }

  private withStatus(r: Resource): Resource {
    const status = this.statusOf(r.kind, r.metadata.namespace, r.metadata.name);
    return status ? { ...r, status } : r;
  }

  private statusOf(kind: KindName, namespace: string, name: string): Status | undefined {
    const s = this.statuses.get(`${kind}/${namespace}/${name}`);
    return s && !isProblem(s) ? s : undefined;
  }

  private keysChanged(changed: readonly string[]): void {
    const kinds = new Set<KindName>();
    let problems = false;
    for (const key of changed) {
      const at = this.keys.parse(key);
      if (at === undefined) continue;
      if ('problem' in at) {
        const entry = this.mirror.get(key);
        if (entry) this.badKeys.set(key, keyProblem(key, at.problem));
        else this.badKeys.delete(key);
        problems = true;
        continue;
      }
      kinds.add(at.kind);
      problems = this.decode(key, at) || problems;
    }
    if (problems) this.refreshProblems();
    if (kinds.size || problems) this.listener({ kinds: [...kinds], problems });
  }

  /** Decodes one key's value into the maps; true when a problem came or went. */
  private decode(key: string, at: ParsedKey): boolean {
    const entry = this.mirror.get(key);
    const id = `${at.namespace}/${at.name}`;
    if (at.section === 'statuses') {
      const before = this.statuses.get(`${at.kind}/${id}`);
      const after = entry && decodeStatus(key, entry.value);
      if (after) this.statuses.set(`${at.kind}/${id}`, after);
      else this.statuses.delete(`${at.kind}/${id}`);
      return (before !== undefined && isProblem(before)) || (after !== undefined && isProblem(after));
    }
    let byName = this.objects.get(at.kind);
    if (!byName) this.objects.set(at.kind, (byName = new Map()));
    const before = byName.get(id);
    const after = entry && decodeObject(key, at, entry.value, entry.modRevision, this.ownWrites.get(key)?.equals(entry.value) === true);
    if (after) byName.set(id, after);
    else byName.delete(id);
    return (before !== undefined && isProblem(before)) || (after !== undefined && isProblem(after));
  }

  private connectionChanged(err: Error | undefined): void {
    this.connectionProblem = err && keyProblem(this.url,
      `cannot reach etcd (${err.message}); serving the last snapshot (revision ${this.mirror.revision}) until it is back`);
    this.refreshProblems();
    this.listener({ kinds: [], problems: true });
  }

  private refreshProblems(): void {
    const all: FileProblem[] = this.connectionProblem ? [this.connectionProblem] : [];
    all.push(...this.badKeys.values());
    for (const byName of this.objects.values()) for (const r of byName.values()) if (isProblem(r)) all.push(r);
    for (const s of this.statuses.values()) if (isProblem(s)) all.push(s);
    this.cachedProblems = all;
  }
}

/** Opens the etcd store a spec's rest names (`http://127.0.0.1:2379/team-a`); StorageError when etcd cannot be reached. */
export async function openEtcdStore(rest: string): Promise<BackendStore> {
  const spec = parseEtcdSpec(rest);
  const url = `etcd:${rest}`;
  const client = newEtcdClient(spec.endpoints);
  const backend = new EtcdBackend(url, client, new EtcdKeys(spec.prefix));
  try {
    await backend.mirror.start();
  } catch (err) {
    client.close();
    const message = err instanceof Error ? err.message : String(err);
    throw new StorageError(`${url}: cannot reach etcd at ${spec.endpoints.join(', ')} (${message}); is it running, and is the address right?`, err);
  }
  return new BackendStore(backend);
}
