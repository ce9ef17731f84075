import { describe, expect, it } from 'vitest';
import { buildXdsSnapshot } from '../../common/xds/snapshot-builder';
import type { XdsSnapshot } from '../../common/xds/xds-snapshot';
import { SnapshotCache, SnapshotRejectedError } from './snapshot-cache';
import { PROXY, httpListener, input, proxyInput, proxySnapshot } from './test-support/fixtures';

function watch(cache: SnapshotCache, key: string): (XdsSnapshot | undefined)[] {
  const seen: (XdsSnapshot | undefined)[] = [];
  cache.subscribe(key, (_k, s) => seen.push(s));
  return seen;
}

describe('SnapshotCache', () => {
  it('a published snapshot is returned by getSnapshot and its key listed', () => {
    const cache = new SnapshotCache();
    const snap = proxySnapshot();
    cache.setSnapshot(PROXY, snap);
    expect(cache.getSnapshot(PROXY)).toBe(snap);
    expect(cache.keys()).toEqual([PROXY]);
  });

  it('an inconsistent snapshot is refused with its problems and the previous one stays', () => {
    const cache = new SnapshotCache();
    const good = proxySnapshot();
    cache.setSnapshot(PROXY, good);
    const broken = proxyInput();
    broken.listener = input({ listener: [httpListener('l', 8080, 'missing-routes')] }).listener;
    const attempt = () => cache.setSnapshot(PROXY, buildXdsSnapshot(PROXY, broken));
    expect(attempt).toThrow(SnapshotRejectedError);
    expect(attempt).toThrow(/missing-routes/);
    expect(cache.getSnapshot(PROXY)).toBe(good);
  });

  it('a snapshot with a resource that does not encode is refused', () => {
    const cache = new SnapshotCache();
    const bad = buildXdsSnapshot(PROXY, { cluster: [{ name: 'a', json: { name: 'a', lbPolicy: 'NO_SUCH_POLICY' } }] });
    expect(() => cache.setSnapshot(PROXY, bad)).toThrow(/cluster a:/);
  });

  it('a resource whose JSON carries another name than its key is refused', () => {
    const cache = new SnapshotCache();
    const bad = buildXdsSnapshot(PROXY, { cluster: [{ name: 'a', json: { name: 'b' } }] });
    expect(() => cache.setSnapshot(PROXY, bad)).toThrow(/cluster a carries the name b/);
  });

  it('watchers hear about new versions of their own proxy only', () => {
    const cache = new SnapshotCache();
    const mine = watch(cache, PROXY);
    const other = watch(cache, 'ns~other');
    const snap = proxySnapshot();
    cache.setSnapshot(PROXY, snap);
    expect(mine).toEqual([snap]);
    expect(other).toEqual([]);
  });

  it('publishing the same version again notifies no one', () => {
    const cache = new SnapshotCache();
    const seen = watch(cache, PROXY);
    cache.setSnapshot(PROXY, proxySnapshot());
    cache.setSnapshot(PROXY, proxySnapshot());
    expect(seen).toHaveLength(1);
  });

  it('an unsubscribed watcher hears nothing more', () => {
    const cache = new SnapshotCache();
    const seen: unknown[] = [];
    const stop = cache.subscribe(PROXY, (_k, s) => seen.push(s));
    stop();
    cache.setSnapshot(PROXY, proxySnapshot());
    expect(seen).toEqual([]);
  });

  it('clearing a snapshot tells watchers it is gone', () => {
    const cache = new SnapshotCache();
    cache.setSnapshot(PROXY, proxySnapshot());
    const seen = watch(cache, PROXY);
    cache.clearSnapshot(PROXY);
    expect(seen).toEqual([undefined]);
    expect(cache.getSnapshot(PROXY)).toBeUndefined();
  });

  it('the publication time of each type version is remembered, and refreshed when a version comes back', () => {
    let now = 10;
    const cache = new SnapshotCache({ now: () => now });
    const first = proxySnapshot();
    cache.setSnapshot(PROXY, first);
    now = 20;
    const second = proxySnapshot({ ports: { a: 1 } });
    cache.setSnapshot(PROXY, second);
    expect(cache.publishedAt(PROXY, 'cluster', first.resources.cluster.version)).toBe(10);
    expect(cache.publishedAt(PROXY, 'cluster', second.resources.cluster.version)).toBe(20);
    expect(cache.publishedAt(PROXY, 'listener', second.resources.listener.version)).toBe(10);
    now = 30;
    cache.setSnapshot(PROXY, first);
    expect(cache.publishedAt(PROXY, 'cluster', first.resources.cluster.version)).toBe(30);
  });

  it('every resource of a published snapshot is already encoded', () => {
    const cache = new SnapshotCache();
    cache.setSnapshot(PROXY, proxySnapshot({ withTls: true }));
    const encoded = cache.encoder.stats().encoded;
    expect(encoded).toBe(3 + 3 + 2 + 2 + 1);
  });

  it('keeps the encodings of what is published, and drops older versions beyond its stale bound', () => {
    for (const staleEncodingBytes of [0, 1 << 20]) {
      const cache = new SnapshotCache({ staleEncodingBytes });
      for (const tls of [true, false, true, false]) cache.setSnapshot(PROXY, proxySnapshot({ withTls: tls }));
      const live = cache.getSnapshot(PROXY)!;
      const liveCount = Object.values(live.resources).reduce((n, set) => n + set.items.size, 0);
      const { cached, encoded } = cache.encoder.stats();
      if (staleEncodingBytes === 0) expect(cached).toBe(liveCount);
      else expect(cached).toBeGreaterThan(liveCount);
      cache.setSnapshot(PROXY, proxySnapshot({ withTls: false }));
      expect(cache.encoder.stats().encoded).toBe(encoded); // what is published is never encoded again
    }
  });
});
