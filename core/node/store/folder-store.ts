// The YAML folder backend: objects from every config file under a folder (Kubernetes manifests anywhere, or Solo Kit's
// `<plural>/<namespace>/<name>.yaml`), watched with fs.watch; writes go back into the file holding the object; statuses
// live in `<folder>/.xds-sandbox/state.db`, never in the user's YAML.
//
// - resourceVersion: the content hash of the object its document reads as (kind, metadata, spec; not comments, layout or
//   status). Equal content gives an equal version (an edit that is undone makes an old version valid again).
// - Writes: under the file's lock (`.NAME.yaml.lock`, shared with every other process writing the folder), the file is read
//   as it is now, the precondition checked against the object it holds, and the change applied to that text; a file an
//   editor rewrote meanwhile is read again. So no acknowledged write is lost, and two writers of different objects of one
//   file both succeed.
// - New objects: `<plural>/<namespace>/<name>.yaml` in Solo Kit form when any file of the folder stands at such a path,
//   else a manifest in `<namespace>/<kind-lower>-<name>.yaml` (appended as one more document if that file exists).
//   Before a create, the files whose last read may have missed objects (modified within settleMs, read unsettled or while
//   another writer held the file's lock, or with problems) are read again under their locks once whole: an object one of
//   them holds is updated there (or the create refused with AlreadyExists), never added again in a second file.
// - Watching: the watcher is a hint. FolderWatcher hands the first event after a quiet spell over at once and coalesces
//   those that follow (5 ms quiet window, 50 ms cap that grows during a stream); batches that arrive while one is being
//   read merge into the next. A file modified within settleMs of the stat it was read under is looked at again after
//   settleMs (read again unless its stat proves it unchanged), and a file that fails to parse meanwhile is not reported;
//   the next event after such a half-written read goes over at once (it is the rest of the write). Shortly after a burst
//   of watcher events (where the kernel may drop some) and every rescanIntervalMs, a stat-only listing of the folder is
//   reconciled with the index, so what the watcher missed is read within seconds; watch problems are checked again then
//   and clear with their cause. A single file's change is read alone: no listing of the folder.
// - Bad files: see FolderIndex (last good objects kept, duplicates resolved by path order).
import { realpathSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { InvalidObjectError, NotFoundError, StorageError, type FileProblem } from '../../common/model/errors';
import { KIND_NAMES, type KindName } from '../../common/model/kinds';
import type { Resource, Status } from '../../common/model/resource';
import { BackendStore } from '../../common/store/backend-store';
import type { StoreBackend, StoreChange, WritePrecondition } from '../../common/store/store-backend';
import type { Scope } from '../../common/store/resource-client';
import { isOwnWrite, removeLeftovers } from './atomic-write';
import { readSettled, rewriteFile, SETTLE_LIMIT_MS, type CurrentFile, type Rewrite } from './file-rewrite';
import { withFileLock } from './file-lock';
import { FolderIndex, type PlacedObject } from './folder-index';
import { listFolder, ScanOnce, type FolderChangeSource } from './folder-scan';
import { acquireFolderLock, type FolderLock } from './folder-lock';
import { comparePaths, isConfigFile, newObjectPath, toRelative, type Neighbours } from './folder-paths';
import { DEFAULT_MAX_FILE_BYTES, modifiedWithin, readConfigFile, sameStamp, stampOf, type FileRead } from './folder-reader';
import { FolderWatcher, type WatchBatch, type WatchTiming } from './folder-watcher';
import { planPut, planRemove, type WriteOutcome } from './folder-writer';
import { RescanSchedule, type RescanTiming } from './rescan-schedule';
import { asStorageError } from './sqlite-tables';
import { FolderStatuses } from './folder-statuses';
import { WatchProblems } from './watch-problems';

/** Options of the folder store. */
export interface FolderStoreOptions extends WatchTiming, RescanTiming {
  /** Files larger than this many bytes are a problem instead of being parsed (default 10 MiB). */
  readonly maxFileBytes?: number;
  /** A file modified within this many ms of being read is read again after it; one that fails to parse meanwhile is not reported (default 50). */
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

/** Longest file name a folder store writes, in bytes: 255 (most file systems) less the 22 a write's temp file name adds. */
export const MAX_FILE_NAME_BYTES = 233;

const MAX_SETTLE_ATTEMPTS = 20;
/** Coarsest modification-time step of a file system with sub-second times (kernel timestamps tick with the scheduler). */
const STAMP_GRANULARITY_MS = 10;
/**
 * How long reading files may hold the event loop before it yields: the xDS server answers clients in between (the last
 * run's xDS while a large folder is read at start), and a large batch of changes does not stall other work.
 */
const READ_SLICE_MS = 10;
/** How many times a one-shot read waits for files that are being written. */
const ONE_SHOT_SETTLE_ROUNDS = 10;

class FolderBackend implements StoreBackend {
  private readonly index = new FolderIndex();
  private readonly watcher: FolderChangeSource;
  private readonly statuses: FolderStatuses;
  private readonly rescans?: RescanSchedule;
  private readonly watchProblems: WatchProblems;
  private readonly settleAttempts = new Map<string, number>();
  /** Files to look at again, each with whether an unchanged stat proves it unchanged. */
  private readonly recheck = new Map<string, boolean>();
  /** Files whose last read may not be whole (modified within settleMs, unsettled, locked by another writer, or with problems). */
  private readonly doubtful = new Set<string>();
  private recheckTimer?: NodeJS.Timeout;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly queuedFiles = new Set<string>();
  private batchQueued = false;
  private listener: (change: StoreChange) => void = () => {};
  private lock?: FolderLock;
  private closed = false;
  private readonly settleMs: number;
  private lastRescanAt = 0;
  private leftoversRemoved = false;
  private readonly withStatusCache = new WeakMap<Resource, Resource>();

  constructor(readonly url: string, private readonly root: string, private readonly opts: FolderStoreOptions) {
    this.settleMs = opts.settleMs ?? 50;
    const watching = opts.watch !== false;
    this.watchProblems = new WatchProblems(root);
    this.statuses = new FolderStatuses(root, watching ? opts.statusPollIntervalMs ?? 250 : 0, (kinds) => this.listener({ kinds }));
    this.watcher = watching ? new FolderWatcher(root, opts, (batch) => this.onBatch(batch), (err) => this.onWatchError(err)) : new ScanOnce(root);
    if (watching) this.rescans = new RescanSchedule(opts, () => this.rescan());
  }

  /** Watches the folder and reads every config file in it (a one-shot read waits for files being written). */
  async start(): Promise<void> {
    const initial = await this.watcher.start();
    let recent = await this.serial(() => this.reload(initial));
    for (let round = 0; !this.rescans && recent.length && round < ONE_SHOT_SETTLE_ROUNDS; round++) {
      await new Promise((r) => setTimeout(r, this.settleMs));
      recent = await this.serial(() => this.reload(recent));
    }
    if (this.rescans) {
      this.rescans.start();
      void this.rescans.runNow();
    }
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
      for (let attempt = 1; ; attempt++) {
        const placed = (await this.catchUp(kind, namespace, name)) ?? (await this.readDoubtfulFiles(kind, namespace, name));
        const rel = placed ? placed.file : this.newFilePath(obj);
        const outcome = await this.rewrite(rel, (current) => planPut(current, rel, obj, pre, placed !== undefined, () => this.refuseWhenReadOnly(), placed?.resource.metadata.resourceVersion));
        if (outcome === 'moved' && attempt < 3) continue;
        const stored = this.index.get(kind, namespace, name);
        if (!stored) throw new StorageError(`${kind} ${namespace}/${name} was written to ${rel} but does not read back`);
        return this.withStatus(stored.resource);
      }
    });
  }

  remove(kind: KindName, namespace: string, name: string, expected?: string): Promise<boolean> {
    return this.serial(async () => {
      for (let attempt = 1; attempt <= 3; attempt++) {
        const placed = await this.catchUp(kind, namespace, name);
        if (!placed) return false;
        this.refuseWhenReadOnly();
        const rel = placed.file;
        if ((await this.rewrite(rel, (current) => planRemove(current, rel, placed.resource, expected))) === 'moved') continue;
        this.statuses.set(kind, namespace, name, undefined);
        return true;
      }
      return false;
    });
  }

  putStatus(kind: KindName, namespace: string, name: string, status: Status): boolean {
    if (!this.index.get(kind, namespace, name)) throw new NotFoundError(kind, namespace, name);
    return this.statuses.set(kind, namespace, name, status);
  }

  setStatusPolling(on: boolean): void {
    this.statuses.setPolling(on);
  }

  problems(): readonly FileProblem[] {
    const watch = this.watchProblems.list();
    return watch.length ? [...this.index.problems(), ...watch] : this.index.problems();
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

  /** Reconciles the index with a stat-only listing of the folder now (normally done by the schedule). */
  rescanNow(): Promise<void> {
    return this.rescans?.runNow() ?? Promise.resolve();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.recheckTimer);
    await this.rescans?.stop();
    await this.watcher.close();
    await this.queue.catch(() => {});
    this.statuses.close();
    this.lock?.release();
  }

  /** Rewrites one file under its lock and reads it back into the index before the lock is released. */
  private async rewrite(rel: string, change: (current: CurrentFile) => Rewrite<WriteOutcome>): Promise<WriteOutcome> {
    const afterWrite = async () => {
      await this.reload([rel], false, true);
    };
    try {
      // A read-only store only checks (a write it would make is refused in the change): it takes no lock, creates nothing.
      if (this.opts.readOnly) return change(await readSettled(join(this.root, rel), this.settleMs)).result;
      return await rewriteFile(join(this.root, rel), { settleMs: this.settleMs, fsync: this.opts.fsync, afterWrite }, change);
    } catch (err) {
      throw asStorageError(err, `${this.url}: cannot write ${rel}`);
    }
  }

  /**
   * A watcher failure: a config file it could not stat is read (the read reports why, and clears when it is fixed); any
   * other becomes a watch problem until a rescan finds its cause gone.
   */
  private onWatchError(err: Error): void {
    const path = (err as NodeJS.ErrnoException).path;
    const rel = path ? toRelative(this.root, path) : '';
    if (rel && isConfigFile(rel)) {
      this.watcher.markDirty(rel);
      return;
    }
    if (this.watchProblems.add(err)) this.listener({ kinds: [], problems: true });
  }

  /** Queues a watcher batch; batches arriving while one is being read merge into the next one (one list per merge). */
  private onBatch(batch: WatchBatch): void {
    if (this.closed) return;
    for (const rel of batch.files) this.queuedFiles.add(rel);
    for (const dir of batch.removedDirs) for (const rel of this.index.filePaths()) if (rel.startsWith(dir + '/')) this.queuedFiles.add(rel);
    if (batch.burst) this.rescans?.afterActivity(); // a few events of a few files are not where the kernel drops some
    if (this.batchQueued) return;
    this.batchQueued = true;
    void this.serial(() => {
      this.batchQueued = false;
      const files = [...this.queuedFiles];
      this.queuedFiles.clear();
      return this.reload(files, true);
    });
  }

  /** Lists the folder (stat only) and reads every file whose stat differs from the one it was read under; returns the busy ms. */
  private async rescan(): Promise<number> {
    const since = this.lastRescanAt;
    this.lastRescanAt = Date.now();
    const listing = await listFolder(this.root);
    if (this.closed) return listing.busyMs;
    this.watcher.watchFolders(listing.dirs);
    await this.serial(() => {
      const stale = [...listing.files].filter(([rel, stamp]) => !this.index.hasFile(rel) || !sameStampOrBothMissing(stamp, this.index.stampOf(rel)));
      const gone = this.index.filePaths().filter((rel) => !listing.files.has(rel));
      return this.reload([...stale.map(([rel]) => rel), ...gone], true);
    });
    if (this.watchProblems.recheck(since)) this.listener({ kinds: [], problems: true });
    if (!this.leftoversRemoved && !this.opts.readOnly) {
      this.leftoversRemoved = true;
      await removeLeftovers(listing.leftovers).catch(() => []);
    }
    return listing.busyMs;
  }

  /**
   * Reads files again and applies what changed; with settle, a file that looks half-written is read again shortly instead.
   * Returns the files modified within settleMs of their read or locked by another writer then (each is read again after
   * settleMs when watching). underLock: read under this store's lock of the file (which then counts as no other writer's,
   * and a recent modification this process made as whole).
   */
  private async reload(rels: readonly string[], settle = false, underLock = false): Promise<string[]> {
    if (this.closed || rels.length === 0) return [];
    const reads = await readAll(this.root, [...new Set(rels)], this.opts.maxFileBytes ?? DEFAULT_MAX_FILE_BYTES, (rel) => this.index.contentHashOf(rel));
    const recentFiles: string[] = [];
    for (const read of reads) {
      const locked = read.locked === true && !underLock;
      const recent = read.exists && (read.unsettled === true || locked || modifiedWithin(read.statAtMs - read.mtimeMs, this.settleMs));
      if (recent) {
        recentFiles.push(read.rel);
        this.scheduleRecheck(read, locked); // the watcher may say nothing of the rest of this write: look again
      }
      const unchanged = this.index.isUnchanged(read);
      const problems = unchanged ? this.index.hasProblems(read.rel) : read.problems.length > 0;
      const ownWrite = underLock && !read.unsettled && isOwnWrite(realPathOf(join(this.root, read.rel)), read.stamp);
      if (read.exists && (problems || (recent && !ownWrite))) this.doubtful.add(read.rel);
      else this.doubtful.delete(read.rel);
      if (unchanged) {
        this.index.touch(read);
        continue;
      }
      if (settle && recent && this.looksHalfWritten(read)) {
        this.watcher.flushNextAtOnce(); // the event of the rest of the write is read without waiting
        continue;
      }
      this.settleAttempts.delete(read.rel);
      this.index.apply(read);
    }
    const change = this.index.rebuild();
    if (change.kinds.length || change.problemsChanged) this.listener({ kinds: change.kinds, problems: change.problemsChanged });
    return recentFiles;
  }

  private looksHalfWritten(read: FileRead): boolean {
    const attempts = this.settleAttempts.get(read.rel) ?? 0;
    const suspicious = read.problems.length > 0 || (read.resources.length === 0 && this.index.hasFile(read.rel));
    if (!suspicious || attempts >= MAX_SETTLE_ATTEMPTS) return false;
    this.settleAttempts.set(read.rel, attempts + 1);
    return true;
  }

  /**
   * Looks at a recently modified file again after settleMs: it is read again unless its stat is the one the index holds
   * and that stat is trustworthy (a later write would have changed it: the file was older than the file system's timestamp
   * granularity when read, on a file system with sub-second times, and no other writer held its lock).
   */
  private scheduleRecheck(read: FileRead, locked: boolean): void {
    const trusted = read.statAtMs - read.mtimeMs >= STAMP_GRANULARITY_MS && read.mtimeMs % 1000 !== 0 && !read.unsettled && !locked;
    this.recheck.set(read.rel, trusted);
    if (this.recheckTimer) return;
    this.recheckTimer = setTimeout(() => {
      this.recheckTimer = undefined;
      const rels = [...this.recheck];
      this.recheck.clear();
      if (this.closed) return;
      for (const [rel, trusted] of rels) if (!trusted || !sameStampOrBothMissing(statStamp(join(this.root, rel)), this.index.stampOf(rel))) this.watcher.markDirty(rel);
    }, this.settleMs + 5);
    this.recheckTimer.unref();
  }

  /**
   * Brings the index up to date with the disk for a write: pending watcher events, and the file holding the object now (a
   * half-written read is held back as for the watcher; the write reads the file again under its lock anyway).
   */
  private async catchUp(kind: KindName, namespace: string, name: string): Promise<PlacedObject | undefined> {
    const pending = this.watcher.takePending();
    const rels = new Set(pending.files);
    for (const dir of pending.removedDirs) for (const rel of this.index.filePaths()) if (rel.startsWith(dir + '/')) rels.add(rel);
    const placed = this.index.get(kind, namespace, name);
    if (placed) rels.add(placed.file);
    await this.reload([...rels], true);
    return this.index.get(kind, namespace, name);
  }

  /**
   * Before a create: reads again, under their locks and once whole, the files whose last read may have missed objects (an
   * editor was still saving them, or they had problems), and returns the object if one of them holds it; so a create never
   * adds a second copy of an object an earlier write put in such a file (the copy first in path order would win).
   */
  private async readDoubtfulFiles(kind: KindName, namespace: string, name: string): Promise<PlacedObject | undefined> {
    for (const rel of [...this.doubtful].sort(comparePaths)) {
      const abs = join(this.root, rel);
      const reread = async () => {
        const deadline = Date.now() + SETTLE_LIMIT_MS;
        while ((await this.reload([rel], true, !this.opts.readOnly)).length) {
          if (Date.now() > deadline) throw new StorageError(`${rel} keeps changing (another program is writing it); try again once it is saved`);
          await new Promise((r) => setTimeout(r, this.settleMs));
        }
      };
      try {
        await (this.opts.readOnly ? reread() : withFileLock(abs, reread));
      } catch (err) {
        throw asStorageError(err, `${this.url}: cannot create ${kind} ${namespace}/${name} before reading ${rel} whole`);
      }
      const placed = this.index.get(kind, namespace, name);
      if (placed) return placed;
    }
    return undefined;
  }

  /** Where a new object goes; InvalidObjectError when its name makes a file name longer than the file system allows. */
  private newFilePath(obj: Resource): string {
    const { kind, metadata: { namespace, name } } = obj;
    const rel = newObjectPath(kind, namespace, name, this.index.usesSoloKitLayout(), this.neighbours(kind, namespace));
    const bytes = Buffer.byteLength(basename(rel));
    if (bytes > MAX_FILE_NAME_BYTES) {
      const allowed = Buffer.byteLength(name) - (bytes - MAX_FILE_NAME_BYTES);
      throw new InvalidObjectError(`metadata.name is too long for a folder store: its file ${basename(rel).slice(0, 40)}... would have a ${bytes}-byte name, and file names are limited to ${MAX_FILE_NAME_BYTES} bytes here; use a name of at most ${allowed} characters`, '/metadata/name');
    }
    return rel;
  }

  /** The files of the objects of a kind and namespace, and of every object of the namespace: where a new one goes beside. */
  private neighbours(kind: KindName, namespace: string): Neighbours {
    const files = (k: KindName) => this.index.list(k, namespace).map((r) => r.source?.file).filter((f): f is string => f !== undefined);
    return { sameKind: files(kind), sameNamespace: KIND_NAMES.flatMap(files) };
  }

  private refuseWhenReadOnly(): void {
    if (this.opts.readOnly) throw new StorageError(`${this.url} is open read-only`);
  }

  /** The object with its status; the same object while neither changes (so lists of unchanged objects compare by identity). */
  private withStatus(r: Resource): Resource {
    const status = this.statuses.get(r.kind, r.metadata.namespace, r.metadata.name);
    if (!status) return r;
    const known = this.withStatusCache.get(r);
    if (known?.status === status) return known;
    const merged = Object.freeze({ ...r, status });
    this.withStatusCache.set(r, merged);
    return merged;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => {});
    return run;
  }
}

