// Two `serve` processes on one etcd: store, against a real etcd: both serve xDS, exactly one (the leader) writes statuses;
// a frozen leader (SIGSTOP) and a killed one (SIGKILL) are replaced within the lease time, and no status is lost or flaps;
// Discovery runs on whichever leads.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Etcd3 } from 'etcd3';
import { KIND_NAMES } from '../../common/model/kinds';
import type { Resource } from '../../common/model/resource';
import { ALL_NAMESPACES } from '../../common/store/resource-client';
import { newEtcdClient } from '../store/etcd-client';
import { openStore } from '../store/open-store';
import { FIXTURES, upstream, waitUntil } from '../store/store-test-helpers';
import { etcdSkipReason, startEtcd, type EtcdServer } from '../testing/etcd-server';
import { clustersServedBy, spawnServe, type Serve } from './serve-test-support';

const LEASE_SECONDS = 3;
/** Lease time, plus etcd's lease expiry check and the follower's reaction. */
const TAKEOVER_BOUND_MS = LEASE_SECONDS * 1000 + 2000;
const skip = etcdSkipReason();
let etcd: EtcdServer | undefined;
let raw: Etcd3 | undefined;
const children: ChildProcessWithoutNullStreams[] = [];

function serve(spec: string): Serve {
  const s = spawnServe(spec, 'static', { XDS_SANDBOX_LEASE_SECONDS: String(LEASE_SECONDS) });
  children.push(s.child);
  return s;
}

interface StatusEvent {
  readonly key: string;
  readonly value: string | undefined;
}

beforeAll(async () => {
  if (skip) return;
  etcd = await startEtcd();
  raw = newEtcdClient([etcd.endpoint]);
}, 20 * 60_000);
afterAll(async () => {
  for (const c of children) c.kill('SIGKILL');
  raw?.close();
  await etcd?.stop();
});

