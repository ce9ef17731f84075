// Leader election among several `serve` instances on one store: every instance serves xDS, only the leader writes
// statuses and generated Proxies. One interface; each kind of store has an implementation (see leader-election.ts).

/** Who an instance is (or who leads). */
export interface LeaderInfo {
  /** Unique per instance and start (random); compares instances. */
  readonly id: string;
  readonly hostname: string;
  readonly pid: number;
  /** When this instance started campaigning (ISO 8601). */
  readonly since: string;
  /** A short human label, e.g. the xDS address it serves (optional). */
  readonly label?: string;
}

/** What an instance knows of the election now. */
export interface LeaderState {
  /** Whether this instance leads. */
  readonly isLeader: boolean;
  /** The leader, when known (this instance's identity while it leads). */
  readonly leader?: LeaderInfo;
}

/** One instance's part in an election: campaign, learn who leads, hear of changes, resign. */
export interface LeaderElector {
  /** This instance. */
  readonly identity: LeaderInfo;
  /** How leadership is decided, for people ('etcd lease', 'Kubernetes Lease', 'lock file', 'single instance'). */
  readonly via: string;
  /** How long a dead leader can hold leadership before another takes over, in milliseconds. */
  readonly leaseMs: number;
  /** Starts campaigning; resolves once the first round has decided whether this instance leads. */
  start(): Promise<void>;
  /** Whether this instance leads now. */
  isLeader(): boolean;
  /** The leader now, when known. */
  leader(): LeaderInfo | undefined;
  /** Calls cb on every change of isLeader() or leader(); returns the unsubscribe function. */
  onChange(cb: (state: LeaderState) => void): () => void;
  /** Stops campaigning and resigns if leading, so another instance takes over at once; idempotent. */
  stop(): Promise<void>;
}

/** Options every elector takes. */
export interface LeaderElectionOptions {
  /** This instance (default: a new random id, this host and pid). */
  readonly identity?: LeaderInfo;
  /** Lease time in seconds (default 10): how long until a dead leader is replaced. */
  readonly leaseSeconds?: number;
}

/** The default lease time in seconds. */
export const DEFAULT_LEASE_SECONDS = 10;

/** An elector's onChange listeners; they are told only when whether this instance leads, or who leads, changed. */
export class LeaderListeners {
  private readonly listeners = new Set<(state: LeaderState) => void>();
  private told: { isLeader: boolean; leaderId?: string } = { isLeader: false };

  /** Adds a listener; returns the unsubscribe function. */
  add(cb: (state: LeaderState) => void): () => void {
    this.listeners.add(cb);
    return () => this.listeners.delete(cb);
  }

  /** Tells every listener of this state when it differs from the last one told. */
  tell(isLeader: boolean, leader: LeaderInfo | undefined): void {
    if (isLeader === this.told.isLeader && leader?.id === this.told.leaderId) return;
    this.told = { isLeader, ...(leader ? { leaderId: leader.id } : {}) };
    const state: LeaderState = { isLeader, ...(leader ? { leader } : {}) };
    for (const cb of [...this.listeners]) cb(state);
  }

  /** Forgets every listener (stopping is no change of leader to tell). */
  clear(): void {
    this.listeners.clear();
  }
}
