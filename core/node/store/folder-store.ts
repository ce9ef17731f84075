// The YAML folder backend: objects from every config file under a folder (Kubernetes manifests anywhere, or Solo Kit's
// `<plural>/<namespace>/<name>.yaml`), watched with chokidar; writes go back into the file holding the object; statuses
// live in `<folder>/.xds-sandbox/state.db`, never in the user's YAML.
//
// - resourceVersion: the content hash of the object its document reads as (kind, metadata, spec; not comments, layout or
//   status). A write re-reads the object's file first, so an edit made meanwhile in an editor is a ConflictError, not a
//   lost change. Equal content gives an equal version (an edit that is undone makes an old version valid again).
// - New objects: `<plural>/<namespace>/<name>.yaml` in Solo Kit form when any file of the folder stands at such a path,
//   else a manifest in `<namespace>/<kind-lower>-<name>.yaml` (appended as one more document if that file exists).
// - Watching: chokidar events are coalesced by FolderWatcher (5 ms quiet window, 50 ms cap that grows during a stream);
//   batches that arrive while one is being read merge into the next. A file that fails to parse (or turns empty) within
//   settleMs of its last change is read again shortly instead of reported, so a half-written file never shows as a problem.
// - Bad files: see FolderIndex (last good objects kept, duplicates resolved by path order).
import { statSync } from 'node:fs';
import { readFile, rm } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import { NotFoundError, StorageError, type FileProblem } from '../../common/model/errors';
import type { KindName } from '../../common/model/kinds';
import { resourceContentHash, type Resource, type Status } from '../../common/model/resource';
import { BackendStore } from '../../common/store/backend-store';
import { checkWritePrecondition, type StoreBackend, type StoreChange, type WritePrecondition } from '../../common/store/store-backend';
import type { Scope } from '../../common/store/resource-client';
import { writeFileAtomic } from './atomic-write';
import { FolderIndex, type PlacedObject } from './folder-index';
import { ScanOnce, type FolderChangeSource } from './folder-scan';
import { acquireFolderLock, type FolderLock } from './folder-lock';
import { layoutHint, newObjectPath, toRelative } from './folder-paths';
import { DEFAULT_MAX_FILE_BYTES, readConfigFile, type FileRead } from './folder-reader';
import { FolderWatcher, type WatchBatch, type WatchTiming } from './folder-watcher';
import { addObjectToText, holdsExactly, removeObjectFromText, replaceObjectInText } from './folder-writer';
import { asStorageError } from './sqlite-tables';
import { FolderStatuses } from './folder-statuses';

/** Options of the folder store. */
export interface FolderStoreOptions extends WatchTiming {
  /** Files larger than this many bytes are a problem instead of being parsed (default 10 MiB). */
  readonly maxFileBytes?: number;
  /** A file that fails to parse (or turns empty) within this many ms of its last change is read again after it, not reported (default 50). */
  readonly settleMs?: number;
  /** Flush written files to disk before renaming them into place (default true). */
  readonly fsync?: boolean;
  /** Refuse object writes and deletes (StorageError); statuses are still recorded in the state database. */
  readonly readOnly?: boolean;
  /** How often to check the state database for statuses other processes wrote, in ms (default 250). */
  readonly statusPollIntervalMs?: number;
  /** Watch the folder for changes (default true); false reads it once, for one-shot commands. */
  readonly watch?: boolean;
}

const MAX_SETTLE_ATTEMPTS = 20;
const READ_CHUNK = 64;

class FolderBackend implements StoreBackend {
  private readonly index = new FolderIndex();
  private readonly watcher: FolderChangeSource;
  private readonly statuses: FolderStatuses;
  private readonly settleAttempts = new Map<string, number>();
  private readonly recheck = new Set<string>();
  private recheckTimer?: NodeJS.Timeout;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly queuedFiles = new Set<string>();
  private batchQueued = false;
  private listener: (change: StoreChange) => void = () => {};
  private lock?: FolderLock;
  private closed = false;
  private readonly settleMs: number;
  private readonly watchProblems: FileProblem[] = [];

  constructor(readonly url: string, private readonly root: string, private readonly opts: FolderStoreOptions) {
    this.settleMs = opts.settleMs ?? 50;
    const watching = opts.watch !== false;
    this.statuses = new FolderStatuses(root, watching ? opts.statusPollIntervalMs ?? 250 : 0, (kinds) => this.listener({ kinds }));
    this.watcher = watching ? new FolderWatcher(root, opts, (batch) => this.onBatch(batch), (err) => this.onWatchError(err)) : new ScanOnce(root);
  }

  /** Watches the folder and reads every config file in it. */
  async start(): Promise<void> {
    const initial = await this.watcher.start();
    await this.serial(() => this.reload(initial));
  }

  get(kind: KindName, namespace: string, name: string): Resource | undefined {
    const placed = this.index.get(kind, namespace, name);
    return placed && this.withStatus(placed.resource);
  }

