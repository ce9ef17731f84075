// A create by a store whose index lacks an object because the file holding it was being written when the store read it
// (a one-shot store, as `apply` opens, ends its settle rounds while an editor keeps saving): the create must find the
// object in that file, not add a second copy of it in a new file.
import { readdirSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { AlreadyExistsError } from '../../common/model/errors';
import { ALL_NAMESPACES, type ResourceStore } from '../../common/store/resource-client';
import { withFileLock } from './file-lock';
import { openFolderStore, type FolderStoreOptions } from './folder-store';
import { makeTempDir, manifests, removeTempDirs, sleep, upstream } from './store-test-helpers';

const open: ResourceStore[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});
afterAll(removeTempDirs);

const whole = manifests([upstream('first'), upstream('second')]);

/** Opens a one-shot store while `writing` keeps rewriting f.yaml; f.yaml holds the whole text once the store is open. */
async function openWhileWriting(dir: string, writing: string, opts: FolderStoreOptions): Promise<ResourceStore> {
  const file = join(dir, 'f.yaml');
  writeFileSync(file, writing);
  let opened = false;
  const editor = (async () => {
    while (!opened) {
      writeFileSync(file, writing);
      await sleep(5);
    }
  })();
  const store = await openFolderStore(dir, { watch: false, ...opts }).finally(() => (opened = true));
  open.push(store);
  await editor;
  writeFileSync(file, whole); // the rest of the save, after the store's last read
  return store;
}

async function oneShotNames(dir: string): Promise<string[]> {
  const store = await openFolderStore(dir, { watch: false });
  try {
    const list = await store.client('Upstream').list(ALL_NAMESPACES);
    return list.map((u) => `${u.metadata.name}:${u.source?.file}:${JSON.stringify(u.metadata.labels ?? {})}`).sort();
  } finally {
    await store.close();
  }
}

describe('creating an object a file being written holds', () => {
  it('an overwriting create updates the object in the file that was still being written when the store read it (3 rounds)', async () => {
    for (let round = 0; round < 3; round++) {
      const dir = makeTempDir();
      // The first document only: it parses, but the file was modified within settleMs of every read.
      const store = await openWhileWriting(dir, manifests([upstream('first')]), { settleMs: 200 });
      const client = store.client('Upstream');
      expect((await client.list(ALL_NAMESPACES)).map((u) => u.metadata.name)).toEqual(['first']);
      await client.write(upstream('second', 'default', { round: String(round) }), { overwrite: true });
      expect(readdirSync(dir).filter((f) => !f.startsWith('.'))).toEqual(['f.yaml']);
      expect(await oneShotNames(dir)).toEqual(['first:f.yaml:{}', `second:f.yaml:{"round":"${round}"}`]);
    }
  }, 30_000);

  it('a file read while a writer holds its lock and pauses mid-save, past settleMs, is read again before a create (3 rounds)', async () => {
    for (let round = 0; round < 3; round++) {
      const dir = makeTempDir();
      const file = join(dir, 'f.yaml');
      writeFileSync(file, whole);
      let release = () => {};
      const released = new Promise<void>((r) => (release = r));
      let locked = () => {};
      const held = new Promise<void>((r) => (locked = r));
      // A writer that takes the lock, truncates the file and stalls: the empty file looks old and settled.
      const writer = withFileLock(file, async () => {
        writeFileSync(file, '');
        const past = new Date(Date.now() - 5000);
        utimesSync(file, past, past);
        locked();
        await released;
        writeFileSync(file, whole);
      });
      await held;
      const store = await openFolderStore(dir, { watch: false, settleMs: 20 });
      open.push(store);
      const client = store.client('Upstream');
      expect(await client.list(ALL_NAMESPACES)).toEqual([]);
      release();
      await writer;
      await client.write(upstream('second', 'default', { round: String(round) }), { overwrite: true });
      expect(readdirSync(dir).filter((f) => !f.startsWith('.'))).toEqual(['f.yaml']);
      expect(await oneShotNames(dir)).toEqual(['first:f.yaml:{}', `second:f.yaml:{"round":"${round}"}`]);
    }
  });

  it('a create without overwrite of an object a file read half-written holds is refused with AlreadyExists', async () => {
    const dir = makeTempDir();
    // Cut inside the second document: the file has a problem and no good read to keep objects from.
    const half = whole.slice(0, whole.indexOf('kind', whole.indexOf('---')) + 2);
    const store = await openWhileWriting(dir, half, {});
    const client = store.client('Upstream');
    expect(store.problems().length).toBeGreaterThan(0);
    await expect(client.write(upstream('second', 'default', { x: '1' }))).rejects.toBeInstanceOf(AlreadyExistsError);
    expect(readdirSync(dir).filter((f) => !f.startsWith('.'))).toEqual(['f.yaml']);
    expect(await oneShotNames(dir)).toEqual(['first:f.yaml:{}', 'second:f.yaml:{}']);
  });
});
