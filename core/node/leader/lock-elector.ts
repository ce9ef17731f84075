// Leader election by a lock file, for stores on this machine (YAML folders, SQLite files): the instance holding the state
// folder's lock (store/folder-lock.ts) leads; the others follow and try again every poll. A lock whose process is gone is
// taken over, so a follower leads within one poll of the leader's death. Holders on other hosts cannot be checked and
// are taken to be alive.
import { acquireStateLock, type FolderLock, type TakenOverLock } from '../store/folder-lock';
import { LeaderListeners, type LeaderElectionOptions, type LeaderElector, type LeaderInfo, type LeaderState } from './leader-elector';
import { newLeaderIdentity } from './identity';

/** How often a follower tries the lock, in ms (the lease time of this elector). */
export const LOCK_POLL_MS = 1000;

/** The lock-file elector of a state folder. */
export class LockElector implements LeaderElector {
  readonly via = 'lock file';
  readonly identity: LeaderInfo;
  readonly leaseMs: number;
  /** Set when this instance took over a stale lock: whose it was and why it was stale. */
  takenOver?: TakenOverLock;
  private readonly listeners = new LeaderListeners();
  private lock?: FolderLock;
  private current?: LeaderInfo;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  constructor(private readonly stateDir: string, opts: LeaderElectionOptions & { pollMs?: number } = {}) {
    this.identity = opts.identity ?? newLeaderIdentity();
    this.leaseMs = opts.pollMs ?? LOCK_POLL_MS;
  }

  /** Tries the lock now, then every poll while following. */
  async start(): Promise<void> {
    this.poll();
    this.timer = setInterval(() => this.poll(), this.leaseMs);
  }

  isLeader(): boolean {
    return this.lock?.acquired === true;
  }

  leader(): LeaderInfo | undefined {
    return this.isLeader() ? this.identity : this.current;
  }

  onChange(cb: (state: LeaderState) => void): () => void {
    return this.listeners.add(cb);
  }

  /** Releases the lock (a follower takes it on its next poll); idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.listeners.clear();
    clearInterval(this.timer);
    this.lock?.release();
    this.lock = undefined;
  }

  private poll(): void {
    if (this.stopped || this.isLeader()) return;
    const lock = acquireStateLock(this.stateDir);
    this.lock = lock;
    if (lock.acquired) {
      if (lock.takenOver) this.takenOver = lock.takenOver;
      this.tell();
      return;
    }
    const { pid, hostname: host, since } = lock.holder;
    this.current = { id: `${host}/${pid}`, pid, hostname: host, since };
    this.tell();
  }

  private tell(): void {
    this.listeners.tell(this.isLeader(), this.leader());
  }
}

/** The elector of a store only one instance can serve (memory:): it always leads. */
export class SoloElector implements LeaderElector {
  readonly via = 'single instance';
  readonly identity: LeaderInfo;
  readonly leaseMs = 0;

  constructor(opts: LeaderElectionOptions = {}) {
    this.identity = opts.identity ?? newLeaderIdentity();
  }

  async start(): Promise<void> {}

  isLeader(): boolean {
    return true;
  }

  leader(): LeaderInfo {
    return this.identity;
  }

  onChange(): () => void {
    return () => {};
  }

  async stop(): Promise<void> {}
}