  list(kind: KindName, scope: Scope): Resource[] {
    return this.index.list(kind, scope).map((r) => this.withStatus(r));
  }

  put(obj: Resource, pre: WritePrecondition): Promise<Resource> {
    return this.serial(async () => {
      const { kind, metadata: { namespace, name } } = obj;
      const placed = await this.catchUp(kind, namespace, name);
      checkWritePrecondition(kind, namespace, name, placed?.resource.metadata.resourceVersion, pre);
      if (placed && resourceContentHash(obj) === placed.resource.metadata.resourceVersion) return this.withStatus(placed.resource);
      this.refuseWhenReadOnly();
      const rel = placed ? this.editableFile(placed) : newObjectPath(kind, namespace, name, this.index.usesSoloKitLayout());
      const existing = await this.readText(rel);
      const text = placed ? replaceObjectInText(existing ?? '', rel, obj) : this.textWithNewObject(existing, rel, obj);
      if (!holdsExactly(text, rel, obj)) throw new StorageError(`cannot write ${kind} ${namespace}/${name} into ${rel} so that it reads back the same`);
      await this.guard(`write ${rel}`, () => writeFileAtomic(join(this.root, rel), text, { fsync: this.opts.fsync }));
      await this.reload([rel]);
      const stored = this.index.get(kind, namespace, name);
      if (!stored) throw new StorageError(`${kind} ${namespace}/${name} was written to ${rel} but does not read back`);
      return this.withStatus(stored.resource);
    });
  }

  remove(kind: KindName, namespace: string, name: string): Promise<boolean> {
    return this.serial(async () => {
      const placed = await this.catchUp(kind, namespace, name);
      if (!placed) return false;
      this.refuseWhenReadOnly();
      const rel = this.editableFile(placed);
      const text = removeObjectFromText((await this.readText(rel)) ?? '', rel, placed.resource);
      await this.guard(`write ${rel}`, () => (text === undefined ? rm(join(this.root, rel), { force: true }) : writeFileAtomic(join(this.root, rel), text, { fsync: this.opts.fsync })));
      await this.reload([rel]);
      this.statuses.set(kind, namespace, name, undefined);
      return true;
    });
  }

  putStatus(kind: KindName, namespace: string, name: string, status: Status): boolean {
    if (!this.index.get(kind, namespace, name)) throw new NotFoundError(kind, namespace, name);
    return this.statuses.set(kind, namespace, name, status);
  }

  problems(): readonly FileProblem[] {
    return this.watchProblems.length ? [...this.index.problems(), ...this.watchProblems] : this.index.problems();
  }

  onExternalChange(listener: (change: StoreChange) => void): void {
    this.listener = listener;
  }

