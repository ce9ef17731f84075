// One walk of a config folder (following symlinked folders, once each) for stores opened without watching.
import type { Dirent } from 'node:fs';
import { readdir, realpath, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { isConfigFile, isIgnoredSegment } from './folder-paths';
import type { WatchBatch } from './folder-watcher';

/** Relative paths (with `/`) of every config file under root, skipping ignored names and symlink cycles. */
export async function scanFolder(root: string): Promise<string[]> {
  const out: string[] = [];
  const seen = new Set<string>();
  const walk = async (dir: string, rel: string): Promise<void> => {
    const real = await realpath(dir).catch(() => dir);
    if (seen.has(real)) return;
    seen.add(real);
    let entries: Dirent[];
    try {
      entries = await readdir(dir, { withFileTypes: true });
    } catch {
      return; // unreadable folder: nothing to read in it
    }
    for (const e of entries) {
      if (isIgnoredSegment(e.name)) continue;
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      const abs = join(dir, e.name);
      const isDir = e.isDirectory() || (e.isSymbolicLink() && (await stat(abs).then((s) => s.isDirectory(), () => false)));
      if (isDir) await walk(abs, childRel);
      else if (isConfigFile(childRel)) out.push(childRel);
    }
  };
  await walk(root, '');
  return out.sort();
}

/** What the folder store needs from a source of file changes: the first list of files, then batches. */
export interface FolderChangeSource {
  /** Resolves with every config file present once the first scan is done. */
  start(): Promise<string[]>;
  /** Asks for a path to be checked again in a later batch. */
  markDirty(rel: string): void;
  /** The changes not yet handed over, now. */
  takePending(): WatchBatch;
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
    return { files: new Set(), removedDirs: new Set() };
  }

  async close(): Promise<void> {}
}
