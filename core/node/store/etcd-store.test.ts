// The etcd: store against a real etcd: the conformance suite every backend passes, then what only a shared network
// store has: other instances' writes and conflicts, bad values put by other tools, and a lost connection.
import { createServer, connect, type AddressInfo, type Socket } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { ConflictError, StorageError } from '../../common/model/errors';
import { ALL_NAMESPACES, type ResourceStore } from '../../common/store/resource-client';
import { etcdSkipReason, startEtcd, type EtcdServer } from '../testing/etcd-server';
import { newEtcdClient } from './etcd-client';
import { openEtcdStore } from './etcd-store';
import { openStore } from './open-store';
import { describeStoreConformance } from './store-conformance';
import { ListRecorder, upstream, waitUntil } from './store-test-helpers';

const skip = etcdSkipReason();
let etcd: EtcdServer | undefined;
let stores = 0;

beforeAll(async () => {
  if (!skip) etcd = await startEtcd();
}, 20 * 60_000);
afterAll(async () => etcd?.stop());

/** A TCP proxy to a local port whose connections can be cut (and new ones refused) and then allowed again. */
async function startCuttableProxy(target: number): Promise<{ port: number; cut(): void; restore(): void; close(): void }> {
  const sockets = new Set<Socket>();
  let refusing = false;
  const server = createServer((client) => {
    if (refusing) return client.destroy();
    const upstreamSocket = connect(target, '127.0.0.1');
    for (const [a, b] of [[client, upstreamSocket], [upstreamSocket, client]] as const) {
      sockets.add(a);
      a.on('error', () => b.destroy());
      a.on('close', () => {
        sockets.delete(a);
        b.destroy();
      });
      a.pipe(b);
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const cut = () => {
    refusing = true;
    for (const sock of sockets) sock.destroy();
  };
  return {
    port: (server.address() as AddressInfo).port,
    cut,
    restore: () => (refusing = false),
    close: () => {
      cut();
      server.close();
    },
  };
}

/** A store on a prefix of its own (so every test starts empty); `same` reuses the previous one's prefix. */
function spec(same = false): string {
  if (!same) stores++;
  return `http://127.0.0.1:${new URL(etcd!.endpoint).port}/test-${stores}`;
}

describe.skipIf(skip)(skip ? `etcd store (skipped: ${skip})` : 'etcd store', () => {
  describeStoreConformance('etcd', () => openEtcdStore(spec()));

  const open: ResourceStore[] = [];
  const newStore = async (same = false) => {
    const s = await openEtcdStore(spec(same));
    open.push(s);
    return s;
  };
  afterEach(async () => {
    for (const s of open.splice(0)) await s.close();
  });

  it('openStore opens etcd: specs through the backend table', async () => {
    const s = await openStore(`etcd:${spec()}`);
    open.push(s);
    expect(s.url).toBe(`etcd:${spec(true)}`);
    await s.client('Upstream').write(upstream('a'));
    expect((await s.client('Upstream').list(ALL_NAMESPACES)).map((r) => r.metadata.name)).toEqual(['a']);
  });

  it('a store sees what another instance on the same prefix writes, and a stale write of the other is refused', async () => {
    const a = (await newStore()).client('Upstream');
    const b = (await newStore(true)).client('Upstream');
    const rec = new ListRecorder<'Upstream'>();
    b.watch(ALL_NAMESPACES, rec.onList);
    const first = await a.write(upstream('x', 'default', { v: '1' }));
    await rec.waitFor((l) => l[0]?.metadata.resourceVersion === first.metadata.resourceVersion);
    const seenByB = await b.read('default', 'x');
    await a.write({ ...first, metadata: { ...first.metadata, labels: { v: '2' } } }, { overwrite: true });
    await expect(b.write({ ...seenByB, metadata: { ...seenByB.metadata, labels: { v: 'b' } } }, { overwrite: true }))
      .rejects.toBeInstanceOf(ConflictError);
    await rec.waitFor((l) => l[0]?.metadata.labels?.v === '2');
    expect((await b.read('default', 'x')).metadata.labels).toEqual({ v: '2' });
  });

  it('a store on another prefix of the same etcd sees none of it', async () => {
    await (await newStore()).client('Upstream').write(upstream('mine'));
    await expect((await newStore()).client('Upstream').list(ALL_NAMESPACES)).resolves.toEqual([]);
  });

  it('a value put by another tool that is no valid object is a problem at its key, and the valid objects are still served', async () => {
    const s = await newStore();
    const prefix = `/test-${stores}`;
    await s.client('Upstream').write(upstream('good'));
    const raw = newEtcdClient([etcd!.endpoint]);
    try {
      await raw.put(`${prefix}/objects/Upstream/default/broken`).value('{not json');
      await raw.put(`${prefix}/objects/Upstream/default/wrong-port`).value(JSON.stringify({ ...upstream('wrong-port'), spec: { static: { hosts: [{ addr: 'x', port: 'eighty' }] } } }));
      await raw.put(`${prefix}/objects/Upstream/default/renamed`).value(JSON.stringify(upstream('other-name')));
      await raw.put(`${prefix}/objects/Gizmo/default/g`).value('{}');
      await waitUntil(() => s.problems().length === 4, 3000, 'four problems');
      const byKey = new Map(s.problems().map((p) => [p.file, p]));
      expect(byKey.get(`${prefix}/objects/Upstream/default/broken`)?.message).toMatch(/not JSON/);
      expect(byKey.get(`${prefix}/objects/Upstream/default/wrong-port`)?.path).toBe('/spec/static/hosts/0/port');
      expect(byKey.get(`${prefix}/objects/Upstream/default/renamed`)?.message).toMatch(/key says default\/renamed/);
      expect(byKey.get(`${prefix}/objects/Gizmo/default/g`)?.message).toMatch(/unknown kind "Gizmo"/);
      expect((await s.client('Upstream').list(ALL_NAMESPACES)).map((r) => r.metadata.name)).toEqual(['good']);
      await raw.delete().prefix(`${prefix}/objects/Upstream/default/`).exec();
      await raw.delete().key(`${prefix}/objects/Gizmo/default/g`).exec();
      await waitUntil(() => s.problems().length === 0, 3000, 'the problems to go');
    } finally {
      raw.close();
    }
  });

  it('an object too large for one etcd request as JSON (a generated Proxy) is stored gzip\'d and reads back whole', async () => {
    const s = await newStore();
    const hosts = Array.from({ length: 20_000 }, (_, i) => ({ addr: `10.0.${i >> 8}.${i & 255}`, port: 8080 }));
    const big = { ...upstream('big'), spec: { static: { hosts } } };
    await s.client('Upstream').write(big);
    const raw = newEtcdClient([etcd!.endpoint]);
    try {
      const stored = await raw.get(`/test-${stores}/objects/Upstream/default/big`).buffer();
      expect([stored?.[0], stored?.[1]]).toEqual([0x1f, 0x8b]);
      expect(stored!.length).toBeLessThan(JSON.stringify(big).length / 4);
    } finally {
      raw.close();
    }
    const other = await newStore(true);
    expect((await other.client('Upstream').read('default', 'big')).spec.static?.hosts).toEqual(hosts);
  });

  it('an etcd that cannot be reached is a StorageError naming the address', async () => {
    const err = await openEtcdStore('http://127.0.0.1:1/x').catch((e: unknown) => e);
    expect(err).toBeInstanceOf(StorageError);
    expect((err as Error).message).toMatch(/cannot reach etcd at http:\/\/127\.0\.0\.1:1/);
  });

  it('a change made while the store was cut off, whose revision was then compacted away, is read when it is back', async () => {
    for (let round = 1; round <= 2; round++) {
      const proxy = await startCuttableProxy(Number(new URL(etcd!.endpoint).port));
      try {
        const s = await openEtcdStore(`http://127.0.0.1:${proxy.port}/test-${++stores}`);
        open.push(s);
        const c = s.client('Upstream');
        await c.write(upstream('before'));
        proxy.cut();
        await waitUntil(() => s.problems().length > 0, 10_000, 'the connection problem');
        const other = (await newStore(true)).client('Upstream');
        await other.write(upstream(`during-${round}`));
        await other.delete('default', 'before');
        const raw = newEtcdClient([etcd!.endpoint]);
        try {
          const head = await raw.get('/none').exec();
          await raw.kv.compact({ revision: head.header.revision, physical: true });
        } finally {
          raw.close();
        }
        proxy.restore();
        const names = async () => (await c.list(ALL_NAMESPACES)).map((r) => r.metadata.name).join();
        await waitUntil(async () => (await names()) === `during-${round}`, 15_000, `the write made during round ${round}`);
        await waitUntil(() => s.problems().length === 0, 5000, 'the connection problem to go');
      } finally {
        proxy.close();
      }
    }
  }, 90_000);

  it('while etcd is down the store serves its last snapshot and says so; once back, it catches up with no lost change', async () => {
    for (let round = 1; round <= 2; round++) {
      const s = await newStore();
      const c = s.client('Upstream');
      await c.write(upstream('kept'));
      const rec = new ListRecorder<'Upstream'>();
      c.watch(ALL_NAMESPACES, rec.onList);
      await rec.waitFor((l) => l.length === 1);
      await etcd!.pause();
      await waitUntil(() => s.problems().some((p) => /serving the last snapshot/.test(p.message)), 10_000, 'the connection problem');
      expect((await c.list(ALL_NAMESPACES)).map((r) => r.metadata.name)).toEqual(['kept']);
      await expect(c.write(upstream('refused'))).rejects.toBeInstanceOf(StorageError);
      await etcd!.restart();
      const other = await newStore(true);
      await other.client('Upstream').write(upstream(`after-${round}`));
      await rec.waitFor((l) => l.length === 2, 15_000, `round ${round}: the write made after the restart`);
      await waitUntil(() => s.problems().length === 0, 15_000, 'the connection problem to go');
    }
  }, 60_000);
});
