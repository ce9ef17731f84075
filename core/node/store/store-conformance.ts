// The conformance suite every ResourceStore backend passes: CRUD, optimistic concurrency, selectors, scopes, watch and status.
import { afterEach, describe, expect, it } from 'vitest';
import { AlreadyExistsError, ConflictError, InvalidObjectError, NotFoundError } from '../../common/model/errors';
import { resourceContentHash, type Resource } from '../../common/model/resource';
import { ALL_NAMESPACES, type ResourceClient, type ResourceStore } from '../../common/store/resource-client';
import { ListRecorder, sleep, upstream } from './store-test-helpers';

/** Makes a new, empty store of the backend under test. */
export type StoreFactory = () => Promise<ResourceStore>;

/** Registers the conformance tests of one backend. */
export function describeStoreConformance(backend: string, makeStore: StoreFactory): void {
  describe(`${backend} store conformance`, () => {
    const open: ResourceStore[] = [];
    const newStore = async () => {
      const s = await makeStore();
      open.push(s);
      return s;
    };
    const upstreams = async () => (await newStore()).client('Upstream');
    afterEach(async () => {
      for (const s of open.splice(0)) await s.close();
    });

    describeCrud(upstreams, newStore);
    describeConcurrency(upstreams);
    describeListing(upstreams);
    describeWatch(upstreams);
    describeStatus(upstreams);
  });
}

type Clients = () => Promise<ResourceClient<'Upstream'>>;