describe.skipIf(skip)(skip ? `two serves on one etcd: store (skipped: ${skip})` : 'two serves on one etcd: store', () => {
  it('both serve xDS, only the leader writes statuses, and SIGSTOP or SIGKILL of the leader moves leadership within the lease time with no status lost or flapping', async () => {
    const prefix = '/serve-leader';
    const spec = `etcd:${etcd!.endpoint}${prefix}`;
    await seedDemo(spec);
    const events: StatusEvent[] = [];
    const watcher = await raw!.watch().prefix(`${prefix}/statuses/`).startRevision('1').create();
    watcher.on('put', (kv) => events.push({ key: kv.key.toString(), value: kv.value.toString() }));
    watcher.on('delete', (kv) => events.push({ key: kv.key.toString(), value: undefined }));
    const statusOf = (name: string) => raw!.get(`${prefix}/statuses/Upstream/gloo-system/${name}`).string();

    const a = serve(spec);
    await waitUntil(() => a.port() > 0, 60_000, 'the first serve to listen');
    await waitUntil(() => events.length > 0, 60_000, 'the first serve to write statuses');
    const b = serve(spec);
    await waitUntil(() => b.port() > 0 && b.stderr().includes(`leader: pid ${a.child.pid} `), 60_000, 'the second serve to follow');
    // The port opens before the first pass: each serves the config once that pass is published.
    for (const s of [a, b]) await waitUntil(async () => (await clustersServedBy(s, 'etcd-leader-test')).some((n) => n.includes('petstore-v1')), 30_000, `pid ${s.child.pid} to serve the config`);

    // A frozen leader: the follower translates and serves a change at once, but writes its status only once it leads.
    const store = await openStore(spec);
    try {
      a.child.kill('SIGSTOP');
      const frozenAt = Date.now();
      await store.client('Upstream').write({ ...upstream('fresh-1', 'gloo-system'), spec: { static: { hosts: [{ addr: '127.0.0.1', port: 9001 }] } } });
      await waitUntil(async () => (await clustersServedBy(b, 'etcd-leader-test')).some((n) => n.includes('fresh-1')), 10_000, 'the follower to serve the new Upstream');
      if (!b.stderr().includes('leader: this instance writes statuses')) expect(await statusOf('fresh-1')).toBeNull();
      await waitUntil(() => b.stderr().includes('leader: this instance writes statuses'), TAKEOVER_BOUND_MS, 'the follower to lead');
      console.log(`serve on etcd: leadership moved ${Date.now() - frozenAt} ms after SIGSTOP of the leader (lease ${LEASE_SECONDS} s)`);
      await waitUntil(() => events.some((e) => e.key.endsWith('/Upstream/gloo-system/fresh-1')), 10_000, 'the new leader to write the status');

      // The frozen one wakes up as a follower and writes nothing; then the new leader is killed and the first leads again.
      const before = events.length;
      a.child.kill('SIGCONT');
      await waitUntil(() => a.stderr().includes(`leader: pid ${b.child.pid} `), 10_000, 'the woken serve to follow');
      expect(events.slice(before)).toEqual([]);
      // Discovery moved with leadership: started on the new leader, stopped on the one that woke as a follower.
      expect(b.stderr()).toContain('discovery: runs on this instance, the new leader');
      await waitUntil(() => a.stderr().includes('discovery: stopped; the leader of this store runs it'), 10_000, 'the woken serve to stop Discovery');
      b.child.kill('SIGKILL');
      const killedAt = Date.now();
      await waitUntil(() => a.stderr().split('leader: this instance writes statuses').length === 2, TAKEOVER_BOUND_MS, 'the first serve to lead again');
      await waitUntil(() => a.stderr().includes('discovery: runs on this instance, the new leader'), 10_000, 'the first serve to run Discovery again');
      console.log(`serve on etcd: leadership moved ${Date.now() - killedAt} ms after SIGKILL of the leader (lease ${LEASE_SECONDS} s)`);
      await store.client('Upstream').write({ ...upstream('fresh-2', 'gloo-system'), spec: { static: { hosts: [{ addr: '127.0.0.1', port: 9002 }] } } });
      await waitUntil(() => events.some((e) => e.key.endsWith('/Upstream/gloo-system/fresh-2')), 10_000, 'the leader to write the status of a later change');

      // Nothing lost: every object has a status; nothing flapped: no status went back to a value it had left.
      const objects = await raw!.getAll().prefix(`${prefix}/objects/`).keys();
      const statuses = new Set(await raw!.getAll().prefix(`${prefix}/statuses/`).keys());
      const withoutStatus = objects.filter((k) => !k.includes('/objects/Proxy/') && !statuses.has(k.replace('/objects/', '/statuses/')));
      expect(withoutStatus).toEqual([]);
      expect(events.filter((e) => e.value === undefined)).toEqual([]);
      expect(flaps(events)).toEqual([]);
    } finally {
      await store.close();
      await watcher.cancel();
    }
  }, 180_000);
});

/** Copies the demo folder's objects into a store. */
async function seedDemo(spec: string): Promise<void> {
  const from = await openStore(join(FIXTURES, 'demo'), { watch: false });
  const to = await openStore(spec);
  try {
    for (const kind of KIND_NAMES) {
      for (const obj of await from.client(kind).list(ALL_NAMESPACES)) {
        const { resourceVersion: _rv, ...metadata } = obj.metadata;
        await to.client(kind).write({ kind: obj.kind, metadata, spec: obj.spec } as Resource);
      }
    }
  } finally {
    await from.close();
    await to.close();
  }
}

/** Keys whose status returned to a value it had changed away from (A → B → A). */
function flaps(events: readonly StatusEvent[]): string[] {
  const seen = new Map<string, string[]>();
  const out: string[] = [];
  for (const e of events) {
    const values = seen.get(e.key) ?? [];
    if (values.length && values[values.length - 1] !== e.value && values.includes(e.value ?? '')) out.push(e.key);
    values.push(e.value ?? '');
    seen.set(e.key, values);
  }
  return out;
}
