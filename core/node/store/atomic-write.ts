// Atomic file replacement: write a temp file in the same folder, flush it, rename it over the target; and the clean-up of
// temp files that a killed writer left behind.
import { randomBytes } from 'node:crypto';
import { mkdir, open, realpath, rename, rm, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { isLiveOwner, removeStaleLock } from './file-lock';
import { sameStamp, stampOf, type FileStamp } from './folder-reader';

/** Options of writeFileAtomic. */
export interface AtomicWriteOptions {
  /** Flush the data to disk before the rename (default true), so a crash never leaves an empty file. */
  readonly fsync?: boolean;
  /**
   * Replace the target only if it still has this stamp right before the rename (null: only if it does not exist), else
   * fail with FileChangedError: another program wrote it since it was read.
   */
  readonly unchangedSince?: FileStamp | null;
}

/** The target of a write changed after it was read (by a program that does not take the file lock): read it again. */
export class FileChangedError extends Error {
  constructor(readonly file: string) {
    super(`${file} changed while it was being written`);
  }
}

/** Stamps of the files this process wrote last, by real path: a file that still has one was written whole by us. */
const ownWrites = new Map<string, FileStamp>();
const OWN_WRITES_KEPT = 256;

/** A temp file of writeFileAtomic: `.NAME.PID-HEX.tmp`. */
const TEMP_FILE = /^\..+\.(\d+)-[0-9a-f]{8}\.tmp$/;

/** A temp file younger than this is left alone even when its pid looks dead (it may belong to another host's writer). */
const TEMP_GRACE_MS = 10_000;

/**
 * Replaces file with text so that a reader sees either the old or the new content, never a mix. The temp file is a dotfile
 * next to the target (watchers ignore it); a symlinked target is written through (the link stays); the mode is kept.
 */
export async function writeFileAtomic(file: string, text: string, opts: AtomicWriteOptions = {}): Promise<void> {
  const target = await realpath(file).catch(() => file);
  const dir = dirname(target);
  await mkdir(dir, { recursive: true });
  const mode = await stat(target).then((s) => s.mode & 0o7777, () => 0o644);
  const tmp = join(dir, `.${basename(target)}.${process.pid}-${randomBytes(4).toString('hex')}.tmp`);
  try {
    const fh = await open(tmp, 'wx', mode);
    try {
      await fh.writeFile(text, 'utf8');
      if (opts.fsync !== false) await fh.datasync();
    } finally {
      await fh.close();
    }
    if (opts.unchangedSince !== undefined && !sameStampOrBothMissing(await currentStamp(target), opts.unchangedSince)) throw new FileChangedError(file);
    await rename(tmp, target);
  } catch (err) {
    await rm(tmp, { force: true });
    throw err;
  }
  noteOwnWrite(target, await currentStamp(target));
}

/** Removes file only if it still has the stamp it was read with; FileChangedError otherwise. */
export async function removeIfUnchanged(file: string, since: FileStamp | undefined): Promise<void> {
  const target = await realpath(file).catch(() => file);
  if (!sameStampOrBothMissing(await currentStamp(target), since ?? null)) throw new FileChangedError(file);
  await rm(file, { force: true });
  ownWrites.delete(target);
}

/** Whether this process wrote the file (a real path) last and nobody changed it since. */
export function isOwnWrite(realFile: string, stamp: FileStamp | undefined): boolean {
  return sameStamp(ownWrites.get(realFile), stamp);
}

/** Removes leftovers of killed writers among paths: temp files of dead processes, lock files of dead holders. */
export async function removeLeftovers(paths: readonly string[]): Promise<string[]> {
  const removed: string[] = [];
  for (const path of paths) {
    const name = basename(path);
    const temp = TEMP_FILE.exec(name);
    let gone = false;
    if (temp) gone = await removeDeadTemp(path, Number(temp[1]));
    else if (name.endsWith('.lock')) gone = await removeStaleLock(path);
    if (gone) removed.push(path);
  }
  return removed;
}

async function removeDeadTemp(path: string, pid: number): Promise<boolean> {
  if (pid === process.pid || isLiveOwner({ pid, hostname: hostname(), token: '' })) return false;
  const age = await stat(path).then((s) => Date.now() - s.mtimeMs, () => -1);
  if (age < TEMP_GRACE_MS) return false;
  await rm(path, { force: true });
  return true;
}

async function currentStamp(file: string): Promise<FileStamp | null> {
  try {
    return stampOf(await stat(file));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
}

function sameStampOrBothMissing(a: FileStamp | null, b: FileStamp | null): boolean {
  return a === null || b === null ? a === b : sameStamp(a, b);
}

function noteOwnWrite(target: string, stamp: FileStamp | null): void {
  ownWrites.delete(target);
  if (stamp) ownWrites.set(target, stamp);
  if (ownWrites.size > OWN_WRITES_KEPT) ownWrites.delete(ownWrites.keys().next().value!);
}
