// Watches a config folder with chokidar and hands over changed paths in coalesced batches: a short quiet window
// (default 5 ms) after the last event, capped (default 50 ms after the first) so a continuous stream still flushes. While a
// stream goes on (a batch ended by the cap), the cap doubles up to 8 times its base, so a long `git checkout` gives a few
// lists, not dozens; the first quiet flush brings it back to the base.
import { watch, type FSWatcher } from 'chokidar';
import { realpathSync, type Stats } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { isConfigFile, isIgnoredPath, toRelative } from './folder-paths';
import type { FolderChangeSource } from './folder-scan';

/** Timing of the coalescing. */
export interface WatchTiming {
  /** Flush once no event came for this long, in ms (default 5). */
  readonly quietMs?: number;
  /** Flush at the latest this long after the first event of a batch, in ms (default 50; doubles during a long stream). */
  readonly maxWaitMs?: number;
}

/** One batch: config files that may have changed, and folders that went away (everything under them may be gone). */
export interface WatchBatch {
  readonly files: Set<string>;
  readonly removedDirs: Set<string>;
}

/** A chokidar watch of a folder (following symlinks) that batches the relative paths of changed config files. */
export class FolderWatcher implements FolderChangeSource {
  private watcher?: FSWatcher;
  private files = new Set<string>();
  private removedDirs = new Set<string>();
  private quietTimer?: NodeJS.Timeout;
  private maxTimer?: NodeJS.Timeout;
  private ready = false;
  private readonly quietMs: number;
  private readonly maxWaitMs: number;
  private capMs: number;

  constructor(private readonly root: string, timing: WatchTiming, private readonly onBatch: (batch: WatchBatch) => void, private readonly onError: (err: Error) => void) {
    this.quietMs = timing.quietMs ?? 5;
    this.maxWaitMs = timing.maxWaitMs ?? 50;
    this.capMs = this.maxWaitMs;
  }

  /** Starts watching; resolves with every config file present (relative paths) once the first scan is done. Errors go to onError. */
  start(): Promise<string[]> {
    return new Promise((resolve) => {
      const w = watch(this.root, { followSymlinks: true, atomic: false, ignoreInitial: false, ignored: (p: string, stats?: Stats) => this.ignored(p, stats) });
      this.watcher = w;
      w.on('add', (p) => this.note(p));
      w.on('change', (p) => this.note(p));
      w.on('unlink', (p) => this.note(p));
      w.on('unlinkDir', (p) => this.noteDir(p));
      // Raw events too: chokidar drops a file's events that come within 5 ms (and changes within 50 ms) of the previous one,
      // and says nothing of a file it could not stat; a raw event of a config file makes it be read again.
      w.on('raw', (_event, name, details) => this.noteRaw(name, (details as { watchedPath?: string } | undefined)?.watchedPath));
      w.on('error', (err) => this.onError(err as Error));
      w.on('ready', () => {
        this.ready = true;
        const initial = [...this.files];
        this.files.clear();
        this.removedDirs.clear();
        resolve(initial);
      });
    });
  }

  /** Adds a path to the next batch (e.g. to check a file again) and schedules a flush. */
  markDirty(rel: string): void {
    this.files.add(rel);
    this.schedule();
  }

  /** The pending batch now, cancelling the scheduled flush (for a write that must see the folder as it is). */
  takePending(): WatchBatch {
    this.clearTimers();
    const batch = { files: this.files, removedDirs: this.removedDirs };
    this.files = new Set();
    this.removedDirs = new Set();
    return batch;
  }

  /** Adds to the watch every folder (absolute path) it does not watch, e.g. one created in a burst whose events were lost. */
  watchFolders(dirs: readonly string[]): void {
    if (!this.watcher || !this.ready) return;
    const watched = this.watcher.getWatched();
    const missing = dirs.filter((d) => !(d in watched));
    if (missing.length) this.watcher.add(missing);
  }

  /** Stops watching. */
  async close(): Promise<void> {
    this.clearTimers();
    await this.watcher?.close();
  }

  private ignored(path: string, stats?: Stats): boolean {
    const rel = toRelative(this.root, path);
    if (rel.startsWith('..')) return false;
    if (isIgnoredPath(rel)) return true;
    if (stats?.isSymbolicLink()) return this.isSymlinkLoop(path);
    return stats?.isFile() === true && !isConfigFile(rel);
  }

  /** Whether a symlink points at the root or at a folder above it inside the root (following it would never end). */
  private isSymlinkLoop(path: string): boolean {
    try {
      const target = realpathSync(path);
      for (let dir = dirname(path); ; dir = dirname(dir)) {
        if (realpathSync(dir) === target) return true;
        if (dir === this.root || dirname(dir) === dir) return false;
      }
    } catch {
      return false;
    }
  }

  private note(path: string): void {
    const rel = toRelative(this.root, path);
    if (!isConfigFile(rel)) return;
    this.files.add(rel);
    if (this.ready) this.schedule();
  }

  private noteRaw(name: string | null, watchedPath: string | undefined): void {
    if (!name || !watchedPath) return;
    this.note(basename(watchedPath) === name ? watchedPath : join(watchedPath, name));
  }

  private noteDir(path: string): void {
    this.removedDirs.add(toRelative(this.root, path));
    if (this.ready) this.schedule();
  }

  private schedule(): void {
    clearTimeout(this.quietTimer);
    this.quietTimer = setTimeout(() => this.flush(false), this.quietMs);
    this.maxTimer ??= setTimeout(() => this.flush(true), this.capMs);
  }

  private flush(byCap: boolean): void {
    this.capMs = byCap ? Math.min(this.capMs * 2, this.maxWaitMs * 8) : this.maxWaitMs;
    const batch = this.takePending();
    if (batch.files.size || batch.removedDirs.size) this.onBatch(batch);
  }

  private clearTimers(): void {
    clearTimeout(this.quietTimer);
    clearTimeout(this.maxTimer);
    this.quietTimer = undefined;
    this.maxTimer = undefined;
  }
}
