// One read-modify-write of a config file, safe against every other writer: under the file's lock (shared by serve,
// `apply`, `delete` and the UI), the change is computed from what the file holds now, and the result replaces the file only
// if no program that ignores the lock (an editor) wrote it meanwhile; otherwise the file is read again and the change
// computed again.
import { readFile, realpath, stat } from 'node:fs/promises';
import { StorageError } from '../../common/model/errors';
import { FileChangedError, isOwnWrite, removeIfUnchanged, writeFileAtomic } from './atomic-write';
import { withFileLock } from './file-lock';
import { modifiedWithin, sameStamp, stampOf, type FileStamp } from './folder-reader';

/** What a file holds now: its text (undefined when it does not exist) and the stat it was read under. */
export interface CurrentFile {
  readonly text?: string;
  readonly stamp?: FileStamp;
}

/** What a change decided: the new text, REMOVE_FILE, or KEEP_FILE (nothing to write), and what to hand back. */
export interface Rewrite<R> {
  readonly text: string | typeof REMOVE_FILE | typeof KEEP_FILE;
  readonly result: R;
}

/** A change's answer that removes the file. */
export const REMOVE_FILE = Symbol('remove the file');
/** A change's answer that leaves the file as it is. */
export const KEEP_FILE = Symbol('keep the file');

/** Options of rewriteFile. */
export interface RewriteOptions {
  /** A file modified less than this many ms ago (by another process) is read again after that, so a write in progress is not taken for whole. */
  readonly settleMs: number;
  /** Flush before renaming into place (default true). */
  readonly fsync?: boolean;
  /** Runs under the lock once the file was written (or kept), e.g. to read it back. */
  readonly afterWrite?: () => Promise<void>;
}

/** How many times a change is computed again when programs that ignore the lock keep writing the file. */
const ATTEMPTS = 5;
/** How long a file may keep changing before a write (or a read of it whole) gives up on it. */
export const SETTLE_LIMIT_MS = 2000;

/** Computes change from the file's current content under its lock and writes the result; returns change's result. */
export async function rewriteFile<R>(file: string, opts: RewriteOptions, change: (current: CurrentFile) => Rewrite<R>): Promise<R> {
  return withFileLock(file, async () => {
    for (let attempt = 1; ; attempt++) {
      const current = await readSettled(file, opts.settleMs);
      const { text, result } = change(current);
      try {
        if (text === REMOVE_FILE) await removeIfUnchanged(file, current.stamp);
        else if (text !== KEEP_FILE) await writeFileAtomic(file, text, { fsync: opts.fsync, unchangedSince: current.stamp ?? null });
      } catch (err) {
        if (err instanceof FileChangedError && attempt < ATTEMPTS) continue;
        throw err;
      }
      await opts.afterWrite?.();
      return result;
    }
  });
}

/**
 * Reads a file whole: two stats around the read agree and match the bytes read, and the file was not modified within
 * settleMs unless this process wrote it last. StorageError when it keeps changing for SETTLE_LIMIT_MS.
 */
export async function readSettled(file: string, settleMs: number): Promise<CurrentFile> {
  const real = await realpath(file).catch(() => file);
  const deadline = Date.now() + SETTLE_LIMIT_MS;
  for (;;) {
    const before = await statOrMissing(real);
    if (!before) return {};
    const bytes = await readFile(real).catch(() => undefined);
    const after = await statOrMissing(real);
    const age = Date.now() - before.mtimeMs;
    if (bytes && bytes.length === before.size && sameStamp(before, after) && (!modifiedWithin(age, settleMs) || isOwnWrite(real, before))) {
      return { text: bytes.toString('utf8'), stamp: before };
    }
    if (Date.now() > deadline) throw new StorageError(`${file} keeps changing (another program is writing it); try again once it is saved`);
    await new Promise((r) => setTimeout(r, Math.max(1, Math.min(settleMs - age, 20))));
  }
}

async function statOrMissing(file: string): Promise<FileStamp | undefined> {
  let st;
  try {
    st = await stat(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'ENOENT' || code === 'ENOTDIR') return undefined;
    throw new StorageError(`cannot read ${file}: ${(err as Error).message}`, err);
  }
  if (!st.isFile()) throw new StorageError(`${file} is not a file; cannot write an object into it`);
  return stampOf(st);
}
