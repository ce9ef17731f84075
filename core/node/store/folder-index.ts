// What a folder holds, from the last read of each file: the objects served (a bad file's last good objects are kept),
// duplicates resolved by path order, and every problem. No file access: the folder store feeds it FileReads.
import type { FileProblem } from '../../common/model/errors';
import { stableStringify } from '../../common/model/hash';
import type { KindName } from '../../common/model/kinds';
import type { Resource } from '../../common/model/resource';
import type { LocatedResource } from '../../common/model/yaml-documents';
import { inScope } from '../../common/store/store-backend';
import type { Scope } from '../../common/store/resource-client';
import { comparePaths, layoutHint } from './folder-paths';
import type { FileRead, FileStamp } from './folder-reader';
import { refKey } from '../../common/model/resource';

/** An object served from the folder, and where it stands. */
export interface PlacedObject {
  readonly resource: Resource;
  readonly file: string;
  readonly docIndex: number;
  /** Served from the last good read of a file that has problems now. */
  readonly kept: boolean;
}

interface FileEntry {
  readonly rel: string;
  readonly contentHash: string;
  /** The stat the file was last read under (what a rescan compares with). */
  stamp?: FileStamp;
  readonly current: readonly LocatedResource[];
  readonly problems: readonly FileProblem[];
  /** Objects of the last read without problems, if any. */
  readonly lastGood?: readonly LocatedResource[];
}

/** What rebuild() found changed. */
export interface IndexChange {
  readonly kinds: KindName[];
  readonly problemsChanged: boolean;
}

/** The objects and problems of a folder, rebuilt from per-file reads. */
export class FolderIndex {
  private readonly files = new Map<string, FileEntry>();
  private view = new Map<KindName, Map<string, PlacedObject>>();
  private kindSignatures = new Map<KindName, string>();
  private problemList: FileProblem[] = [];
  private problemSignature = '[]';

  /** Whether a read found exactly the bytes read last time (so applying it changes nothing). */
  isUnchanged(read: FileRead): boolean {
    const prev = this.files.get(read.rel);
    return read.exists ? prev?.contentHash === read.contentHash : prev === undefined;
  }

  /** Records what a read of one file found (forgets the file when it is gone); call rebuild() after a batch. */
  apply(read: FileRead): void {
    if (!read.exists) {
      this.files.delete(read.rel);
      return;
    }
    const prev = this.files.get(read.rel);
    const lastGood = read.problems.length === 0 ? read.resources : prev?.lastGood;
    this.files.set(read.rel, { rel: read.rel, contentHash: read.contentHash, stamp: read.stamp, current: read.resources, problems: read.problems, lastGood });
  }

  /** Records the stat of a read that found the same bytes as before (so a rescan does not read the file again). */
  touch(read: FileRead): void {
    const entry = this.files.get(read.rel);
    if (entry) entry.stamp = read.stamp;
  }

  /** The hash of a file's bytes when last read; undefined when it was not read. */
  contentHashOf(rel: string): string | undefined {
    return this.files.get(rel)?.contentHash;
  }

  /** The stat a file was last read under; undefined when it was not read or could not be stat'ed. */
  stampOf(rel: string): FileStamp | undefined {
    return this.files.get(rel)?.stamp;
  }

  /** Whether a file was read and still exists. */
  hasFile(rel: string): boolean {
    return this.files.has(rel);
  }

  /** Relative paths of every file read, in path order. */
  filePaths(): string[] {
    return [...this.files.keys()].sort(comparePaths);
  }

  /** Whether the folder uses Solo Kit's `<plural>/<namespace>/<name>.yaml` layout (any file stands at such a path). */
  usesSoloKitLayout(): boolean {
    for (const rel of this.files.keys()) if (layoutHint(rel).kind) return true;
    return false;
  }

