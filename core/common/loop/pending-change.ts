// The change a paused loop has not stepped into yet: which objects differ between the last pass's input and
// the pending snapshot, in which files, and which files' problems changed ("1 file changed: petstore-vs.yaml").
import type { ChangedObject, PendingChange } from '../api/contract';
import type { Resource } from '../model/resource';
import { parseRefKey, refKey, refOf } from '../model/resource';
import type { ApiSnapshot } from '../snapshot/api-snapshot';

/** What differs from `last` (the input of the newest pass) to `pending`; undefined when nothing does. */
export function pendingChange(last: ApiSnapshot | undefined, pending: ApiSnapshot | undefined): PendingChange | undefined {
  if (!pending || pending.hash === last?.hash) return undefined;
  const before = last?.objectHashes ?? new Map<string, string>();
  const changes = new Map<string, ChangedObject['change']>();
  for (const [key, hash] of pending.objectHashes) {
    const old = before.get(key);
    if (old !== hash) changes.set(key, old === undefined ? 'added' : 'changed');
  }
  for (const key of before.keys()) if (!pending.objectHashes.has(key)) changes.set(key, 'removed');
  const files = new Map<string, string | undefined>();
  collectFiles(pending, changes, files);
  if (last) collectFiles(last, changes, files);
  const objects = [...changes].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([key, change]): ChangedObject => {
    const file = files.get(key);
    return { ...parseRefKey(key), change, ...(file ? { file } : {}) };
  });
  const problemFiles = changedProblemFiles(last?.problems ?? [], pending.problems);
  const all = new Set([...objects.flatMap((o) => (o.file ? [o.file] : [])), ...problemFiles]);
  return { files: [...all].sort(), objects, problemFiles };
}

/** One line for a pending change: `1 file changed: petstore-vs.yaml`, or counts of objects when there are no files. */
export function describePendingChange(p: PendingChange): string {
  if (p.files.length > 0) {
    const shown = p.files.slice(0, 3).join(', ') + (p.files.length > 3 ? `, +${p.files.length - 3} more` : '');
    return `${p.files.length} file${p.files.length === 1 ? '' : 's'} changed: ${shown}`;
  }
  return `${p.objects.length} object${p.objects.length === 1 ? '' : 's'} changed`;
}

function collectFiles(snapshot: ApiSnapshot, changes: ReadonlyMap<string, unknown>, out: Map<string, string | undefined>): void {
  for (const list of Object.values(snapshot.objects) as (readonly Resource[])[]) {
    for (const r of list) {
      const key = refKey(r);
      if (changes.has(key) && !out.get(key)) out.set(key, r.source?.file);
    }
  }
}

function changedProblemFiles(before: ApiSnapshot['problems'], after: ApiSnapshot['problems']): string[] {
  const text = (list: ApiSnapshot['problems']) => {
    const byFile = new Map<string, string[]>();
    for (const p of list) (byFile.get(p.file) ?? byFile.set(p.file, []).get(p.file)!).push(`${p.line}:${p.column}:${p.message}`);
    return new Map([...byFile].map(([f, l]) => [f, l.sort().join('\n')]));
  };
  const a = text(before);
  const b = text(after);
  return [...new Set([...a.keys(), ...b.keys()])].filter((f) => a.get(f) !== b.get(f)).sort();
}
