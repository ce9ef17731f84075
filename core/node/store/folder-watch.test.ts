// The folder store's watch: edits, bursts, half-written files, renames, deletes, new and symlinked folders, editor saves.
import { mkdirSync, renameSync, rmSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { FileProblem } from '../../common/model/errors';
import { stringify } from 'yaml';
import { resourceToManifest } from '../../common/model/manifest';
import { ALL_NAMESPACES, type ResourceStore } from '../../common/store/resource-client';
import { openFolderStore, type FolderStoreOptions } from './folder-store';
import { ListRecorder, makeTempDir, removeTempDirs, sleep, upstream } from './store-test-helpers';

const open: ResourceStore[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});
afterAll(removeTempDirs);

/** YAML text of an upstream manifest. */
function upstreamYaml(name: string, port = 8080, namespace = 'default'): string {
  return stringify(resourceToManifest(upstream(name, namespace, undefined, port)));
}

async function watchFolder(dir: string, opts: FolderStoreOptions = {}) {
  const store = await openFolderStore(dir, opts);
  open.push(store);
  const rec = new ListRecorder<'Upstream'>();
  store.client('Upstream').watch(ALL_NAMESPACES, rec.onList);
  await rec.waitFor(() => true, 1000, 'the first list');
  const problems: (readonly FileProblem[])[] = [];
  store.watchProblems((p) => problems.push(p));
  return { store, rec, problems };
}

const portOf = (list: { spec: { static?: { hosts?: { port?: number }[] } } }[], i = 0) => list[i]?.spec.static?.hosts?.[0]?.port;

