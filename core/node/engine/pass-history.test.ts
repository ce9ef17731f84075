// The pass history is bounded in count and in bytes, in memory and in SQLite, and always keeps the newest pass.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PassDetail } from '../../common/api/contract';
import { memoryHistory, sqliteHistory, type HistoryBounds, type PassHistory } from './pass-history';

const dirs: string[] = [];
afterAll(() => dirs.forEach((d) => rmSync(d, { recursive: true, force: true })));

/** A pass whose input diff is `size` characters of text. */
function pass(id: number, size: number): PassDetail {
  return {
    id, startedAt: new Date(0).toISOString(), durationMs: 1, trigger: 'store change', inputHash: `h${id}`, objectsChanged: 1,
    counts: { accepted: 1, warning: 0, rejected: 0, errors: 0 }, published: {}, inputDiff: 'x'.repeat(size), xdsDiff: null,
  };
}

const kinds: [string, (b: HistoryBounds) => PassHistory][] = [
  ['in memory', (b) => memoryHistory(b)],
  ['in SQLite', (b) => {
    const dir = mkdtempSync(join(tmpdir(), 'xds-history-'));
    dirs.push(dir);
    return sqliteHistory(join(dir, 'history.db'), b);
  }],
];

describe.each(kinds)('a pass history %s', (_kind, open) => {
  it('drops the oldest passes once their records exceed the byte bound', () => {
    const h = open({ maxBytes: 10_000 });
    for (let id = 1; id <= 10; id++) h.add(pass(id, 3000));
    expect(h.list(100).map((p) => p.id)).toEqual([10, 9, 8]);
    expect(h.get(7)).toBeUndefined();
    expect((h.get(10)?.inputDiff as string).length).toBe(3000);
    h.close();
  });

  it('keeps the newest pass even when it alone exceeds the bound, until a newer one comes', () => {
    const h = open({ maxBytes: 10_000 });
    h.add(pass(1, 100));
    h.add(pass(2, 50_000));
    expect(h.list(100).map((p) => p.id)).toEqual([2]);
    h.add(pass(3, 100));
    expect(h.list(100).map((p) => p.id)).toEqual([3]);
    h.add(pass(4, 100));
    expect(h.list(100).map((p) => p.id)).toEqual([4, 3]);
    expect(h.lastId()).toBe(4);
    h.close();
  });

  it('still keeps at most the count limit of small passes', () => {
    const h = open({ limit: 3 });
    for (let id = 1; id <= 6; id++) h.add(pass(id, 10));
    expect(h.list(100).map((p) => p.id)).toEqual([6, 5, 4]);
    h.close();
  });
});
