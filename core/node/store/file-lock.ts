// The write lock of one config file, shared by every process that rewrites it (serve, `apply`, `delete`, the UI through
// serve): `.NAME.yaml.lock` beside the file, created exclusively, holding the holder's pid, host and a token. A lock left
// by a dead process on this host is broken; breaking goes through `.NAME.yaml.lock.break`, created exclusively too, so two
// processes that both find the same stale lock cannot remove a lock that a third one has just taken.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readdir, readFile, realpath, rm, rmdir, stat } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { StorageError } from '../../common/model/errors';

/** Who holds a lock file. */
export interface LockOwner {
  readonly pid: number;
  readonly hostname: string;
  readonly token: string;
}

/** How long to wait for a busy file lock before giving up (ms). */
export const FILE_LOCK_TIMEOUT_MS = 10_000;

/** A lock file of another host older than this is taken as stale (a write holds its lock for milliseconds). */
const FOREIGN_STALE_MS = 60_000;

/** A break file older than this was left by a process that died while breaking a lock. */
const BREAK_STALE_MS = 5_000;

/** The lock file of a (real) file path: `.NAME.lock` in the same folder. */
export function lockPathOf(realFile: string): string {
  return join(dirname(realFile), `.${basename(realFile)}.lock`);
}

/** Whether a lock's holder is alive: this process, or a live process of this host; another host's holder counts as alive. */
export function isLiveOwner(owner: LockOwner): boolean {
  if (owner.hostname !== hostname()) return true;
  if (owner.pid === process.pid) return true;
  try {
    process.kill(owner.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * Runs fn while holding the write lock of file (symlinks resolved, so every link to a file shares its lock); waits for a
 * live holder up to timeoutMs, then fails with a StorageError naming it. The lock is released however fn ends.
 */
export async function withFileLock<T>(file: string, fn: () => Promise<T>, timeoutMs = FILE_LOCK_TIMEOUT_MS): Promise<T> {
  const real = await realpath(file).catch(() => file);
  const lockFile = lockPathOf(real);
  const createdDir = await mkdir(dirname(lockFile), { recursive: true });
  try {
    const token = await acquire(lockFile, timeoutMs);
    try {
      return await fn();
    } finally {
      await releaseIfOurs(lockFile, token);
    }
  } finally {
    if (createdDir) await removeEmptyFolders(dirname(lockFile), createdDir);
  }
}

/** Removes dir and its parents up to top (the first folder mkdir created) while they are empty: a write that did not happen leaves none. */
async function removeEmptyFolders(dir: string, top: string): Promise<void> {
  for (let d = dir; d.startsWith(top); d = dirname(d)) {
    if ((await readdir(d).catch(() => ['?'])).length) return;
    await rmdir(d).catch(() => {});
    if (d === top) return;
  }
}

/** Removes a lock file whose holder is dead (a leftover of a killed process); true when it did. */
export async function removeStaleLock(lockFile: string): Promise<boolean> {
  const owner = await readOwner(lockFile);
  if (owner && isLiveOwner(owner)) return false;
  if (!owner && (await ageMs(lockFile)) < BREAK_STALE_MS) return false;
  return breakLock(lockFile, owner?.token);
}

async function acquire(lockFile: string, timeoutMs: number): Promise<string> {
  const me: LockOwner = { pid: process.pid, hostname: hostname(), token: randomBytes(8).toString('hex') };
  const deadline = Date.now() + timeoutMs;
  for (let wait = 1; ; wait = Math.min(wait * 2, 50)) {
    if (await tryCreate(lockFile, JSON.stringify(me) + '\n')) return me.token;
    const owner = await readOwner(lockFile);
    const stale = owner ? !isLiveOwner(owner) || (owner.hostname !== hostname() && (await ageMs(lockFile)) > FOREIGN_STALE_MS) : (await ageMs(lockFile)) > BREAK_STALE_MS;
    if (stale && (await breakLock(lockFile, owner?.token))) continue;
    if (Date.now() > deadline) {
      const who = owner ? `process ${owner.pid} on ${owner.hostname}` : 'another process';
      throw new StorageError(`${basename(lockFile).slice(1, -'.lock'.length)} is being written by ${who} (lock ${lockFile}); try again, or remove the lock file if no xds-sandbox is running`);
    }
    await new Promise((r) => setTimeout(r, wait + Math.random() * wait));
  }
}

async function tryCreate(file: string, content: string): Promise<boolean> {
  let created = false;
  try {
    const fh = await open(file, 'wx');
    created = true;
    try {
      await fh.writeFile(content);
    } finally {
      await fh.close();
    }
    return true;
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST') return false;
    if (code === 'ENOENT' && !created) {
      await mkdir(dirname(file), { recursive: true }); // another writer's failed create removed the empty folder: try again
      return false;
    }
    if (created) await rm(file, { force: true }); // e.g. the disk is full: leave no empty lock behind
    throw new StorageError(`cannot create the lock file ${file}: ${(err as Error).message}`, err);
  }
}

/** Removes a stale lock under the break file, after checking it is still the one found stale (same token, or still unreadable). */
async function breakLock(lockFile: string, staleToken: string | undefined): Promise<boolean> {
  const breakFile = lockFile + '.break';
  if (!(await tryCreate(breakFile, String(process.pid)))) {
    if ((await ageMs(breakFile)) > BREAK_STALE_MS) await rm(breakFile, { force: true });
    return false;
  }
  try {
    const owner = await readOwner(lockFile);
    if (owner?.token !== staleToken) return false;
    await rm(lockFile, { force: true });
    return true;
  } finally {
    await rm(breakFile, { force: true });
  }
}

async function releaseIfOurs(lockFile: string, token: string): Promise<void> {
  if ((await readOwner(lockFile))?.token === token) await rm(lockFile, { force: true });
}

async function readOwner(lockFile: string): Promise<LockOwner | undefined> {
  try {
    const v = JSON.parse(await readFile(lockFile, 'utf8')) as LockOwner;
    return typeof v.pid === 'number' && typeof v.token === 'string' ? v : undefined;
  } catch {
    return undefined;
  }
}

async function ageMs(file: string): Promise<number> {
  try {
    return Date.now() - (await stat(file)).mtimeMs;
  } catch {
    return Infinity;
  }
}
