// Two `serve` processes on one kube: store, against a real kube-apiserver: both serve xDS, exactly one (the leader, by
// a Kubernetes Lease) writes statuses; a killed leader (SIGKILL) is replaced within the lease time, and no status is
// lost or flaps.
import type { ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { stableStringify } from '../../common/model/hash';
import { ALL_NAMESPACES } from '../../common/store/resource-client';
import { KubeHttp } from '../store/kube-http';
import { collectionPath, STATUS_KEY, type KubeObject } from '../store/kube-objects';
import { kubeSkip, useKubeCluster } from '../store/kube-test-cluster';
import { openStore } from '../store/open-store';
import { applySync, planSync } from '../store/store-sync';
import { FIXTURES, upstream, waitUntil } from '../store/store-test-helpers';
import { clustersServedBy, spawnServe, type Serve } from './serve-test-support';

const LEASE_SECONDS = 3;
/** Lease time, plus one retry period and the follower's reaction. */
const TAKEOVER_BOUND_MS = LEASE_SECONDS * 1000 + 3000;
const cluster = useKubeCluster();
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
});

function serve(): Serve {
  const s = spawnServe('kube:', 'off', { KUBECONFIG: cluster.get().kubeconfig, XDS_SANDBOX_LEASE_SECONDS: String(LEASE_SECONDS) });
  children.push(s.child);
  return s;
}

/** Every change of the sandbox's status of an Upstream, in the order the cluster made them. */
async function recordStatuses(http: KubeHttp, signal: AbortSignal): Promise<{ key: string; value: string }[]> {
  const events: { key: string; value: string }[] = [];
  const last = new Map<string, string>();
  void http.watch<KubeObject>(`${collectionPath('Upstream')}?watch=1&resourceVersion=0`, (e) => {
    if (e.type !== 'ADDED' && e.type !== 'MODIFIED') return;
    const key = `${e.object.metadata.namespace}/${e.object.metadata.name}`;
    const value = stableStringify(e.object.status?.statuses?.[STATUS_KEY] ?? null);
    if (last.get(key) === value) return;
    last.set(key, value);
    events.push({ key, value });
  }, signal);
  return events;
}

describe.skipIf(kubeSkip)(kubeSkip ? `two serves on one kube: store (skipped: ${kubeSkip})` : 'two serves on one kube: store', () => {
  it('both serve xDS, only the leader writes statuses, and SIGKILL of the leader moves leadership within the lease time with no status lost or flapping', async () => {
    process.env.KUBECONFIG = cluster.get().kubeconfig;
    const demo = await openStore(join(FIXTURES, 'demo'), { watch: false });
    const store = await openStore('kube:');
    const http = await KubeHttp.connect({ kubeconfig: cluster.get().kubeconfig });
    const stop = new AbortController();
    try {
      await applySync(store, await planSync(demo, store));
      const events = await recordStatuses(http, stop.signal);
      const statusOf = async (name: string) => (await store.client('Upstream').read('gloo-system', name)).status;

      const a = serve();
      await waitUntil(() => a.port() > 0, 60_000, 'the first serve to listen');
      await waitUntil(() => events.some((e) => e.value !== 'null'), 60_000, 'the first serve to write statuses');
      const b = serve();
      await waitUntil(() => b.port() > 0 && b.stderr().includes(`leader: pid ${a.child.pid} `), 60_000, 'the second serve to follow');
      // The port opens before the first pass: each serves the config once that pass is published.
      for (const s of [a, b]) await waitUntil(async () => (await clustersServedBy(s, 'kube-leader-test')).some((n) => n.includes('petstore-v1')), 30_000, `pid ${s.child.pid} to serve the config`);

      // A follower serves a change at once but leaves its status to the leader.
      await store.client('Upstream').write({ ...upstream('fresh-1', 'gloo-system'), spec: { static: { hosts: [{ addr: '127.0.0.1', port: 9001 }] } } });
      await waitUntil(() => events.some((e) => e.key === 'gloo-system/fresh-1' && e.value !== 'null'), 10_000, 'the leader to write the status');
      await waitUntil(async () => (await clustersServedBy(b, 'kube-leader-test')).some((n) => n.includes('fresh-1')), 10_000, 'the follower to serve the new Upstream');
      expect(b.stderr()).not.toContain('leader: this instance writes statuses');

      // The leader is killed: the follower leads within the lease time and writes the status of a later change.
      a.child.kill('SIGKILL');
      const killedAt = Date.now();
      await waitUntil(() => b.stderr().includes('leader: this instance writes statuses'), TAKEOVER_BOUND_MS, 'the follower to lead');
      console.log(`serve on kube: leadership moved ${Date.now() - killedAt} ms after SIGKILL of the leader (lease ${LEASE_SECONDS} s)`);
      await store.client('Upstream').write({ ...upstream('fresh-2', 'gloo-system'), spec: { static: { hosts: [{ addr: '127.0.0.1', port: 9002 }] } } });
      await waitUntil(() => events.some((e) => e.key === 'gloo-system/fresh-2' && e.value !== 'null'), 10_000, 'the new leader to write the status of a later change');
      expect((await statusOf('fresh-2'))?.state).toBe('Accepted');

      // Nothing lost: every Upstream has a status; nothing flapped: no status went back to a value it had left.
      const withoutStatus = (await store.client('Upstream').list(ALL_NAMESPACES)).filter((u) => !u.status).map((u) => u.metadata.name);
      expect(withoutStatus).toEqual([]);
      expect(flaps(events)).toEqual([]);
    } finally {
      stop.abort();
      http.close();
      await store.close();
      await demo.close();
    }
  }, 240_000);
});

/** Keys whose status returned to a value it had changed away from (A → B → A). */
function flaps(events: readonly { key: string; value: string }[]): string[] {
  const seen = new Map<string, string[]>();
  const out: string[] = [];
  for (const e of events) {
    const values = seen.get(e.key) ?? [];
    if (values.length && values.includes(e.value)) out.push(e.key);
    seen.set(e.key, [...values, e.value]);
  }
  return out;
}
