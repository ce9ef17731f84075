// Leader election on etcd, as etcd's own concurrency package does it (client/v3/concurrency/election.go): every instance
// puts a key under PREFIX/election/ bound to its lease; the key created first leads. A leader that dies stops renewing
// its lease, etcd deletes the key when the lease runs out, and the next key leads. A leader that cannot renew its lease
// for three quarters of the lease's TTL steps down by itself, before etcd lets another take over. The TTL granted is a
// second shorter than the lease time, as etcd finds expired leases only every 500 ms: a dead leader is replaced within
// the lease time (for lease times of 2 s and more).
import type { Etcd3, Lease, Watcher } from 'etcd3';
import { DEFAULT_LEASE_SECONDS, type LeaderElectionOptions, type LeaderElector, type LeaderInfo, type LeaderState, LeaderListeners } from './leader-elector';
import { newLeaderIdentity } from './identity';

/** The etcd lease elector; `electionPrefix` ends in `/`. */
export class EtcdLeaseElector implements LeaderElector {
  readonly via = 'etcd lease';
  readonly identity: LeaderInfo;
  readonly leaseMs: number;
  /** The TTL of the etcd lease, in seconds. */
  private readonly ttlSeconds: number;
  private readonly listeners = new LeaderListeners();
  private lease?: Lease;
  private myKey?: string;
  private lastRenew = 0;
  private leaderKey?: string;
  private current?: LeaderInfo;
  private leading = false;
  private watcher?: Watcher;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private readonly closeClient: boolean;

  constructor(private readonly client: Etcd3, private readonly electionPrefix: string, opts: LeaderElectionOptions & { closeClient?: boolean } = {}) {
    this.closeClient = opts.closeClient === true;
    this.identity = opts.identity ?? newLeaderIdentity();
    this.leaseMs = 1000 * (opts.leaseSeconds ?? DEFAULT_LEASE_SECONDS);
    this.ttlSeconds = Math.max(1, Math.ceil(this.leaseMs / 1000) - 1);
  }

  /** Puts this instance's key, watches the election and decides who leads. */
  async start(): Promise<void> {
    await this.watch();
    await this.campaign();
    await this.refresh();
    this.timer = setInterval(() => {
      this.evaluate();
      if (!this.lease && !this.stopped) void this.campaign().then(() => this.refresh(), () => {});
    }, Math.max(100, this.leaseMs / 6));
  }

  /** Decided afresh on every call: a process that was frozen past its lease (SIGSTOP, a long pause) never acts as leader. */
  isLeader(): boolean {
    this.evaluate();
    return this.leading;
  }

  leader(): LeaderInfo | undefined {
    return this.isLeader() ? this.identity : this.current;
  }

  onChange(cb: (state: LeaderState) => void): () => void {
    return this.listeners.add(cb);
  }

  /** Revokes the lease (deleting the key, so the next instance leads at once) and stops watching; idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.listeners.clear();
    clearInterval(this.timer);
    this.myKey = undefined;
    this.evaluate();
    await this.watcher?.cancel().catch(() => {});
    await this.lease?.revoke().catch(() => {});
    this.lease = undefined;
    if (this.closeClient) this.client.close();
  }

  /** Watches the election's keys; re-decides on every change, and watches anew if etcd cancels the watch (compaction). */
  private async watch(): Promise<void> {
    const watcher = await this.client.watch().prefix(this.electionPrefix).create();
    this.watcher = watcher;
    watcher.on('data', () => void this.refresh()).on('connected', () => void this.refresh());
    watcher.on('error', () => {
      watcher.removeAllListeners();
      this.rewatch();
    });
  }

  private rewatch(): void {
    if (this.stopped) return;
    setTimeout(() => void this.watch().then(() => this.refresh(), () => this.rewatch()), 500);
  }

  /** Grants a lease and puts this instance's key bound to it; the key's create revision is its place in line. */
  private async campaign(): Promise<void> {
    const lease = this.client.lease(this.ttlSeconds);
    this.lease = lease;
    lease.on('keepaliveSucceeded', () => {
      this.lastRenew = Date.now();
    });
    lease.on('lost', () => {
      if (this.lease !== lease) return;
      this.lease = undefined;
      this.myKey = undefined;
      this.evaluate();
    });
    try {
      const id = await lease.grant();
      const key = `${this.electionPrefix}${id}`;
      await lease.put(key).value(JSON.stringify(this.identity));
      this.lastRenew = Date.now();
      if (this.lease === lease && !this.stopped) this.myKey = key;
    } catch (err) {
      if (this.lease === lease) this.lease = undefined;
      await lease.revoke().catch(() => {});
      throw err;
    }
  }

  /** Reads who is first in line (the oldest key) and re-decides. */
  private async refresh(): Promise<void> {
    try {
      const res = await this.client.getAll().prefix(this.electionPrefix).sort('Create', 'Ascend').limit(1).exec();
      const first = res.kvs[0];
      this.leaderKey = first?.key.toString();
      this.current = first ? parseInfo(first.value.toString()) : undefined;
    } catch {
      // etcd cannot be reached: keep what we knew; our own leadership decays in evaluate()
    }
    this.evaluate();
  }

  /** Leads while first in line with a lease renewed within three quarters of its TTL; tells listeners of any change. */
  private evaluate(): void {
    const renewed = Date.now() - this.lastRenew < (this.ttlSeconds * 1000 * 3) / 4;
    const leading = !this.stopped && this.myKey !== undefined && this.leaderKey === this.myKey && renewed;
    const leader = leading ? this.identity : this.current;
    this.leading = leading;
    this.listeners.tell(leading, leader);
  }
}

function parseInfo(text: string): LeaderInfo | undefined {
  try {
    const v = JSON.parse(text) as LeaderInfo;
    return typeof v.id === 'string' && typeof v.pid === 'number' ? v : undefined;
  } catch {
    return undefined;
  }
}
