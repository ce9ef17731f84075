// Writers of one folder at the same time: `apply` processes, UI saves through a watching store (as serve makes them),
// and an editor rewriting files in place, all on shared files. Invariant: every acknowledged write is present at the
// end, and every write refused with a conflict is absent; what serve serves then equals a one-shot read.
import { execFile } from 'node:child_process';
import { closeSync, ftruncateSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { parseAllDocuments } from 'yaml';
import { ConflictError } from '../../common/model/errors';
import type { Resource } from '../../common/model/resource';
import { ALL_NAMESPACES, type ResourceStore } from '../../common/store/resource-client';
import { withFileLock } from './file-lock';
import { openFolderStore } from './folder-store';
import { ListRecorder, makeTempDir, manifests, removeTempDirs, sleep, upstream } from './store-test-helpers';

const BIN = fileURLToPath(new URL('../../../bin/xds-sandbox.js', import.meta.url));
const open: ResourceStore[] = [];
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});
afterAll(removeTempDirs);

function labelled(name: string, labels: Record<string, string>, port = 8080): Resource<'Upstream'> {
  return upstream(name, 'default', labels, port);
}

/** Runs `xds-sandbox apply -f FILE --store DIR` as its own process. */
function apply(dir: string, file: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [BIN, 'apply', '-f', file, '--store', dir], { timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

async function oneShot(dir: string): Promise<Resource<'Upstream'>[]> {
  const store = await openFolderStore(dir, { watch: false });
  try {
    return await store.client('Upstream').list(ALL_NAMESPACES);
  } finally {
    await store.close();
  }
}

/**
 * An editor's save of a file, taking the file's lock: the whole text rewritten in place (same inode), in two chunks
 * with a pause between them, so a watcher can read it half-written.
 */
async function editorSave(file: string, edit: (text: string) => string): Promise<void> {
  await withFileLock(file, async () => {
    const next = Buffer.from(edit(readFileSync(file, 'utf8')));
    const fd = openSync(file, 'r+');
    try {
      ftruncateSync(fd, 0);
      writeSync(fd, next, 0, next.length >> 1, 0);
      await sleep(3);
      writeSync(fd, next, next.length >> 1, next.length - (next.length >> 1), next.length >> 1);
    } finally {
      closeSync(fd);
    }
  });
}

/** The text with a label set on the object of that name, edited as YAML (other documents keep their content). */
function withLabel(text: string, name: string, key: string): string {
  const docs = parseAllDocuments(text);
  const doc = docs.find((d) => d.getIn(['metadata', 'name']) === name);
  if (!doc) throw new Error(`no ${name} in the file`);
  doc.setIn(['metadata', 'labels', key], '1');
  return docs.map(String).join('');
}

describe('concurrent writers of a folder', () => {
  it('two apply processes updating different objects of one file both succeed, every update kept (2 rounds)', async () => {
    const dir = makeTempDir();
    const names = Array.from({ length: 16 }, (_, i) => `u${i}`);
    writeFileSync(join(dir, 'shared.yaml'), manifests(names.map((n) => labelled(n, { round: '0' }))));
    for (let round = 1; round <= 2; round++) {
      const files = [0, 1].map((w) => {
        const file = join(makeTempDir(), `apply-${w}.yaml`);
        writeFileSync(file, manifests(names.filter((_, i) => i % 2 === w).map((n) => labelled(n, { round: String(round) }))));
        return file;
      });
      const results = await Promise.all(files.map((f) => apply(dir, f)));
      for (const r of results) {
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
        expect(r.stdout.match(/configured/g)).toHaveLength(names.length / 2);
      }
      const rounds = (await oneShot(dir)).map((u) => `${u.metadata.name}:${u.metadata.labels?.round}`).sort();
      expect(rounds).toEqual(names.map((n) => `${n}:${round}`).sort());
    }
  }, 60_000);

  it('apply processes, UI saves and editor saves on shared files: every acknowledged write is kept, every refused one absent', async () => {
    const dir = makeTempDir();
    const FILES = 3;
    const shared = (k: number) => `shared-${k}`;
    for (let k = 0; k < FILES; k++) {
      const objects = [labelled(shared(k), {}), labelled(`ed-${k}`, {}), ...[0, 1].map((w) => labelled(`app${w}-${k}`, { round: '0' }))];
      writeFileSync(join(dir, `f${k}.yaml`), manifests(objects));
    }
    const serve = await openFolderStore(dir);
    open.push(serve);
    const client = serve.client('Upstream');
    const served = new ListRecorder<'Upstream'>();
    client.watch(ALL_NAMESPACES, served.onList);
    const acked = new Map<string, Set<string>>();
    const refused = new Map<string, Set<string>>();
    const note = (m: Map<string, Set<string>>, name: string, key: string) => (m.get(name) ?? m.set(name, new Set()).get(name)!).add(key);
    let stop = false;

    // UI saves: read an object, add a label, save with the resourceVersion read (a conflict is a refusal, never a loss).
    const uiWriter = async (w: number) => {
      for (let n = 0; !stop; n++) {
        const name = shared(n % FILES);
        const key = `ui${w}-${n}`;
        const current = await client.read('default', name);
        await sleep(Math.random() * 5);
        try {
          await client.write({ ...current, metadata: { ...current.metadata, labels: { ...current.metadata.labels, [key]: '1' } } }, { overwrite: true });
          note(acked, name, key);
        } catch (err) {
          if (!(err instanceof ConflictError)) throw err;
          note(refused, name, key);
        }
      }
    };
    // An editor: adds a label to its own object or to a shared one, rewriting the whole file in place.
    const editor = async () => {
      for (let n = 0; !stop; n++) {
        const k = n % FILES;
        const name = n % 2 ? shared(k) : `ed-${k}`;
        await editorSave(join(dir, `f${k}.yaml`), (text) => withLabel(text, name, `ed-${n}`));
        note(acked, name, `ed-${n}`);
        await sleep(10 + Math.random() * 20);
      }
    };
    // apply processes: each replaces its own objects (one in every shared file) with the round's label, twice.
    const applier = async (w: number) => {
      for (let round = 1; round <= 2; round++) {
        const file = join(makeTempDir(), `apply-${w}.yaml`);
        writeFileSync(file, manifests(Array.from({ length: FILES }, (_, k) => labelled(`app${w}-${k}`, { round: String(round) }))));
        const r = await apply(dir, file);
        expect(r.stderr).toBe('');
        expect(r.code).toBe(0);
      }
    };
    const others = Promise.all([uiWriter(0), uiWriter(1), editor()]);
    others.catch(() => (stop = true));
    try {
      await Promise.all([applier(0), applier(1)]);
    } finally {
      stop = true;
    }
    await others;

    const final = new Map((await oneShot(dir)).map((u) => [u.metadata.name, u]));
    for (const [name, keys] of acked) for (const key of keys) expect(final.get(name)?.metadata.labels, `${name} keeps ${key}`).toHaveProperty(key);
    for (const [name, keys] of refused) for (const key of keys) expect(final.get(name)?.metadata.labels ?? {}, `${name} lacks ${key}`).not.toHaveProperty(key);
    for (let k = 0; k < FILES; k++) for (const w of [0, 1]) expect(final.get(`app${w}-${k}`)?.metadata.labels?.round).toBe('2');
    expect([...acked.values()].reduce((n, s) => n + s.size, 0)).toBeGreaterThan(20);
    const versions = (list: Resource[]) => list.map((u) => `${u.metadata.name}@${u.metadata.resourceVersion}`).sort().join(' ');
    const expected = versions([...final.values()]);
    await served.waitFor((list) => versions(list) === expected, 5000, 'serve to show what a one-shot read shows');
  }, 90_000);
});
