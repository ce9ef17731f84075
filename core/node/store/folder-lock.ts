// The lock of a store's state folder (`<folder>/.xds-sandbox/lock`, or `.NAME.db.xds-sandbox/lock` beside a SQLite file):
// one `serve` at a time per store.
import { randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, realpathSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { STATE_DIR } from './folder-paths';

/** Who holds a folder's lock. */
export interface LockHolder {
  readonly pid: number;
  readonly hostname: string;
  readonly since: string;
  /** The state folder the lock was taken in (real path); a lock found elsewhere was copied with its folder. */
  readonly dir?: string;
}

/** A lock this process took over: whose it was, and why it was stale (its process is gone, or it was copied from another folder). */
export interface TakenOverLock {
  readonly holder: LockHolder;
  readonly why: 'gone' | 'copied';
}

/** The outcome of acquireFolderLock: held by us (release it when done), or by someone else (holder says who). */
export interface FolderLock {
  readonly acquired: boolean;
  readonly holder: LockHolder;
  /** Set when the lock was acquired by taking over a stale one. */
  readonly takenOver?: TakenOverLock;
  /** Gives the lock up; does nothing when it was not acquired or is already released. */
  release(): void;
}

/** Takes a config folder's lock (`<folder>/.xds-sandbox/lock`); see acquireStateLock. */
export function acquireFolderLock(folder: string): FolderLock {
  return acquireStateLock(join(folder, STATE_DIR));
}

/**
 * Takes the lock in a state folder (creating the folder) unless a live process holds it; a lock left by a dead process on
 * this host, or copied from another folder of this host that still holds it (`cp -r` of a served folder), is taken over and
 * reported in takenOver; a folder moved while served keeps its lock. A second `serve` can use the answer to refuse or to go read-only.
 */
export function acquireStateLock(dir: string): FolderLock {
  const file = join(dir, 'lock');
  mkdirSync(dir, { recursive: true });
  const me = { pid: process.pid, hostname: hostname(), since: new Date().toISOString(), dir: realpathSync(dir), token: randomBytes(8).toString('hex') };
  let takenOver: TakenOverLock | undefined;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      writeFileSync(file, JSON.stringify(me) + '\n', { flag: 'wx' });
      return { acquired: true, holder: me, ...(takenOver ? { takenOver } : {}), release: () => releaseIfOurs(file, me.token) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const holder = readHolder(file);
    const copied = holder !== undefined && holder.hostname === hostname() && holder.dir !== undefined && holder.dir !== me.dir && stillHeldAt(holder.dir, holder.token);
    if (holder && !copied && isAlive(holder)) return { acquired: false, holder, release: () => {} };
    if (!holder && ageMs(file) < 2000) break; // being written by a process that just took it
    if (holder) takenOver = { holder, why: copied ? 'copied' : 'gone' };
    rmSync(file, { force: true }); // stale (dead holder, or unreadable and old): take it over
  }
  const holder = readHolder(file) ?? { pid: 0, hostname: 'unknown', since: '' };
  return { acquired: false, holder, release: () => {} };
}

/** Whether the folder a lock was written in still holds that very lock (so this one is a copy, not the folder moved). */
function stillHeldAt(dir: string, token: string | undefined): boolean {
  return token !== undefined && readHolder(join(dir, 'lock'))?.token === token;
}

function readHolder(file: string): (LockHolder & { token?: string }) | undefined {
  try {
    const v = JSON.parse(readFileSync(file, 'utf8')) as LockHolder & { token?: string };
    return typeof v.pid === 'number' ? v : undefined;
  } catch {
    return undefined;
  }
}

function ageMs(file: string): number {
  try {
    return Date.now() - statSync(file).mtimeMs;
  } catch {
    return Infinity;
  }
}

function isAlive(holder: LockHolder): boolean {
  if (holder.hostname !== hostname()) return true; // cannot tell for another host: assume it is alive
  try {
    process.kill(holder.pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function releaseIfOurs(file: string, token: string): void {
  if (readHolder(file)?.token === token) rmSync(file, { force: true });
}
