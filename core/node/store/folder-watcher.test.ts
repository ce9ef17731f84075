// When FolderWatcher hands changes over: at once after a quiet spell, coalesced within the quiet window, at once again
// after a half-written read. Timers are faked (real files, real fs.watch), so the quiet window never ends on its own.
import { utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { stringify } from 'yaml';
import { resourceToManifest } from '../../common/model/manifest';
import { ALL_NAMESPACES } from '../../common/store/resource-client';
import { openFolderStore, type FolderStore } from './folder-store';
import { FolderWatcher, type WatchBatch } from './folder-watcher';
import { ListRecorder, makeTempDir, removeTempDirs, upstream } from './store-test-helpers';

/** Real timers, taken before any test fakes them. */
const realSetTimeout = globalThis.setTimeout;
const realSleep = (ms: number) => new Promise((r) => realSetTimeout(r, ms));

async function realWaitUntil(check: () => boolean, what: string, timeoutMs = 10_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await realSleep(5);
  }
}

const upstreamYaml = (port: number) => stringify(resourceToManifest(upstream('a', 'default', undefined, port)));
const portOf = (list: { spec: { static?: { hosts?: { port?: number }[] } } }[]) => list[0]?.spec.static?.hosts?.[0]?.port;
/** A quiet window that never ends while timers are faked. */
const LONG = { quietMs: 60_000, maxWaitMs: 120_000 };

const closers: (() => Promise<void>)[] = [];
afterEach(async () => {
  vi.useRealTimers();
  for (const close of closers.splice(0)) await close();
  removeTempDirs();
});

describe('folder watcher timing', () => {
  it('the first change after a quiet spell is handed over at once; changes within the quiet window wait for it to end', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'a.yaml'), upstreamYaml(1));
    const batches: WatchBatch[] = [];
    const watcher = new FolderWatcher(dir, LONG, (b) => batches.push(b), (err) => { throw err; });
    closers.push(() => watcher.close());
    await watcher.start();
    vi.useFakeTimers({ toFake: ['setTimeout', 'clearTimeout'] });

    writeFileSync(join(dir, 'a.yaml'), upstreamYaml(2));
    await realWaitUntil(() => batches.length === 1, 'the first batch, handed over at once');
    expect([...batches[0].files]).toEqual(['a.yaml']);

    writeFileSync(join(dir, 'a.yaml'), upstreamYaml(3));
    await realSleep(200);
    expect(batches).toHaveLength(1);
    vi.advanceTimersByTime(LONG.quietMs);
    expect(batches).toHaveLength(2);

    watcher.flushNextAtOnce();
    writeFileSync(join(dir, 'a.yaml'), upstreamYaml(4));
    await realWaitUntil(() => batches.length === 3, 'the batch after flushNextAtOnce, handed over at once');
  });

  it('a file read half-written is held back, and the rest of its write is read at once, within the quiet window', async () => {
    const dir = makeTempDir();
    const file = join(dir, 'a.yaml');
    writeFileSync(file, upstreamYaml(1));
    const hourAgo = new Date(Date.now() - 3_600_000);
    utimesSync(file, hourAgo, hourAgo); // settled: no look again after opening
    // Real timers: a quiet window and a settle time longer than the test, no rescan while it runs.
    const store: FolderStore = await openFolderStore(dir, { ...LONG, settleMs: 30_000, rescanIntervalMs: 600_000, rescanAfterEventsMs: 600_000 });
    closers.push(() => store.close());
    const rec = new ListRecorder<'Upstream'>();
    store.client('Upstream').watch(ALL_NAMESPACES, rec.onList);
    await realWaitUntil(() => portOf(rec.last ?? []) === 1, 'the first list');
    const problems: unknown[] = [];
    store.watchProblems((p) => problems.push(...p));

    const full = upstreamYaml(2);
    writeFileSync(file, full.slice(0, full.indexOf('metadata:') + 6));
    await realSleep(300);
    expect(portOf(rec.last)).toBe(1);
    expect(store.problems()).toEqual([]);

    writeFileSync(file, full);
    await realWaitUntil(() => portOf(rec.last) === 2, 'the whole file, read without the quiet window ending');
    expect(problems).toEqual([]);
  });
});