function realPathOf(abs: string): string {
  try {
    return realpathSync.native(abs);
  } catch {
    return abs;
  }
}

function statStamp(abs: string): FileRead['stamp'] {
  try {
    return stampOf(statSync(abs));
  } catch {
    return undefined;
  }
}

function sameStampOrBothMissing(a: FileRead['stamp'], b: FileRead['stamp']): boolean {
  return a === undefined || b === undefined ? a === b : sameStamp(a, b);
}

/** Reads files, yielding to the event loop every READ_SLICE_MS; bytes already indexed are not parsed again. */
async function readAll(root: string, rels: string[], maxBytes: number, knownHash: (rel: string) => string | undefined): Promise<FileRead[]> {
  const out: FileRead[] = [];
  let sliceStart = performance.now();
  for (const rel of rels) {
    if (performance.now() - sliceStart >= READ_SLICE_MS) {
      await new Promise((r) => setImmediate(r));
      sliceStart = performance.now();
    }
    out.push(readConfigFile(root, rel, maxBytes, knownHash(rel)));
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

  /** Reconciles what is served with a stat-only listing of the folder now (a watching store also does it on its own); resolves once the watchers have been handed what changed (see deployInOnePass). */
  async rescanNow(): Promise<void> {
    await this.folder.rescanNow();
    await this.hub.delivered();
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
