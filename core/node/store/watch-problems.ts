// Problems of a folder's watch itself (a folder that cannot be watched or read, no inotify watches left), kept as state:
// each one is checked again on every rescan and dropped once its cause is gone.
import { readdirSync, statSync } from 'node:fs';
import type { FileProblem } from '../../common/model/errors';
import { toRelative } from './folder-paths';

interface WatchProblem {
  readonly problem: FileProblem;
  /** The path the error named, if any. */
  readonly path?: string;
  /** The error is about the system (no watches or files left), not about its path: it lasts until it stops coming. */
  readonly systemWide: boolean;
  /** When the error last came (Date.now()). */
  seenAt: number;
}

/** Error codes that say the system ran out of something, not that a path is wrong. */
const SYSTEM_WIDE = new Set(['ENOSPC', 'EMFILE', 'ENFILE', 'ENOMEM']);

/** The current watch problems of a folder, one per path. */
export class WatchProblems {
  private readonly byFile = new Map<string, WatchProblem>();
  private cached: FileProblem[] = [];

  constructor(private readonly root: string) {}

  /** Records a watcher error as a problem; false when the same problem was already there. */
  add(err: Error): boolean {
    const { path, code } = err as NodeJS.ErrnoException;
    const file = path ? toRelative(this.root, path) || '.' : '.';
    const hint = code === 'ENOSPC' ? ' (the system limit of watched files is reached: raise fs.inotify.max_user_watches)' : '';
    const message = `cannot watch: ${err.message}${hint}; changes here are noticed only by the rescan every few seconds`;
    const known = this.byFile.get(file);
    const now = Date.now();
    if (known?.problem.message === message) {
      known.seenAt = now;
      return false;
    }
    this.byFile.set(file, { problem: { file, line: 1, column: 1, message }, path, systemWide: !path || SYSTEM_WIDE.has(String(code)), seenAt: now });
    this.cached = [...this.byFile.values()].map((p) => p.problem);
    return true;
  }

  /**
   * Drops every problem whose cause is gone: its path can be read now, or no longer exists; a system-wide one when it did
   * not come again since `since` (the previous check, after which the missing folders were watched again). True when any
   * was dropped.
   */
  recheck(since: number): boolean {
    let dropped = false;
    for (const [file, p] of this.byFile) {
      const gone = p.systemWide ? p.seenAt < since : p.path !== undefined && readable(p.path);
      if (gone) dropped = this.byFile.delete(file) || dropped;
    }
    if (dropped) this.cached = [...this.byFile.values()].map((p) => p.problem);
    return dropped;
  }

  /** The problems now. */
  list(): readonly FileProblem[] {
    return this.cached;
  }
}

/** Whether a path can be stat'ed (and listed, when a folder), or does not exist at all. */
function readable(path: string): boolean {
  try {
    if (statSync(path).isDirectory()) readdirSync(path);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'ENOENT';
  }
}
