// Watches a config folder with `fs.watch` (inotify on Linux): one watch per folder, whose events name the entry that
// changed, plus one per symlinked config file (so an edit of its target is seen). A file event costs no listing of the
// folder; only a new folder is walked. Changed paths are handed over in batches. The first event after a quiet spell (no
// flush for the quiet window) goes over at once, with the other events the same poll of the kernel's queue brought, so a
// save is read without waiting. Events that follow are coalesced: a quiet window (default 5 ms) after the last event,
// capped (default 50 ms after the first) so a continuous stream still flushes. While a stream
// goes on (a batch ended by the cap), the cap doubles up to 8 times its base, so a long `git checkout` gives a few lists,
// not dozens; the first quiet flush brings it back to the base. Events the kernel drops (a full queue) are found by the
// folder store's rescans, which also hand back folders to watch.
import { lstatSync, realpathSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';
import { isConfigFile, isIgnoredPath, toRelative } from './folder-paths';
import { listFolder, type FolderChangeSource } from './folder-scan';

/** Timing of the coalescing. */
export interface WatchTiming {
  /** Events within this long of the last flush are coalesced until no event came for this long, in ms (default 5); the first event after it flushes at once. */
  readonly quietMs?: number;
  /** Flush at the latest this long after the first event of a batch, in ms (default 50; doubles during a long stream). */
  readonly maxWaitMs?: number;
}

/** One batch: config files that may have changed, and folders that went away (everything under them may be gone). */
export interface WatchBatch {
  readonly files: Set<string>;
  readonly removedDirs: Set<string>;
  /** Many events came, or folders came or went: the kernel may have dropped events (a rescan should follow). */
  readonly burst: boolean;
}

/** Events in one batch from which on it counts as a burst. */
const BURST_EVENTS = 256;

/** A watch of a folder (following symlinks, once per real folder) that batches the relative paths of changed config files. */
export class FolderWatcher implements FolderChangeSource {
  /** Watched folders and symlinked files, by relative path ('' is the root). */
  private readonly watches = new Map<string, FSWatcher>();
  /** Real paths of the watched folders by relative path, and the set of them (a folder is watched through one path only). */
  private readonly realDirs = new Map<string, string>();
  private readonly watchedReals = new Set<string>();
  private files = new Set<string>();
  private removedDirs = new Set<string>();
  private events = 0;
  private structural = false;
  private quietTimer?: NodeJS.Timeout;
  private maxTimer?: NodeJS.Timeout;
  /** The flush of the first event after a quiet spell, on the next turn of the event loop. */
  private immediate?: NodeJS.Immediate;
  /** When the last batch was flushed (performance.now()). */
  private lastFlushAt = -Infinity;
  private closed = false;
  private readonly quietMs: number;
  private readonly maxWaitMs: number;
  private capMs: number;

  constructor(private readonly root: string, timing: WatchTiming, private readonly onBatch: (batch: WatchBatch) => void, private readonly onError: (err: Error) => void) {
    this.quietMs = timing.quietMs ?? 5;
    this.maxWaitMs = timing.maxWaitMs ?? 50;
    this.capMs = this.maxWaitMs;
  }

  /** Starts watching; resolves with every config file present (relative paths) once the folder was walked. Errors go to onError. */
  async start(): Promise<string[]> {
    this.watchDir('');
    return this.addTree('', false);
  }

  /** Adds a path to the next batch (e.g. to check a file again) and schedules a flush. */
  markDirty(rel: string): void {
    this.files.add(rel);
    this.schedule();
  }

  /** The pending batch now, cancelling the scheduled flush (for a write that must see the folder as it is). */
  takePending(): WatchBatch {
    this.clearTimers();
    const batch = { files: this.files, removedDirs: this.removedDirs, burst: this.structural || this.events >= BURST_EVENTS };
    this.files = new Set();
    this.removedDirs = new Set();
    this.events = 0;
    this.structural = false;
    return batch;
  }

  /** Hands the next event over at once, as after a quiet spell (a file was read half-written: the rest of its write is awaited). */
  flushNextAtOnce(): void {
    this.lastFlushAt = -Infinity;
  }

  /** Adds to the watch every folder (absolute path) it does not watch, e.g. one created in a burst whose events were lost. */
  watchFolders(dirs: readonly string[]): void {
    for (const dir of dirs) {
      const rel = toRelative(this.root, dir);
      if (!this.watches.has(rel)) this.watchDir(rel);
    }
  }

  /** Stops watching. */
  async close(): Promise<void> {
    this.closed = true;
    this.clearTimers();
    for (const w of this.watches.values()) w.close();
    this.watches.clear();
  }

  /** Walks a folder (stat only), watches every folder and symlinked config file in it; returns its config files. */
  private async addTree(rel: string, report: boolean): Promise<string[]> {
    const own = this.realDirs.get(rel);
    const listing = await listFolder(join(this.root, rel), [...this.watchedReals].filter((real) => real !== own));
    if (this.closed) return [];
    const prefix = rel ? `${rel}/` : '';
    for (const dir of listing.dirs) {
      const dirRel = toRelative(this.root, dir);
      if (!this.watches.has(dirRel)) this.watchDir(dirRel);
    }
    for (const link of listing.symlinks) this.watchFile(prefix + link);
    const files = [...listing.files.keys()].map((f) => prefix + f);
    if (report) {
      this.structural = true;
      for (const f of files) this.markDirty(f);
    }
    return files;
  }

  private watchDir(rel: string): void {
    if (this.closed || this.watches.has(rel)) return;
    const abs = join(this.root, rel);
    try {
      const real = realpathSync(abs);
      if (this.watchedReals.has(real)) return; // reached before through another path
      const w = watch(abs, (event, name) => this.onDirEvent(rel, event, name === null ? null : String(name)));
      w.on('error', (err) => this.dirGone(rel, err));
      this.watches.set(rel, w);
      this.realDirs.set(rel, real);
      this.watchedReals.add(real);
    } catch (err) {
      const code = (err as NodeJS.ErrnoException).code;
      if (code !== 'ENOENT' && code !== 'ENOTDIR') this.onError(withPath(err as Error, abs));
    }
  }

  /** Watches a symlinked config file: the watch follows it to its target, whose edits the folder's watch does not see. */
  private watchFile(rel: string): void {
    if (this.closed || this.watches.has(rel)) return;
    try {
      const w = watch(join(this.root, rel), () => this.note(rel));
      w.on('error', () => this.unwatch(rel));
      this.watches.set(rel, w);
    } catch {
      this.note(rel); // a dangling link or a loop: the read reports why
    }
  }

  private onDirEvent(dirRel: string, event: string, name: string | null): void {
    if (this.closed) return;
    this.events++;
    if (name === null) {
      void this.addTree(dirRel, true); // the kernel did not say what changed: look at the whole folder
      return;
    }
    const rel = dirRel ? `${dirRel}/${name}` : name;
    if (isIgnoredPath(rel)) return;
    if (isConfigFile(rel)) this.note(rel);
    if (event === 'rename') this.checkEntry(rel); // created, removed or moved: maybe a folder or a symlink
  }

  /** After an event on an entry: a new folder (or link to one) is walked and watched, a gone one reported, a new symlinked file watched. */
  private checkEntry(rel: string): void {
    const abs = join(this.root, rel);
    let isDir = false;
    let isLink = false;
    try {
      isLink = lstatSync(abs).isSymbolicLink();
      isDir = statSync(abs).isDirectory();
    } catch {
      // gone, or a link that leads nowhere
    }
    if (isDir) {
      if (!this.watches.has(rel)) void this.addTree(rel, true);
      return;
    }
    if (this.realDirs.has(rel)) this.dirGone(rel);
    if (isLink && isConfigFile(rel)) this.watchFile(rel);
    else if (!isLink && this.watches.has(rel)) this.unwatch(rel);
  }

  /** A watched folder went away: everything under it may be gone, and its watches end. */
  private dirGone(rel: string, err?: Error): void {
    if (this.closed) return;
    if (err && (err as NodeJS.ErrnoException).code !== 'ENOENT') this.onError(withPath(err, join(this.root, rel)));
    for (const key of [...this.watches.keys()]) if (key === rel || key.startsWith(rel + '/')) this.unwatch(key);
    if (rel === '') return;
    this.structural = true;
    this.removedDirs.add(rel);
    this.schedule();
  }

  private unwatch(rel: string): void {
    this.watches.get(rel)?.close();
    this.watches.delete(rel);
    const real = this.realDirs.get(rel);
    if (real !== undefined) this.watchedReals.delete(real);
    this.realDirs.delete(rel);
  }

  private note(rel: string): void {
    this.files.add(rel);
    this.schedule();
  }

  private schedule(): void {
    if (this.closed || this.immediate) return; // the flush already due takes this event too
    if (!this.maxTimer && performance.now() - this.lastFlushAt >= this.quietMs) {
      this.immediate = setImmediate(() => this.flush(false));
      return;
    }
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.flush(false), this.quietMs);
    this.maxTimer ??= setTimeout(() => this.flush(true), this.capMs);
  }

  private flush(byCap: boolean): void {
    this.capMs = byCap ? Math.min(this.capMs * 2, this.maxWaitMs * 8) : this.maxWaitMs;
    this.lastFlushAt = performance.now();
    const batch = this.takePending();
    if (batch.files.size || batch.removedDirs.size) this.onBatch(batch);
  }

  private clearTimers(): void {
    clearImmediate(this.immediate);
    this.immediate = undefined;
    clearTimeout(this.quietTimer);
    clearTimeout(this.maxTimer);
    this.quietTimer = undefined;
    this.maxTimer = undefined;
  }
}

function withPath(err: Error, path: string): Error {
  const e = err as NodeJS.ErrnoException;
  if (!e.path) e.path = path;
  return e;
}
