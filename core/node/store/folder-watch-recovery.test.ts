// The watcher is a hint, the files are the truth: what the watcher misses (a file completed after a partial read with no
// event after it, events lost when the kernel's queue overflows, a watch error whose cause went away) is caught up.
// Timing-dependent, so each case runs several rounds.
import { spawn } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, readFileSync, symlinkSync, unlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { resourceToManifest } from '../../common/model/manifest';
import { ALL_NAMESPACES, type ResourceStore } from '../../common/store/resource-client';
import { openFolderStore } from './folder-store';
import { makeTempDir, removeTempDirs, upstream, waitUntil } from './store-test-helpers';

const CHILD = fileURLToPath(new URL('./slow-writer-child.ts', import.meta.url));
const open: ResourceStore[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});
afterAll(removeTempDirs);

function upstreamYaml(name: string, port = 8080, padding = 0): string {
  const u = upstream(name, 'default', undefined, port);
  if (padding) u.metadata.annotations = { padding: 'x'.repeat(padding) };
  return stringify(resourceToManifest(u));
}

async function served(store: ResourceStore): Promise<number> {
  return (await store.client('Upstream').list(ALL_NAMESPACES)).length;
}

async function waitUntilAsync(check: () => Promise<boolean>, ms: number, what: string): Promise<void> {
  const deadline = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

async function waitForCount(store: ResourceStore, want: number, ms: number, what: string): Promise<void> {
  let n = -1;
  const deadline = Date.now() + ms;
  while ((n = await served(store)) !== want) {
    if (Date.now() > deadline) throw new Error(`${what}: ${n} of ${want} objects served after ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** Starts the slow writer child: the first `cut` bytes of src into dest; complete() has it write the rest, keeping the time. */
function slowWrite(src: string, dest: string, cut: number): { partial: Promise<void>; complete(): Promise<void> } {
  const child = spawn(process.execPath, ['--import', 'tsx', CHILD, src, dest, String(cut)], { stdio: ['pipe', 'pipe', 'inherit'] });
  const exited = new Promise<void>((resolve, reject) => child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`writer exited ${code}`)))));
  const partial = new Promise<void>((resolve) => child.stdout.on('data', (b: Buffer) => b.toString().includes('partial') && resolve()));
  return {
    partial,
    complete: async () => {
      child.stdin.write('go\n');
      await exited;
    },
  };
}

/** The kernel's limit of queued watch events (inotify), or a common default where it cannot be read. */
function maxQueuedEvents(): number {
  try {
    return Number(readFileSync('/proc/sys/fs/inotify/max_queued_events', 'utf8').trim()) || 16384;
  } catch {
    return 16384;
  }
}

describe('folder watch recovery', () => {
  it('a multi-MB file read while partly written, then completed with no change of time a watcher would see, is read again (3 rounds)', async () => {
    const source = join(makeTempDir(), 'big.yaml');
    const count = 2000;
    const docs = Array.from({ length: count }, (_, i) => upstreamYaml(`big-${i}`, 8080, 900));
    writeFileSync(source, docs.join('---\n'));
    const half = docs.slice(0, count / 2).join('---\n').length;
    for (let round = 0; round < 3; round++) {
      const dir = makeTempDir();
      const store = await openFolderStore(dir);
      open.push(store);
      // Round 1 cuts inside a document (the partial read has a problem), the others between documents (it reads cleanly, short).
      const writer = slowWrite(source, join(dir, 'big.yaml'), round === 1 ? half + 40 : half + 1);
      // A clean partial read shows; one with a problem is held back while the file is young, so give it time to be read.
      await writer.partial;
      if (round === 1) await new Promise((r) => setTimeout(r, 700));
      else await waitUntilAsync(async () => (await served(store)) >= count / 2 - 1, 10_000, 'the partial read');
      await new Promise((r) => setTimeout(r, 100));
      await writer.complete();
      await waitForCount(store, count, 5000, `round ${round}`);
      expect(store.problems()).toEqual([]);
      await store.close();
    }
  }, 60_000);

  it('files created and changed while the kernel\'s event queue overflows are found by the rescan (3 rounds)', async () => {
    const events = maxQueuedEvents() + 2000;
    for (let round = 0; round < 3; round++) {
      const dir = makeTempDir();
      mkdirSync(join(dir, 'busy'));
      mkdirSync(join(dir, 'quiet'));
      writeFileSync(join(dir, 'busy', 'a.yaml'), upstreamYaml('a'));
      writeFileSync(join(dir, 'busy', 'b.yaml'), upstreamYaml('b'));
      writeFileSync(join(dir, 'quiet', 'c.yaml'), upstreamYaml('c'));
      const store = await openFolderStore(dir);
      open.push(store);
      // Synchronous on purpose: the event loop cannot read watch events meanwhile, so the kernel's queue overflows with
      // events of busy/, and every event of quiet/ after them is lost.
      for (let i = 0; i < events; i++) appendFileSync(join(dir, 'busy', i % 2 ? 'a.yaml' : 'b.yaml'), '#\n');
      for (let i = 0; i < 300; i++) writeFileSync(join(dir, 'quiet', `u${i}.yaml`), upstreamYaml(`late-${i}`));
      writeFileSync(join(dir, 'quiet', 'c.yaml'), upstreamYaml('c', 9999));
      await waitForCount(store, 303, 5000, `round ${round}`);
      expect((await store.client('Upstream').read('default', 'c')).spec.static?.hosts?.[0].port).toBe(9999);
      await store.close();
    }
  }, 60_000);

  it('a watch problem (a symlink loop) clears once its cause is gone (3 rounds)', async () => {
    for (let round = 0; round < 3; round++) {
      const dir = makeTempDir();
      writeFileSync(join(dir, 'ok.yaml'), upstreamYaml('ok'));
      const store = await openFolderStore(dir);
      open.push(store);
      symlinkSync('b.yaml', join(dir, 'a.yaml'));
      symlinkSync('a.yaml', join(dir, 'b.yaml'));
      await waitUntil(() => store.problems().some((p) => p.file === 'a.yaml' || p.file === 'b.yaml'), 5000, 'a problem about the loop');
      unlinkSync(join(dir, 'a.yaml'));
      unlinkSync(join(dir, 'b.yaml'));
      expect(existsSync(join(dir, 'a.yaml'))).toBe(false);
      await waitUntil(() => store.problems().length === 0, 5000, `the loop's problems to clear (left: ${JSON.stringify(store.problems())})`);
      expect(await served(store)).toBe(1);
      await store.close();
    }
  }, 60_000);
});
