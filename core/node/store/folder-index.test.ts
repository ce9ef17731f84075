// The folder index updated in place after random sequences of file reads equals an index built from scratch from the
// files' last reads: the same objects served (file, document, kept), the same problems, and every changed kind reported.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { stringify } from 'yaml';
import { ALL_NAMESPACES } from '../../common/store/resource-client';
import { FolderIndex } from './folder-index';
import { parseBytes, type FileRead } from './folder-reader';
import { KIND_NAMES } from '../../common/model/kinds';

const FILES = ['a.yaml', 'b.yaml', 'sub/c.yaml', 'sub/d.yml'];

interface Obj {
  readonly kind: 'Upstream' | 'Secret';
  readonly name: string;
  readonly port: number;
}

/** One step: a file rewritten with these objects (optionally with a broken document after them), or deleted. */
interface Step {
  readonly file: number;
  readonly objects?: Obj[];
  readonly broken: boolean;
}

const objArb = fc.record({ kind: fc.constantFrom('Upstream' as const, 'Secret' as const), name: fc.constantFrom('x0', 'x1', 'x2', 'x3'), port: fc.integer({ min: 1, max: 3 }) });
const stepArb: fc.Arbitrary<Step> = fc.record({
  file: fc.integer({ min: 0, max: FILES.length - 1 }),
  objects: fc.option(fc.array(objArb, { maxLength: 3 }), { nil: undefined }),
  broken: fc.boolean(),
});

function manifest(o: Obj): string {
  const spec = o.kind === 'Upstream' ? { static: { hosts: [{ addr: '127.0.0.1', port: o.port }] } } : { kube: { data: { k: String(o.port) } } };
  return stringify({ apiVersion: 'gloo.solo.io/v1', kind: o.kind, metadata: { name: o.name, namespace: 'default' }, spec });
}

function readOf(step: Step): FileRead {
  const rel = FILES[step.file];
  if (!step.objects) return { rel, exists: false, mtimeMs: 0, statAtMs: 0, contentHash: '', resources: [], problems: [] };
  const text = [...step.objects.map(manifest), ...(step.broken ? ['kind: [unclosed\n'] : [])].join('---\n');
  return parseBytes(rel, Buffer.from(text), 1);
}

/** Everything the index serves, as text: objects of every kind with where they stand, then problems. */
function served(index: FolderIndex): string[] {
  const out: string[] = [];
  for (const kind of KIND_NAMES) {
    for (const r of index.list(kind, ALL_NAMESPACES)) {
      const p = index.get(kind, r.metadata.namespace, r.metadata.name)!;
      out.push(`${kind}/${r.metadata.name}@${r.metadata.resourceVersion} ${p.file}#${p.docIndex}${p.kept ? ' kept' : ''}`);
    }
  }
  out.sort();
  for (const p of index.problems()) out.push(`! ${p.file}:${p.line}:${p.column} ${p.message}`);
  return out;
}

describe('folder index', () => {
  it('updated in place after any sequence of reads, serves what an index built from the final reads serves', () => {
    fc.assert(
      fc.property(fc.array(fc.array(stepArb, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 12 }), (batches) => {
        const incremental = new FolderIndex();
        const last = new Map<string, FileRead>();
        for (const batch of batches) {
          const before = served(incremental);
          for (const step of batch) {
            const read = readOf(step);
            // The last good objects of a broken file depend on history: the fresh index gets the same history per file.
            incremental.apply(read);
            last.set(read.rel, read);
          }
          const change = incremental.rebuild();
          const after = served(incremental);
          const kindsSeen = new Set(after.filter((l) => !l.startsWith('!')).map((l) => l.split('/')[0]));
          const kindsBefore = new Set(before.filter((l) => !l.startsWith('!')).map((l) => l.split('/')[0]));
          for (const kind of new Set([...kindsSeen, ...kindsBefore])) {
            const of = (lines: string[]) => lines.filter((l) => l.startsWith(kind + '/')).map((l) => l.replace(/#\d+( kept)?$/, '')).join('\n');
            if (of(before) !== of(after)) expect(change.kinds).toContain(kind);
          }
          const problems = (lines: string[]) => lines.filter((l) => l.startsWith('!')).join('\n');
          expect(change.problemsChanged).toBe(problems(before) !== problems(after));
        }
        const fresh = new FolderIndex();
        for (const batch of batches) for (const step of batch) fresh.apply(readOf(step));
        fresh.rebuild();
        expect(served(incremental)).toEqual(served(fresh));
      }),
      { numRuns: 150 },
    );
  });
});