describe('folder store watch', () => {
  it('an edited file reaches watchers through the watcher, with no rescan to wait for, edit after edit', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'a.yaml'), upstreamYaml('a', 1));
    // No periodic rescan and none after activity within the test: only the watcher's events (and the one rescan at
    // the start, which can catch one edit at most) can bring the edits.
    const { rec } = await watchFolder(dir, { rescanIntervalMs: 0, rescanAfterEventsMs: 3_600_000 });
    expect(portOf(rec.last)).toBe(1);
    for (let port = 2; port <= 6; port++) {
      writeFileSync(join(dir, 'a.yaml'), upstreamYaml('a', port));
      await rec.waitFor((l) => portOf(l) === port, 10_000, `port ${port}`);
    }
    const seen = rec.lists.map((l) => portOf(l)).filter((p, i, all) => p !== all[i - 1]);
    expect(seen).toEqual([1, 2, 3, 4, 5, 6]);
  });

  it('a burst changing 500 files (a git checkout) arrives as one or a few lists that end in the right state', async () => {
    const dir = makeTempDir();
    const file = (i: number) => join(dir, 'many', `u${String(i).padStart(3, '0')}.yaml`);
    mkdirSync(join(dir, 'many'));
    for (let i = 0; i < 500; i++) writeFileSync(file(i), upstreamYaml(`u${i}`, 1000));
    const { rec } = await watchFolder(dir);
    expect(rec.last).toHaveLength(500);
    const before = rec.lists.length;
    for (let i = 0; i < 500; i++) writeFileSync(file(i), upstreamYaml(`u${i}`, 2000 + i));
    await rec.waitFor((l) => l.every((r, i) => portOf(l, i) !== 1000), 10_000, 'every file changed');
    await sleep(150);
    expect(rec.lists.length - before).toBeLessThanOrEqual(8);
    expect(rec.last.map((r) => r.spec.static?.hosts?.[0].port).sort()).toEqual(Array.from({ length: 500 }, (_, i) => 2000 + i).sort());
    for (let i = 0; i < 500; i++) rmSync(file(i));
    await rec.waitFor((l) => l.length === 0, 10_000, 'all gone');
    for (let i = 0; i < 500; i++) writeFileSync(file(i), upstreamYaml(`n${i}`));
    await rec.waitFor((l) => l.length === 500, 10_000, '500 new objects');
  }, 30_000);

  it('a half-written file is never reported as a problem and ends in the right state', async () => {
    const dir = makeTempDir();
    const { store, rec, problems } = await watchFolder(dir);
    for (const [name, existed] of [['new.yaml', false], ['existing.yaml', true]] as const) {
      const full = upstreamYaml(`${name}-half`, 8080) + '---\n' + upstreamYaml(`${name}-other`, 9090);
      const cut = full.indexOf('metadata:') + 6;
      const file = join(dir, name);
      if (existed) {
        writeFileSync(file, upstreamYaml('prev', 1));
        await rec.waitFor((l) => l.some((r) => r.metadata.name === 'prev'));
        await sleep(80);
      }
      writeFileSync(file, full.slice(0, cut));
      await sleep(10);
      writeFileSync(file, full);
      await rec.waitFor((l) => l.filter((r) => r.source?.file === name).length === 2 && !l.some((r) => r.metadata.name === 'prev'), 2000, `both objects of ${name}`);
    }
    await sleep(150);
    expect(problems.flat()).toEqual([]);
    expect(store.problems()).toEqual([]);
  });

  it('a rename moves the objects to the new file', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'old.yaml'), upstreamYaml('a'));
    const { rec } = await watchFolder(dir);
    renameSync(join(dir, 'old.yaml'), join(dir, 'new.yaml'));
    await rec.waitFor((l) => l[0]?.source?.file === 'new.yaml');
    expect(rec.last).toHaveLength(1);
  });

  it('deleting a file or a folder removes its objects', async () => {
    const dir = makeTempDir();
    mkdirSync(join(dir, 'sub/deeper'), { recursive: true });
    writeFileSync(join(dir, 'a.yaml'), upstreamYaml('a'));
    writeFileSync(join(dir, 'sub/deeper/b.yaml'), upstreamYaml('b'));
    const { rec } = await watchFolder(dir);
    expect(rec.last).toHaveLength(2);
    unlinkSync(join(dir, 'a.yaml'));
    await rec.waitFor((l) => l.length === 1 && l[0].metadata.name === 'b');
    rmSync(join(dir, 'sub'), { recursive: true });
    await rec.waitFor((l) => l.length === 0);
  });

  it('files in a new subfolder are noticed, and so is a folder moved in', async () => {
    const dir = makeTempDir();
    const outside = makeTempDir();
    const { rec } = await watchFolder(dir);
    mkdirSync(join(dir, 'team/a'), { recursive: true });
    writeFileSync(join(dir, 'team/a/u.yaml'), upstreamYaml('u'));
    await rec.waitFor((l) => l.length === 1);
    mkdirSync(join(outside, 'moved'));
    writeFileSync(join(outside, 'moved/m.yaml'), upstreamYaml('m'));
    renameSync(join(outside, 'moved'), join(dir, 'moved'));
    await rec.waitFor((l) => l.length === 2);
  });

  it('a symlinked folder is read and watched', async () => {
    const dir = makeTempDir();
    const real = makeTempDir();
    writeFileSync(join(real, 'linked.yaml'), upstreamYaml('linked', 1));
    symlinkSync(real, join(dir, 'shared'), 'dir');
    const { rec } = await watchFolder(dir);
    expect(rec.last[0]?.source?.file).toBe('shared/linked.yaml');
    writeFileSync(join(real, 'linked.yaml'), upstreamYaml('linked', 2));
    await rec.waitFor((l) => portOf(l) === 2);
    writeFileSync(join(real, 'more.yaml'), upstreamYaml('more'));
    await rec.waitFor((l) => l.length === 2);
  });

  it('a symlink back up to the folder is not followed round and round', async () => {
    const dir = makeTempDir();
    mkdirSync(join(dir, 'a'));
    writeFileSync(join(dir, 'a/u.yaml'), upstreamYaml('u'));
    symlinkSync(dir, join(dir, 'a/loop'), 'dir');
    const { store, rec } = await watchFolder(dir);
    expect(rec.last.map((r) => r.source?.file)).toEqual(['a/u.yaml']);
    expect(store.problems()).toEqual([]);
  });

  it('an editor save (swap file, backup, rename over) ends in the new content with no problem', async () => {
    const dir = makeTempDir();
    const file = join(dir, 'svc.yaml');
    writeFileSync(file, upstreamYaml('svc', 1));
    const { rec, problems } = await watchFolder(dir);
    writeFileSync(join(dir, '.svc.yaml.swp'), 'b0VIM binary swap \u0000 junk');
    writeFileSync(join(dir, '4913'), '');
    unlinkSync(join(dir, '4913'));
    renameSync(file, join(dir, 'svc.yaml~'));
    writeFileSync(file, upstreamYaml('svc', 2));
    writeFileSync(join(dir, '.#svc.yaml'), 'lock');
    await rec.waitFor((l) => portOf(l) === 2 && l.length === 1);
    await sleep(100);
    expect(rec.last.map((r) => r.source?.file)).toEqual(['svc.yaml']);
    expect(problems.flat()).toEqual([]);
  });

  it('two writes to the same file within 50 ms both arrive', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'a.yaml'), upstreamYaml('a', 1));
    const { rec } = await watchFolder(dir);
    await sleep(80);
    writeFileSync(join(dir, 'a.yaml'), upstreamYaml('a', 2));
    await sleep(15);
    writeFileSync(join(dir, 'a.yaml'), upstreamYaml('a', 3));
    await rec.waitFor((l) => portOf(l) === 3, 2000);
  });

  it('statuses another process writes to the state database reach watchers', async () => {
    const dir = makeTempDir();
    writeFileSync(join(dir, 'a.yaml'), upstreamYaml('a'));
    const { rec } = await watchFolder(dir);
    const other = await openFolderStore(dir, { watch: false });
    open.push(other);
    await other.client('Upstream').writeStatus({ namespace: 'default', name: 'a' }, { state: 'Accepted' });
    await rec.waitFor((l) => l[0]?.status?.state === 'Accepted', 3000);
  });
});