  /** The object served for a kind, namespace and name. */
  get(kind: KindName, namespace: string, name: string): PlacedObject | undefined {
    return this.view.get(kind)?.get(refKey({ kind, namespace, name }));
  }

  /** The objects of a kind in scope, in no particular order. */
  list(kind: KindName, scope: Scope): Resource[] {
    const out: Resource[] = [];
    for (const p of this.view.get(kind)?.values() ?? []) if (inScope(p.resource.metadata.namespace, scope)) out.push(p.resource);
    return out;
  }

  /** Every problem, sorted by file, line and column. */
  problems(): readonly FileProblem[] {
    return this.problemList;
  }

  /** Recomputes the served objects, duplicates and problems from the files; returns what changed. */
  rebuild(): IndexChange {
    const view = new Map<KindName, Map<string, PlacedObject>>();
    const problems: FileProblem[] = [];
    for (const rel of this.filePaths()) {
      const entry = this.files.get(rel)!;
      const served = servedObjects(entry);
      const keptCount = served.filter((p) => p.kept).length;
      for (const p of entry.problems) problems.push(keptCount ? { ...p, message: `${p.message}; ${keepingNote(keptCount)}` } : p);
      for (const placed of served) {
        const byKind = view.get(placed.resource.kind) ?? new Map<string, PlacedObject>();
        view.set(placed.resource.kind, byKind);
        const winner = byKind.get(refKey(placed.resource));
        if (winner) problems.push(duplicateProblem(placed, winner));
        else byKind.set(refKey(placed.resource), placed);
      }
    }
    problems.sort((a, b) => comparePaths(a.file, b.file) || a.line - b.line || a.column - b.column);
    this.view = view;
    const kinds = this.changedKinds(view);
    const signature = stableStringify(problems);
    const problemsChanged = signature !== this.problemSignature;
    this.problemList = problems;
    this.problemSignature = signature;
    return { kinds, problemsChanged };
  }

  private changedKinds(view: Map<KindName, Map<string, PlacedObject>>): KindName[] {
    const changed: KindName[] = [];
    const signatures = new Map<KindName, string>();
    for (const [kind, objects] of view) {
      const parts = [...objects.values()].map((p) => `${refKey(p.resource)}@${p.resource.metadata.resourceVersion}<${p.file}:${p.resource.source?.line}`);
      signatures.set(kind, parts.sort().join('\n'));
    }
    for (const kind of new Set([...signatures.keys(), ...this.kindSignatures.keys()])) {
      if ((signatures.get(kind) ?? '') !== (this.kindSignatures.get(kind) ?? '')) changed.push(kind);
    }
    this.kindSignatures = signatures;
    return changed;
  }
}

function servedObjects(entry: FileEntry): PlacedObject[] {
  const place = (lr: LocatedResource, kept: boolean): PlacedObject => ({ resource: lr.resource, file: entry.rel, docIndex: lr.docIndex, kept });
  const served = entry.current.map((lr) => place(lr, false));
  if (entry.problems.length && entry.lastGood) {
    const now = new Set(entry.current.map((lr) => refKey(lr.resource)));
    for (const lr of entry.lastGood) if (!now.has(refKey(lr.resource))) served.push(place(lr, true));
  }
  return served;
}

function keepingNote(count: number): string {
  return `keeping the ${count} object${count === 1 ? '' : 's'} last read from this file`;
}

function duplicateProblem(loser: PlacedObject, winner: PlacedObject): FileProblem {
  const r = loser.resource;
  const at = (p: PlacedObject) => `${p.file}:${p.resource.source?.line ?? 1}:${p.resource.source?.column ?? 1}`;
  return {
    file: loser.file,
    line: r.source?.line ?? 1,
    column: r.source?.column ?? 1,
    message: `duplicate ${r.kind} ${r.metadata.namespace}/${r.metadata.name}: also defined at ${at(winner)}, which wins (first in path order); this one at ${at(loser)} is ignored`,
  };
}
