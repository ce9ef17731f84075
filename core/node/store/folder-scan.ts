// Stat-only walks of a config folder (following symlinked folders, once each): the list a store opened without watching
// reads, and the listing a watching store reconciles its index with, to catch what the watcher missed.
import { readdirSync, realpathSync, statSync, type Dirent, type Stats } from 'node:fs';
import { join } from 'node:path';
import { isConfigFile, isIgnoredSegment } from './folder-paths';
import { stampOf, type FileStamp } from './folder-reader';
import type { WatchBatch } from './folder-watcher';

/** What one stat-only walk of a config folder found. */
export interface FolderListing {
  /** Every config file (relative path) with its stamp; undefined when it cannot be stat'ed (a symlink loop, no permission). */
  readonly files: Map<string, FileStamp | undefined>;
  /** Config files that are symbolic links (relative paths). */
  readonly symlinks: string[];
  /** Every folder walked, as an absolute path reached through the root. */
  readonly dirs: string[];
  /** Write temp files and lock files the store's writers leave when killed (absolute paths). */
  readonly leftovers: string[];
  /** Milliseconds spent in file-system calls; the walk yields to the event loop between chunks of them. */
  readonly busyMs: number;
}

/** File-system calls made between two yields to the event loop. */
const CALLS_PER_CHUNK = 256;

/** `.NAME.PID-HEX.tmp` (atomic-write's temp file) and `.NAME.lock` (file-lock's lock file). */
const LEFTOVER = /^\..+(\.\d+-[0-9a-f]{8}\.tmp|\.lock)$/;

/** Lists every config file under root with its stat, skipping ignored names, symlink cycles and the folders (real paths) in `skip`; never throws. */
export async function listFolder(root: string, skip: Iterable<string> = []): Promise<FolderListing> {
  const files = new Map<string, FileStamp | undefined>();
  const symlinks: string[] = [];
  const dirs: string[] = [];
  const leftovers: string[] = [];
  const seen = new Set<string>(skip);
  const pending: [string, string][] = [[root, '']];
  let busyMs = 0;
  let calls = 0;
  /** Times one file-system call, and yields to the event loop after every CALLS_PER_CHUNK of them. */
  const timed = async <T>(call: () => T): Promise<T> => {
    const start = performance.now();
    const result = call();
    busyMs += performance.now() - start;
    if (++calls % CALLS_PER_CHUNK === 0) await new Promise((r) => setImmediate(r));
    return result;
  };
  for (let next = pending.pop(); next; next = pending.pop()) {
    const [dir, rel] = next;
    const entries = await timed(() => readDir(dir, seen));
    if (!entries) continue;
    dirs.push(dir);
    for (const e of entries) {
      const abs = join(dir, e.name);
      if (LEFTOVER.test(e.name)) leftovers.push(abs);
      if (isIgnoredSegment(e.name)) continue;
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        pending.push([abs, childRel]);
        continue;
      }
      if (!e.isSymbolicLink() && !isConfigFile(childRel)) continue;
      if (e.isSymbolicLink() && isConfigFile(childRel)) symlinks.push(childRel);
      const st = await timed(() => statOrCode(abs));
      if (typeof st === 'string') {
        if (st !== 'ENOENT' && isConfigFile(childRel)) files.set(childRel, undefined);
      } else if (st.isDirectory()) pending.push([abs, childRel]);
      else if (st.isFile() && isConfigFile(childRel)) files.set(childRel, stampOf(st));
    }
  }
  return { files, symlinks, dirs, leftovers, busyMs };
}

/** Relative paths (with `/`) of every config file under root, sorted. */
export async function scanFolder(root: string): Promise<string[]> {
  return [...(await listFolder(root)).files.keys()].sort();
}

function readDir(dir: string, seen: Set<string>): Dirent[] | undefined {
  try {
    const real = realpathSync(dir);
    if (seen.has(real)) return undefined;
    seen.add(real);
    return readdirSync(dir, { withFileTypes: true });
  } catch {
    return undefined; // unreadable or gone meanwhile: nothing to read in it
  }
}

function statOrCode(abs: string): Stats | string {
  try {
    return statSync(abs);
  } catch (err) {
    return String((err as NodeJS.ErrnoException).code);
  }
}

/** What the folder store needs from a source of file changes: the first list of files, then batches. */
export interface FolderChangeSource {
  /** Resolves with every config file present once the first scan is done. */
  start(): Promise<string[]>;
  /** Asks for a path to be checked again in a later batch. */
  markDirty(rel: string): void;
  /** The changes not yet handed over, now. */
  takePending(): WatchBatch;
  /** Hands the next change over at once instead of coalescing it (a file was read half-written: the rest of its write is awaited). */
  flushNextAtOnce(): void;
  /** Makes sure these folders (absolute paths) are watched; a folder whose creation the watcher missed is watched from now on. */
  watchFolders(dirs: readonly string[]): void;
  /** Stops. */
  close(): Promise<void>;
}

/** A change source that scans once and never reports changes (a store opened with watch: false). */
export class ScanOnce implements FolderChangeSource {
  constructor(private readonly root: string) {}

  start(): Promise<string[]> {
    return scanFolder(this.root);
  }

  markDirty(): void {}

  takePending(): WatchBatch {
    return { files: new Set(), removedDirs: new Set(), burst: false };
  }

  flushNextAtOnce(): void {}

  watchFolders(): void {}

  async close(): Promise<void> {}
}
