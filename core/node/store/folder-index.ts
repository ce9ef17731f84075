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
import { parseRefKey, refKey } from '../../common/model/resource';

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

/** The objects and problems of a folder, updated in place from per-file reads (work proportional to the files that changed). */
export class FolderIndex {
  private readonly files = new Map<string, FileEntry>();
  /** What each file served at the last rebuild() (current objects, then kept ones). */
  private readonly servedBy = new Map<string, readonly PlacedObject[]>();
  /** Every file's claim on each object key, in path order then served order: the first one wins. */
  private readonly claims = new Map<string, PlacedObject[]>();
  private readonly view = new Map<KindName, Map<string, PlacedObject>>();
  /** Files read or forgotten since the last rebuild(). */
  private readonly dirty = new Set<string>();
  /** Files with problems of their own or losing a duplicate. */
  private readonly problemFiles = new Set<string>();
  private problemList: FileProblem[] = [];
  private problemSignature = '[]';

  /** Whether a read found exactly the bytes read last time (so applying it changes nothing). */
  isUnchanged(read: FileRead): boolean {
    const prev = this.files.get(read.rel);
    return read.exists ? prev?.contentHash === read.contentHash : prev === undefined;
  }

  /** Records what a read of one file found (forgets the file when it is gone); call rebuild() after a batch. */
  apply(read: FileRead): void {
    this.dirty.add(read.rel);
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

  /** Whether the last read of a file applied found problems in it. */
  hasProblems(rel: string): boolean {
    return (this.files.get(rel)?.problems.length ?? 0) > 0;
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

  /** Brings the served objects, duplicates and problems up to date with the files applied since the last call; returns what changed. */
  rebuild(): IndexChange {
    const touched = new Set<string>();
    let problemsTouched = false;
    for (const rel of this.dirty) {
      const entry = this.files.get(rel);
      for (const placed of this.servedBy.get(rel) ?? []) {
        const key = refKey(placed.resource);
        const all = this.claims.get(key);
        if (!all) continue; // a duplicate within this file, already removed
        if (all.length > 1) problemsTouched = true; // a duplicate may be resolved
        const rest = all.filter((c) => c.file !== rel);
        if (rest.length) this.claims.set(key, rest);
        else this.claims.delete(key);
        touched.add(key);
      }
      const served = entry ? servedObjects(entry) : [];
      if (served.length) this.servedBy.set(rel, served);
      else this.servedBy.delete(rel);
      for (const placed of served) {
        const key = refKey(placed.resource);
        touched.add(key);
        const list = this.claims.get(key) ?? [];
        const at = list.findIndex((c) => comparePaths(c.file, rel) > 0);
        if (at < 0) list.push(placed);
        else list.splice(at, 0, placed);
        this.claims.set(key, list);
        if (list.length > 1) problemsTouched = true; // a duplicate
      }
      problemsTouched ||= (entry?.problems.length ?? 0) > 0 || this.problemFiles.has(rel);
      if (entry?.problems.length) this.problemFiles.add(rel);
      else this.problemFiles.delete(rel);
    }
    this.dirty.clear();
    const kinds = new Set<KindName>();
    for (const key of touched) {
      const list = this.claims.get(key);
      const kind = parseRefKey(key).kind;
      const before = this.view.get(kind)?.get(key);
      const after = list?.[0];
      for (const c of list ?? []) if (c !== after) this.problemFiles.add(c.file);
      if (before === after) continue;
      let byKind = this.view.get(kind);
      if (!byKind) this.view.set(kind, (byKind = new Map()));
      if (after) byKind.set(key, after);
      else byKind.delete(key);
      if (!before || !after || placementSignature(before) !== placementSignature(after)) kinds.add(kind);
    }
    const problemsChanged = problemsTouched && this.recomputeProblems();
    return { kinds: [...kinds], problemsChanged };
  }

  /** Lists the problems of every file that has some, in path order; returns whether the list changed. */
  private recomputeProblems(): boolean {
    const problems: FileProblem[] = [];
    for (const rel of [...this.problemFiles].sort(comparePaths)) {
      const entry = this.files.get(rel);
      const served = this.servedBy.get(rel) ?? [];
      const keptCount = served.filter((p) => p.kept).length;
      for (const p of entry?.problems ?? []) problems.push(keptCount ? { ...p, message: `${p.message}; ${keepingNote(keptCount)}` } : p);
      let loses = false;
      for (const placed of served) {
        const winner = this.view.get(placed.resource.kind)?.get(refKey(placed.resource));
        if (!winner || winner === placed) continue;
        loses = true;
        problems.push(duplicateProblem(placed, winner));
      }
      if (!loses && !entry?.problems.length) this.problemFiles.delete(rel);
    }
    problems.sort((a, b) => comparePaths(a.file, b.file) || a.line - b.line || a.column - b.column);
    const signature = stableStringify(problems);
    const changed = signature !== this.problemSignature;
    this.problemList = problems;
    this.problemSignature = signature;
    return changed;
  }
}

/** What decides whether a kind changed: the object's key, version, file and line. */
function placementSignature(p: PlacedObject): string {
  return `${refKey(p.resource)}@${p.resource.metadata.resourceVersion}<${p.file}:${p.resource.source?.line}`;
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
