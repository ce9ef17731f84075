// Random sequences of file operations on a watched folder (create, rewrite, partial write, rename, delete, symlink,
// a symlink's target rewritten outside the folder). Invariant: once the operations stop, within a few seconds what the
// watching store serves (as serve does) equals what a one-shot read of the folder (as `check` does) reads.
import { mkdirSync, renameSync, rmSync, symlinkSync, writeFileSync, openSync, writeSync, closeSync, existsSync, lstatSync } from 'node:fs';
import { dirname, join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import { stringify } from 'yaml';
import { resourceToManifest } from '../../common/model/manifest';
import { ALL_NAMESPACES, type ResourceStore } from '../../common/store/resource-client';
import { openFolderStore } from './folder-store';
import { makeTempDir, removeTempDirs, sleep, upstream } from './store-test-helpers';

afterAll(removeTempDirs);

const FILES = ['a.yaml', 'b.yaml', 'sub/c.yaml', 'sub/d.yml', 'deep/x/e.yaml'];
const TARGETS = ['t0.yaml', 't1.yaml'];
const CONVERGE_MS = 5000;

interface Obj {
  readonly name: string;
  readonly port: number;
}

type Op =
  | { readonly op: 'write'; readonly file: number; readonly objects: Obj[] }
  | { readonly op: 'partial'; readonly file: number; readonly objects: Obj[]; readonly cut: number; readonly pauseMs: number }
  | { readonly op: 'rename'; readonly from: number; readonly to: number }
  | { readonly op: 'delete'; readonly file: number }
  | { readonly op: 'symlink'; readonly file: number; readonly target: number }
  | { readonly op: 'retarget'; readonly target: number; readonly objects: Obj[] }
  | { readonly op: 'pause'; readonly ms: number };

const objectArb = fc.record({ name: fc.constantFrom('u0', 'u1', 'u2', 'u3', 'u4'), port: fc.integer({ min: 1, max: 4 }) });
const objectsArb = fc.array(objectArb, { maxLength: 3 });
const fileArb = fc.integer({ min: 0, max: FILES.length - 1 });
const targetArb = fc.integer({ min: 0, max: TARGETS.length - 1 });
const opArb: fc.Arbitrary<Op> = fc.oneof(
  fc.record({ op: fc.constant('write' as const), file: fileArb, objects: objectsArb }),
  fc.record({ op: fc.constant('partial' as const), file: fileArb, objects: objectsArb, cut: fc.double({ min: 0.05, max: 0.95, noNaN: true }), pauseMs: fc.integer({ min: 0, max: 60 }) }),
  fc.record({ op: fc.constant('rename' as const), from: fileArb, to: fileArb }),
  fc.record({ op: fc.constant('delete' as const), file: fileArb }),
  fc.record({ op: fc.constant('symlink' as const), file: fileArb, target: targetArb }),
  fc.record({ op: fc.constant('retarget' as const), target: targetArb, objects: objectsArb }),
  fc.record({ op: fc.constant('pause' as const), ms: fc.integer({ min: 1, max: 80 }) }),
);

function text(objects: readonly Obj[]): string {
  return objects.map((o) => stringify(resourceToManifest(upstream(o.name, 'default', undefined, o.port)))).join('---\n');
}

function exists(path: string): boolean {
  try {
    lstatSync(path);
    return true;
  } catch {
    return false;
  }
}

async function run(op: Op, dir: string, outside: string): Promise<void> {
  const path = (i: number) => join(dir, FILES[i]);
  switch (op.op) {
    case 'write':
      mkdirSync(dirname(path(op.file)), { recursive: true });
      writeFileSync(path(op.file), text(op.objects));
      return;
    case 'partial': {
      mkdirSync(dirname(path(op.file)), { recursive: true });
      const bytes = Buffer.from(text(op.objects));
      const cut = Math.floor(bytes.length * op.cut);
      const fd = openSync(path(op.file), 'w');
      try {
        writeSync(fd, bytes, 0, cut);
        await sleep(op.pauseMs);
        writeSync(fd, bytes, cut, bytes.length - cut);
      } finally {
        closeSync(fd);
      }
      return;
    }
    case 'rename':
      if (!exists(path(op.from)) || op.from === op.to) return;
      mkdirSync(dirname(path(op.to)), { recursive: true });
      renameSync(path(op.from), path(op.to));
      return;
    case 'delete':
      rmSync(path(op.file), { force: true });
      return;
    case 'symlink':
      rmSync(path(op.file), { force: true });
      mkdirSync(dirname(path(op.file)), { recursive: true });
      symlinkSync(join(outside, TARGETS[op.target]), path(op.file));
      return;
    case 'retarget':
      writeFileSync(join(outside, TARGETS[op.target]), text(op.objects));
      return;
    case 'pause':
      await sleep(op.ms);
  }
}

/** What a store serves, as one comparable text: every Upstream with its version and place, and every problem. */
async function signature(store: ResourceStore): Promise<string> {
  const objects = (await store.client('Upstream').list(ALL_NAMESPACES)).map((u) => `${u.metadata.namespace}/${u.metadata.name}@${u.metadata.resourceVersion}<${u.source?.file}:${u.source?.line}`);
  const problems = store.problems().map((p) => `${p.file}:${p.line}:${p.column}: ${p.message}`);
  return [...objects, ...problems].join('\n');
}

describe('folder store under random file operations', () => {
  it('once operations stop, serve converges within seconds to what a one-shot read reads', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(opArb, { minLength: 1, maxLength: 14 }), async (ops) => {
        const dir = makeTempDir('xds-fuzz-');
        const outside = makeTempDir('xds-fuzz-targets-');
        writeFileSync(join(dir, 'a.yaml'), text([{ name: 'u0', port: 1 }]));
        const serve = await openFolderStore(dir);
        try {
          for (const op of ops) await run(op, dir, outside);
          const check = await openFolderStore(dir, { watch: false });
          const expected = await signature(check).finally(() => check.close());
          const deadline = Date.now() + CONVERGE_MS;
          let served = await signature(serve);
          while (served !== expected && Date.now() < deadline) {
            await sleep(50);
            served = await signature(serve);
          }
          if (served !== expected) {
            throw new Error(`serve did not converge within ${CONVERGE_MS} ms (files: ${FILES.filter((f) => existsSync(join(dir, f))).join(', ')})\nserved:\n${served}\none-shot read:\n${expected}`);
          }
        } finally {
          await serve.close();
        }
      }),
      { numRuns: 30, endOnFailure: true },
    );
  }, 120_000);
});