  /** Takes the folder's advisory writer lock (released on close). */
  acquireLock(): FolderLock {
    if (this.lock?.acquired) return this.lock;
    this.lock = acquireFolderLock(this.root);
    return this.lock;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.recheckTimer);
    await this.watcher.close();
    await this.queue.catch(() => {});
    this.statuses.close();
    this.lock?.release();
  }

  /** Reports a watcher failure (unreadable folder, no inotify watches left) as a problem instead of going quietly deaf. */
  private onWatchError(err: Error): void {
    const { path, code } = err as NodeJS.ErrnoException;
    const file = path ? toRelative(this.root, path) || '.' : '.';
    const hint = code === 'ENOSPC' ? ' (the system limit of watched files is reached: raise fs.inotify.max_user_watches)' : '';
    const message = `cannot watch: ${err.message}${hint}; changes here may go unnoticed`;
    if (this.watchProblems.some((p) => p.file === file && p.message === message)) return;
    this.watchProblems.push({ file, line: 1, column: 1, message });
    this.listener({ kinds: [], problems: true });
  }

  /** Queues a watcher batch; batches arriving while one is being read merge into the next one (one list per merge). */
  private onBatch(batch: WatchBatch): void {
    if (this.closed) return;
    for (const rel of batch.files) this.queuedFiles.add(rel);
    for (const dir of batch.removedDirs) for (const rel of this.index.filePaths()) if (rel.startsWith(dir + '/')) this.queuedFiles.add(rel);
    if (this.batchQueued) return;
    this.batchQueued = true;
    void this.serial(() => {
      this.batchQueued = false;
      const files = [...this.queuedFiles];
      this.queuedFiles.clear();
      return this.reload(files, true);
    });
  }

  /** Reads files again and applies what changed; with settle, a file that looks half-written is read again shortly instead. */
  private async reload(rels: readonly string[], settle = false): Promise<void> {
    if (this.closed || rels.length === 0) return;
    const reads = await readAll(this.root, [...new Set(rels)], this.opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES);
    const now = Date.now();
    for (const read of reads) {
      const recent = read.exists && now - read.mtimeMs >= 0 && now - read.mtimeMs < this.settleMs;
      if (recent) this.scheduleRecheck(read.rel); // chokidar drops a second change within 50 ms: look again
      if (this.index.isUnchanged(read)) continue;
      if (settle && recent && this.looksHalfWritten(read)) continue;
      this.settleAttempts.delete(read.rel);
      this.index.apply(read);
    }
    const change = this.index.rebuild();
    if (change.kinds.length || change.problemsChanged) this.listener({ kinds: change.kinds, problems: change.problemsChanged });
  }

  private looksHalfWritten(read: FileRead): boolean {
    const attempts = this.settleAttempts.get(read.rel) ?? 0;
    const suspicious = read.problems.length > 0 || (read.resources.length === 0 && this.index.hasFile(read.rel));
    if (!suspicious || attempts >= MAX_SETTLE_ATTEMPTS) return false;
    this.settleAttempts.set(read.rel, attempts + 1);
    return true;
  }

  private scheduleRecheck(rel: string): void {
    this.recheck.add(rel);
    if (this.recheckTimer) return;
    this.recheckTimer = setTimeout(() => {
      this.recheckTimer = undefined;
      const rels = [...this.recheck];
      this.recheck.clear();
      if (!this.closed) for (const r of rels) this.watcher.markDirty(r);
    }, this.settleMs + 5);
    this.recheckTimer.unref();
  }

  /** Brings the index up to date with the disk for a write: pending watcher events, and the file holding the object now. */
  private async catchUp(kind: KindName, namespace: string, name: string): Promise<PlacedObject | undefined> {
    const pending = this.watcher.takePending();
    const rels = new Set(pending.files);
    for (const dir of pending.removedDirs) for (const rel of this.index.filePaths()) if (rel.startsWith(dir + '/')) rels.add(rel);
    const placed = this.index.get(kind, namespace, name);
    if (placed) rels.add(placed.file);
    await this.reload([...rels]);
    return this.index.get(kind, namespace, name);
  }

  private editableFile(placed: PlacedObject): string {
    if (!placed.kept) return placed.file;
    throw new StorageError(`${placed.file} has problems and ${placed.resource.kind} ${placed.resource.metadata.namespace}/${placed.resource.metadata.name} is kept from its last good read; fix the file first`);
  }

  private textWithNewObject(existing: string | undefined, rel: string, obj: Resource): string {
    if (existing !== undefined && (layoutHint(rel).kind || this.index.problems().some((p) => p.file === rel))) {
      throw new StorageError(`cannot add ${obj.kind} ${obj.metadata.namespace}/${obj.metadata.name}: ${rel} exists and holds something else`);
    }
    return addObjectToText(existing, rel, obj);
  }

  private refuseWhenReadOnly(): void {
    if (this.opts.readOnly) throw new StorageError(`${this.url} is open read-only`);
  }

  private async readText(rel: string): Promise<string | undefined> {
    try {
      return await readFile(join(this.root, rel), 'utf8');
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
      throw asStorageError(err, `cannot read ${rel}`);
    }
  }

  private withStatus(r: Resource): Resource {
    const status = this.statuses.get(r.kind, r.metadata.namespace, r.metadata.name);
    return status ? { ...r, status } : r;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }

  private async guard<T>(what: string, fn: () => Promise<T>): Promise<T> {
    try {
      return await fn();
    } catch (err) {
      throw asStorageError(err, `${this.url}: cannot ${what}`);
    }
  }
}

/** Reads files in chunks, yielding to the event loop between chunks so a large batch does not stall other work. */
async function readAll(root: string, rels: string[], maxBytes: number): Promise<FileRead[]> {
  const out: FileRead[] = [];
  for (let i = 0; i < rels.length; i += READ_CHUNK) {
    if (i > 0) await new Promise((r) => setImmediate(r));
    for (const rel of rels.slice(i, i + READ_CHUNK)) out.push(readConfigFile(root, rel, maxBytes));
  }
  return out;
}

/** A folder store: a ResourceStore plus the folder's advisory writer lock. */
export class FolderStore extends BackendStore {
  constructor(private readonly folder: FolderBackend) {
    super(folder);
  }

  /** Takes `.xds-sandbox/lock` unless another live process holds it; released on close. */
  acquireLock(): FolderLock {
    return this.folder.acquireLock();
  }
}

/** Opens the store of a config folder once every file in it has been read; StorageError when the folder does not exist. */
export async function openFolderStore(folder: string, opts: FolderStoreOptions = {}): Promise<FolderStore> {
  const root = resolve(folder);
  let isDir = false;
  try {
    isDir = statSync(root).isDirectory();
  } catch {
    throw new StorageError(`config folder ${folder} does not exist`);
  }
  if (!isDir) throw new StorageError(`${folder} is not a folder (use sqlite:${folder} for a SQLite file)`);
  const backend = new FolderBackend(folder, root, opts);
  try {
    await backend.start();
  } catch (err) {
    await backend.close();
    throw asStorageError(err, `cannot watch ${folder}`);
  }
  return new FolderStore(backend);
}
