// Leader election: the etcd lease against a real etcd, the lock file in a real folder, and the choice by store scheme.
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { etcdSkipReason, startEtcd, type EtcdServer } from '../testing/etcd-server';
import { newEtcdClient } from '../store/etcd-client';
import { makeTempDir, removeTempDirs, sleep, waitUntil } from '../store/store-test-helpers';
import { EtcdLeaseElector } from './etcd-lease';
import type { LeaderElector } from './leader-elector';
import { newLeaderElector } from './leader-election';
import { neverTwoLeaders } from './leader-test-support';
import { LockElector, SoloElector } from './lock-elector';

const CHILD = fileURLToPath(new URL('./elector-child.ts', import.meta.url));
const skip = etcdSkipReason();
let etcd: EtcdServer | undefined;
const started: LeaderElector[] = [];

beforeAll(async () => {
  if (!skip) etcd = await startEtcd();
}, 20 * 60_000);
afterAll(async () => {
  await etcd?.stop();
  removeTempDirs();
});
afterEach(async () => {
  for (const e of started.splice(0)) await e.stop();
});

async function start<E extends LeaderElector>(e: E): Promise<E> {
  started.push(e);
  await e.start();
  return e;
}

describe.skipIf(skip)(skip ? `etcd lease election (skipped: ${skip})` : 'etcd lease election', () => {
  let round = 0;
  const elector = (prefix: string) => new EtcdLeaseElector(newEtcdClient([etcd!.endpoint]), prefix, { leaseSeconds: 3, closeClient: true });

  it('of three instances exactly one leads and all name the same leader; when it resigns the next leads', async () => {
    const prefix = `/election-test-${++round}/`;
    const es = [await start(elector(prefix)), await start(elector(prefix)), await start(elector(prefix))];
    await waitUntil(() => es.every((e) => e.leader()?.id === es[0].identity.id), 3000, 'everyone to name the first as leader');
    expect(es.map((e) => e.isLeader())).toEqual([true, false, false]);
    const changes: boolean[] = [];
    es[1].onChange((s) => changes.push(s.isLeader));
    await es[0].stop();
    await waitUntil(() => es[1].isLeader() && es[2].leader()?.id === es[1].identity.id, 3000, 'the second to lead');
    expect(changes).toEqual([true]);
  });

  it('a leader killed with SIGKILL is replaced within the lease time, and two never lead at once', async () => {
    for (let r = 0; r < 2; r++) {
      const prefix = `/election-test-${++round}/`;
      const child = spawn(process.execPath, ['--import', 'tsx', CHILD, etcd!.endpoint, prefix, '3'], { stdio: ['ignore', 'pipe', 'inherit'] });
      let out = '';
      child.stdout.on('data', (d: Buffer) => (out += d.toString()));
      await waitUntil(() => out.includes('leading'), 15_000, 'the child to lead');
      const next = await start(elector(prefix));
      expect(next.isLeader()).toBe(false);
      expect(next.leader()?.pid).toBe(child.pid);
      child.kill('SIGKILL');
      const t0 = Date.now();
      await waitUntil(() => next.isLeader(), 3000, 'the follower to lead within the lease time');
      console.log(`etcd lease election: leadership moved ${Date.now() - t0} ms after SIGKILL of the leader (lease 3 s)`);
      expect(next.leader()?.id).toBe(next.identity.id);
    }
  }, 60_000);

  it('a leader that cannot reach etcd steps down before its lease runs out, and one leads again once etcd is back', async () => {
    const prefix = `/election-test-${++round}/`;
    const es = [await start(elector(prefix)), await start(elector(prefix))];
    await waitUntil(() => es[0].isLeader(), 3000, 'the first to lead');
    await etcd!.pause();
    const steppedDownMs = await neverTwoLeaders(es, () => !es[0].isLeader(), 3000);
    console.log(`etcd lease election: the leader stepped down ${steppedDownMs} ms after etcd stopped (lease 3 s)`);
    await etcd!.restart();
    await neverTwoLeaders(es, () => es.some((e) => e.isLeader()), 15_000);
  }, 30_000);
});

describe('lock file election', () => {
  it('of two instances on one folder one leads; when it stops the other leads within a poll', async () => {
    const dir = makeTempDir();
    const a = await start(new LockElector(dir, { pollMs: 100 }));
    const b = await start(new LockElector(dir, { pollMs: 100 }));
    expect([a.isLeader(), b.isLeader()]).toEqual([true, false]);
    expect(b.leader()).toMatchObject({ pid: process.pid });
    await a.stop();
    await waitUntil(() => b.isLeader(), 1000, 'the second to lead');
  });

  it('a lock left by a process that is gone is taken over at once, with a notice', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'lock'), JSON.stringify({ pid: 2 ** 22 + 7, hostname: (await import('node:os')).hostname(), since: 'then', dir }) + '\n');
    const e = await start(new LockElector(dir, { pollMs: 100 }));
    expect(e.isLeader()).toBe(true);
    expect(e.takenOver).toMatchObject({ why: 'gone', holder: { pid: 2 ** 22 + 7 } });
  });
});

describe('the elector of a store', () => {
  it('is chosen by scheme: a lock for folders and SQLite, an etcd lease for etcd:, none for memory:', async () => {
    const dir = makeTempDir();
    expect(await newLeaderElector(dir)).toBeInstanceOf(LockElector);
    expect(await newLeaderElector(`sqlite:${join(dir, 'x.db')}`)).toBeInstanceOf(LockElector);
    expect(await newLeaderElector('memory:')).toBeInstanceOf(SoloElector);
    const e = await newLeaderElector('etcd:http://127.0.0.1:2379/x');
    expect(e).toBeInstanceOf(EtcdLeaseElector);
    void e.stop();
  });
});