function describeCrud(upstreams: Clients, newStore: StoreFactory): void {
  it('a written object reads back with its content and a resourceVersion', async () => {
    const c = await upstreams();
    const written = await c.write(upstream('a', 'default', { app: 'a' }));
    expect(written.metadata.resourceVersion).toMatch(/.+/);
    const read = await c.read('default', 'a');
    expect(read.spec).toEqual(upstream('a').spec);
    expect(read.metadata.labels).toEqual({ app: 'a' });
    expect(read.metadata.resourceVersion).toBe(written.metadata.resourceVersion);
    expect(resourceContentHash(read)).toBe(resourceContentHash(upstream('a', 'default', { app: 'a' })));
  });

  it('a missing namespace means default', async () => {
    const c = await upstreams();
    const obj = upstream('a');
    await c.write({ ...obj, metadata: { name: 'a' } } as Resource<'Upstream'>);
    expect((await c.read('default', 'a')).metadata.namespace).toBe('default');
  });

  it('creating an object that exists fails with AlreadyExistsError', async () => {
    const c = await upstreams();
    await c.write(upstream('a'));
    await expect(c.write(upstream('a'))).rejects.toBeInstanceOf(AlreadyExistsError);
  });

  it('overwrite replaces the content and changes the resourceVersion', async () => {
    const c = await upstreams();
    const first = await c.write(upstream('a'));
    const second = await c.write(upstream('a', 'default', undefined, 9090), { overwrite: true });
    expect(second.metadata.resourceVersion).not.toBe(first.metadata.resourceVersion);
    expect((await c.read('default', 'a')).spec.static?.hosts?.[0].port).toBe(9090);
  });

  it('reading a missing object fails with NotFoundError', async () => {
    const c = await upstreams();
    await expect(c.read('default', 'nope')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('an invalid object is refused with InvalidObjectError and the JSON pointer of the field', async () => {
    const c = await upstreams();
    const bad = { ...upstream('a'), spec: { static: { hosts: [{ addr: 'x', port: 'eighty' }] } } } as unknown as Resource<'Upstream'>;
    const err = await c.write(bad).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(InvalidObjectError);
    expect((err as InvalidObjectError).path).toBe('/spec/static/hosts/0/port');
    const unknown = { ...upstream('b'), spec: { statik: {} } } as unknown as Resource<'Upstream'>;
    await expect(c.write(unknown)).rejects.toMatchObject({ path: '/spec/statik' });
    await expect(c.write(upstream('bad/name'))).rejects.toMatchObject({ path: '/metadata/name' });
    await expect(c.list(ALL_NAMESPACES)).resolves.toEqual([]);
  });

  it('delete removes the object; deleting it again fails with NotFoundError unless ignoreNotExist', async () => {
    const c = await upstreams();
    await c.write(upstream('a'));
    await c.delete('default', 'a');
    await expect(c.read('default', 'a')).rejects.toBeInstanceOf(NotFoundError);
    await expect(c.delete('default', 'a')).rejects.toBeInstanceOf(NotFoundError);
    await expect(c.delete('default', 'a', { ignoreNotExist: true })).resolves.toBeUndefined();
  });

  it('client(kind) returns the same instance every time, and kinds are kept apart', async () => {
    const s = await newStore();
    expect(s.client('Upstream')).toBe(s.client('Upstream'));
    await s.client('Upstream').write(upstream('same'));
    await expect(s.client('UpstreamGroup').list(ALL_NAMESPACES)).resolves.toEqual([]);
  });

  it('objects handed out cannot change what the store keeps', async () => {
    const c = await upstreams();
    const written = await c.write(upstream('a', 'default', { app: 'a' }));
    try {
      (written.metadata.labels as Record<string, string>).app = 'changed';
    } catch {
      // frozen objects refuse the change; either way the store must not see it
    }
    expect((await c.read('default', 'a')).metadata.labels).toEqual({ app: 'a' });
  });
}

function describeConcurrency(upstreams: Clients): void {
  it('of two writers with the same resourceVersion exactly one wins and the other gets ConflictError', async () => {
    const c = await upstreams();
    const base = await c.write(upstream('a'));
    const results = await Promise.allSettled([
      c.write({ ...base, metadata: { ...base.metadata, labels: { writer: '1' } } }, { overwrite: true }),
      c.write({ ...base, metadata: { ...base.metadata, labels: { writer: '2' } } }, { overwrite: true }),
    ]);
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const rejected = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(ConflictError);
  });

  it('expectedResourceVersion guards a write just like the object\'s own resourceVersion', async () => {
    const c = await upstreams();
    const first = await c.write(upstream('a'));
    await c.write(upstream('a', 'default', { v: '2' }), { overwrite: true, expectedResourceVersion: first.metadata.resourceVersion });
    await expect(c.write(upstream('a', 'default', { v: '3' }), { overwrite: true, expectedResourceVersion: first.metadata.resourceVersion }))
      .rejects.toBeInstanceOf(ConflictError);
    await expect(c.write(upstream('gone'), { overwrite: true, expectedResourceVersion: '1' })).rejects.toBeInstanceOf(ConflictError);
  });

  it('a delete expecting a version removes only that version: a stale one is refused with ConflictError and deletes nothing', async () => {
    const c = await upstreams();
    const first = await c.write(upstream('a'));
    const second = await c.write(upstream('a', 'default', { v: '2' }), { overwrite: true });
    await expect(c.delete('default', 'a', { expectedResourceVersion: first.metadata.resourceVersion })).rejects.toBeInstanceOf(ConflictError);
    expect((await c.read('default', 'a')).metadata.labels).toEqual({ v: '2' });
    await c.delete('default', 'a', { expectedResourceVersion: second.metadata.resourceVersion });
    await expect(c.read('default', 'a')).rejects.toBeInstanceOf(NotFoundError);
  });

  it('of a delete and an update planned from one read, exactly one lands, over 20 rounds', async () => {
    const c = await upstreams();
    for (let round = 0; round < 20; round++) {
      const base = await c.write(upstream('a', 'default', { round: String(round) }), { overwrite: true });
      const [updated, deleted] = await Promise.allSettled([
        c.write({ ...base, metadata: { ...base.metadata, labels: { round: String(round), by: 'update' } } }, { overwrite: true }),
        c.delete('default', 'a', { expectedResourceVersion: base.metadata.resourceVersion }),
      ]);
      expect([updated.status, deleted.status].sort()).toEqual(['fulfilled', 'rejected']);
      const loser = [updated, deleted].find((r): r is PromiseRejectedResult => r.status === 'rejected')!;
      expect(loser.reason).toBeInstanceOf(ConflictError);
      const left = await c.read('default', 'a').catch(() => undefined);
      expect(left?.metadata.labels?.by).toBe(updated.status === 'fulfilled' ? 'update' : undefined);
    }
  });

  it('no update is lost over 1,000 interleaved increments of a label by two writers retrying on conflict', async () => {
    const c = await upstreams();
    await c.write(upstream('counter', 'default', { n: '0' }));
    let conflicts = 0;
    const writer = async (times: number) => {
      for (let i = 0; i < times; i++) {
        for (;;) {
          const cur = await c.read('default', 'counter');
          const n = Number(cur.metadata.labels?.n) + 1;
          await new Promise((r) => setImmediate(r)); // let the other writer interleave between read and write
          try {
            await c.write({ ...cur, metadata: { ...cur.metadata, labels: { n: String(n) } } }, { overwrite: true });
            break;
          } catch (err) {
            if (!(err instanceof ConflictError)) throw err;
            conflicts++;
          }
        }
      }
    };
    await Promise.all([writer(500), writer(500)]);
    expect((await c.read('default', 'counter')).metadata.labels?.n).toBe('1000');
    expect(conflicts).toBeGreaterThan(0);
  }, 120_000);
}

function describeListing(upstreams: Clients): void {
  it('list sorts by namespace then name, and a namespace scope limits it', async () => {
    const c = await upstreams();
    for (const [ns, name] of [['b', 'x'], ['a', 'y'], ['a', 'x'], ['default', 'z']]) await c.write(upstream(name, ns));
    const names = (await c.list(ALL_NAMESPACES)).map((r) => `${r.metadata.namespace}/${r.metadata.name}`);
    expect(names).toEqual(['a/x', 'a/y', 'b/x', 'default/z']);
    expect((await c.list('a')).map((r) => r.metadata.name)).toEqual(['x', 'y']);
    expect(await c.list('nowhere')).toEqual([]);
  });

  it('a label selector keeps only objects carrying every label of it', async () => {
    const c = await upstreams();
    await c.write(upstream('a', 'default', { app: 'web', tier: 'front' }));
    await c.write(upstream('b', 'default', { app: 'web' }));
    await c.write(upstream('c', 'default'));
    const names = async (sel: Record<string, string>) => (await c.list(ALL_NAMESPACES, { labelSelector: sel })).map((r) => r.metadata.name);
    expect(await names({ app: 'web' })).toEqual(['a', 'b']);
    expect(await names({ app: 'web', tier: 'front' })).toEqual(['a']);
    expect(await names({})).toEqual(['a', 'b', 'c']);
  });
}

function describeWatch(upstreams: Clients): void {
  it('watch delivers the first list immediately and then every later change', async () => {
    const c = await upstreams();
    await c.write(upstream('a'));
    const rec = new ListRecorder<'Upstream'>();
    const sub = c.watch(ALL_NAMESPACES, rec.onList);
    await rec.waitFor((l) => l.length === 1, 500, 'the first list');
    await c.write(upstream('b'));
    await rec.waitFor((l) => l.length === 2);
    const a = await c.read('default', 'a');
    await c.write({ ...a, metadata: { ...a.metadata, labels: { changed: 'yes' } } }, { overwrite: true });
    await rec.waitFor((l) => l[0].metadata.labels?.changed === 'yes');
    await c.delete('default', 'b');
    await rec.waitFor((l) => l.length === 1 && l[0].metadata.name === 'a');
    sub.stop();
    const delivered = rec.lists.length;
    await c.write(upstream('c'));
    await sleep(50);
    expect(rec.lists.length).toBe(delivered);
  });

  it('a watch in one namespace sees only that namespace', async () => {
    const c = await upstreams();
    const rec = new ListRecorder<'Upstream'>();
    c.watch('team-a', rec.onList);
    await rec.waitFor((l) => l.length === 0);
    await c.write(upstream('x', 'team-b'));
    await c.write(upstream('y', 'team-a'));
    await rec.waitFor((l) => l.length === 1);
    expect(rec.lastNames()).toEqual(['team-a/y']);
    expect(rec.lists.every((l) => l.every((r) => r.metadata.namespace === 'team-a'))).toBe(true);
  });
}

function describeStatus(upstreams: Clients): void {
  it('writeStatus changes neither resourceContentHash nor resourceVersion, and reads return the status', async () => {
    const c = await upstreams();
    const written = await c.write(upstream('a'));
    await c.writeStatus({ namespace: 'default', name: 'a' }, { state: 'Rejected', reason: 'bad port', reportedBy: 'gloo' });
    const read = await c.read('default', 'a');
    expect(read.status).toMatchObject({ state: 'Rejected', reason: 'bad port' });
    expect(read.metadata.resourceVersion).toBe(written.metadata.resourceVersion);
    expect(resourceContentHash(read)).toBe(resourceContentHash(written));
    const rec = new ListRecorder<'Upstream'>();
    c.watch(ALL_NAMESPACES, rec.onList);
    await rec.waitFor((l) => l[0]?.status?.state === 'Rejected');
    await c.writeStatus({ namespace: 'default', name: 'a' }, { state: 'Accepted', reportedBy: 'gloo' });
    await rec.waitFor((l) => l[0]?.status?.state === 'Accepted');
  });

  it('writeStatus of a missing object fails with NotFoundError, and delete drops the status', async () => {
    const c = await upstreams();
    await expect(c.writeStatus({ namespace: 'default', name: 'nope' }, { state: 'Accepted' })).rejects.toBeInstanceOf(NotFoundError);
    await c.write(upstream('a'));
    await c.writeStatus({ namespace: 'default', name: 'a' }, { state: 'Accepted' });
    await c.delete('default', 'a');
    await c.write(upstream('a'));
    expect((await c.read('default', 'a')).status).toBeUndefined();
  });
}
