// Differences between two API snapshots (the user's objects): objects added, removed and changed by
// refKey `Kind.namespace.name`, with field-level changes of metadata and spec. Statuses,
// resourceVersion and generation are not content and never show up, matching the snapshot hash.
import { resourceContentHash, refKey, refOf, type Resource } from '../model/resource';
import type { ApiSnapshot } from '../snapshot/api-snapshot';
import { diffJson, formatFieldChange, type FieldChange } from './json-diff';

/** An object by refKey and its parts. */
export interface ObjectRefInfo {
  readonly refKey: string;
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
}

/** An object on both sides with different content; field paths start at `metadata` or `spec`. */
export interface ObjectChange extends ObjectRefInfo {
  readonly fields: readonly FieldChange[];
}

/** The differences between two sets of objects, each list sorted by refKey. */
export interface ObjectDiff {
  readonly equal: boolean;
  readonly added: readonly ObjectRefInfo[];
  readonly removed: readonly ObjectRefInfo[];
  readonly changed: readonly ObjectChange[];
}

/** Objects of a snapshot or a plain list. */
export type ObjectSet = ApiSnapshot | readonly Resource[];

interface Indexed {
  readonly resource: Resource;
  /** The content hash a snapshot holds; plain lists are not hashed (hashing a large Proxy costs more than diffing it). */
  readonly hash?: string;
}

/** What changed from `before` to `after`; unchanged objects are skipped by identity or content hash. */
export function diffObjects(before: ObjectSet, after: ObjectSet): ObjectDiff {
  const a = index(before);
  const b = index(after);
  const added: ObjectRefInfo[] = [];
  const removed: ObjectRefInfo[] = [];
  const changed: ObjectChange[] = [];
  for (const key of [...new Set([...a.keys(), ...b.keys()])].sort()) {
    const l = a.get(key);
    const r = b.get(key);
    if (!l) added.push(info(key, r!.resource));
    else if (!r) removed.push(info(key, l.resource));
    else if (l.resource !== r.resource && (l.hash === undefined || l.hash !== r.hash)) {
      const fields = diffJson(content(l.resource), content(r.resource));
      if (fields.length > 0) changed.push({ ...info(key, r.resource), fields });
    }
  }
  return { equal: added.length + removed.length + changed.length === 0, added, removed, changed };
}

function index(set: ObjectSet): Map<string, Indexed> {
  const out = new Map<string, Indexed>();
  if (isSnapshot(set)) {
    for (const list of Object.values(set.objects) as (readonly Resource[])[]) {
      for (const r of list) {
        const key = refKey(r);
        out.set(key, { resource: r, hash: set.objectHashes.get(key) ?? resourceContentHash(r) });
      }
    }
  } else {
    for (const r of set) out.set(refKey(r), { resource: r });
  }
  return out;
}

function isSnapshot(set: ObjectSet): set is ApiSnapshot {
  return !Array.isArray(set) && typeof (set as ApiSnapshot).objectHashes === 'object';
}

function info(key: string, r: Resource): ObjectRefInfo {
  return { refKey: key, kind: r.kind, namespace: r.metadata.namespace, name: r.metadata.name };
}

/** The part of an object that is its content: metadata without resourceVersion and generation, and spec. */
function content(r: Resource): Record<string, unknown> {
  const { resourceVersion: _rv, generation: _g, ...metadata } = r.metadata;
  return { metadata, spec: r.spec };
}

/** The diff as text: `+ Kind ns/name`, `- Kind ns/name`, `~ Kind ns/name` with changed fields indented below. */
export function formatObjectDiff(d: ObjectDiff): string {
  if (d.equal) return 'no differences';
  const lines: string[] = [];
  for (const o of d.added) lines.push(`+ ${o.kind} ${o.namespace}/${o.name}`);
  for (const o of d.removed) lines.push(`- ${o.kind} ${o.namespace}/${o.name}`);
  for (const o of d.changed) {
    lines.push(`~ ${o.kind} ${o.namespace}/${o.name}`);
    for (const f of o.fields) lines.push(`  ${formatFieldChange(f)}`);
  }
  return lines.join('\n');
}
