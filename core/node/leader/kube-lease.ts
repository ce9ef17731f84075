// Leader election on a Kubernetes Lease (coordination.k8s.io/v1), as client-go's leaderelection package does it
// (tryAcquireOrRenew in tools/leaderelection/leaderelection.go): the holder renews spec.renewTime every retry period;
// another instance takes the Lease once it has seen the same record unchanged for long enough (its own clock only, so
// clocks may differ); every update carries the Lease's resourceVersion, so of two candidates one wins. A leader that
// could not renew within the renew deadline steps down before anyone may take over; stop() releases the Lease.
// Timing, for a lease time L: a round every L/6, the renew deadline L/2, and a record unchanged for 2L/3 counts as
// expired. A follower sees a renewal at most one round late and acts at most one round after expiry, so a dead leader is
// replaced within L of its last renewal, and never before it has stepped down (L/2 < 2L/3).
import { StorageError } from '../../common/model/errors';
import { KubeHttp, type KubeStatus, type KubeTarget } from '../store/kube-http';
import { DEFAULT_LEASE_SECONDS, type LeaderElectionOptions, type LeaderElector, type LeaderInfo, type LeaderState, LeaderListeners } from './leader-elector';
import { newLeaderIdentity } from './identity';

/** Annotation of the Lease holding the leader's LeaderInfo as JSON (holderIdentity holds its id). */
export const LEADER_ANNOTATION = 'xds-sandbox.io/leader';
/** The Lease's name. */
export const LEASE_NAME = 'xds-sandbox-leader';

interface Lease {
  apiVersion: 'coordination.k8s.io/v1';
  kind: 'Lease';
  metadata: { name: string; namespace: string; resourceVersion?: string; annotations?: Record<string, string> };
  spec: { holderIdentity?: string; leaseDurationSeconds?: number; acquireTime?: string; renewTime?: string; leaseTransitions?: number };
}

/** Options of the Lease elector: where the Lease lives and how to reach the cluster. */
export interface KubeLeaseOptions extends LeaderElectionOptions, KubeTarget {
  /** The Lease's namespace (default: the kubeconfig context's namespace, else `default`). */
  readonly namespace?: string;
}

/** The Kubernetes Lease elector. */
export class KubeLeaseElector implements LeaderElector {
  readonly via = 'Kubernetes Lease';
  readonly identity: LeaderInfo;
  readonly leaseMs: number;
  private readonly listeners = new LeaderListeners();
  private http?: KubeHttp;
  private namespace = 'default';
  private observed?: { record: string; at: number; holder?: LeaderInfo };
  private lastRenew = 0;
  private leading = false;
  private timer?: NodeJS.Timeout;
  private stopped = false;
  private busy = false;

  constructor(private readonly opts: KubeLeaseOptions = {}) {
    this.identity = opts.identity ?? newLeaderIdentity();
    this.leaseMs = 1000 * (opts.leaseSeconds ?? DEFAULT_LEASE_SECONDS);
  }

  /** Connects, makes the first attempt to acquire the Lease, then retries every sixth of the lease time. */
  async start(): Promise<void> {
    this.http = await KubeHttp.connect(this.opts);
    this.namespace = this.opts.namespace ?? this.http.contextNamespace ?? 'default';
    await this.round();
    this.timer = setInterval(() => void this.round(), Math.max(100, this.leaseMs / 6));
  }

  /** Decided afresh on every call: a process that was frozen past its renew deadline (SIGSTOP, a long pause) never acts as leader. */
  isLeader(): boolean {
    this.evaluate();
    return this.leading;
  }

  leader(): LeaderInfo | undefined {
    return this.isLeader() ? this.identity : this.observed?.holder;
  }

  onChange(cb: (state: LeaderState) => void): () => void {
    return this.listeners.add(cb);
  }

  /** Stops campaigning and, when leading, releases the Lease (empty holder) so another takes over at once; idempotent. */
  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    const wasLeading = this.leading;
    this.evaluate();
    if (wasLeading) await this.release().catch(() => {});
    this.http?.close();
  }

  /** One attempt to acquire or renew, then a decision; errors leave leadership to decay in evaluate(). */
  private async round(): Promise<void> {
    if (this.busy || this.stopped) return;
    this.busy = true;
    try {
      await this.tryAcquireOrRenew();
    } catch {
      // the cluster cannot be reached: keep what we knew; our own leadership decays in evaluate()
    } finally {
      this.busy = false;
      this.evaluate();
    }
  }

  private get path(): string {
    return `/apis/coordination.k8s.io/v1/namespaces/${encodeURIComponent(this.namespace)}/leases`;
  }

  private async tryAcquireOrRenew(): Promise<void> {
    const http = this.http!;
    const now = new Date();
    const res = await http.request<Lease>('GET', `${this.path}/${LEASE_NAME}`);
    if (res.status === 404) {
      const created = await http.request<Lease>('POST', this.path, this.record(undefined, now));
      if (created.status === 201 || created.status === 200) this.noteRenewed(created.body);
      else if (created.status !== 409) throw leaseError(created.status, created.body);
      return;
    }
    if (res.status !== 200) throw leaseError(res.status, res.body);
    const lease = res.body;
    this.observe(lease);
    const holder = lease.spec.holderIdentity;
    const expired = Date.now() - this.observed!.at >= (this.leaseMs * 2) / 3;
    if (holder && holder !== this.identity.id && !expired) return;
    const updated = await http.request<Lease>('PUT', `${this.path}/${LEASE_NAME}`, this.record(lease, now));
    if (updated.status === 200) this.noteRenewed(updated.body);
    else if (updated.status !== 409) throw leaseError(updated.status, updated.body);
  }

  /** The Lease naming this instance as holder, over `current` (whose resourceVersion guards the write). */
  private record(current: Lease | undefined, now: Date): Lease {
    const same = current?.spec.holderIdentity === this.identity.id;
    return {
      apiVersion: 'coordination.k8s.io/v1',
      kind: 'Lease',
      metadata: {
        name: LEASE_NAME,
        namespace: this.namespace,
        ...(current?.metadata.resourceVersion ? { resourceVersion: current.metadata.resourceVersion } : {}),
        annotations: { ...current?.metadata.annotations, [LEADER_ANNOTATION]: JSON.stringify(this.identity) },
      },
      spec: {
        holderIdentity: this.identity.id,
        leaseDurationSeconds: Math.ceil(this.leaseMs / 1000),
        acquireTime: same && current?.spec.acquireTime ? current.spec.acquireTime : microTime(now),
        renewTime: microTime(now),
        leaseTransitions: (current?.spec.leaseTransitions ?? 0) + (same || !current ? 0 : 1),
      },
    };
  }

  private noteRenewed(lease: Lease): void {
    this.lastRenew = Date.now();
    this.observe(lease);
  }

  /** Remembers the record and when it last changed, on this machine's clock. */
  private observe(lease: Lease): void {
    const record = JSON.stringify(lease.spec);
    if (this.observed?.record === record) return;
    const holder = lease.spec.holderIdentity ? parseInfo(lease.metadata.annotations?.[LEADER_ANNOTATION], lease.spec.holderIdentity) : undefined;
    this.observed = { record, at: Date.now(), ...(holder ? { holder } : {}) };
  }

  /** Leads while holding the Lease with a renewal within half the lease time; tells listeners of any change. */
  private evaluate(): void {
    const renewed = Date.now() - this.lastRenew < this.leaseMs / 2;
    const leading = !this.stopped && renewed && this.observed?.holder?.id === this.identity.id;
    const leader = leading ? this.identity : this.observed?.holder;
    this.leading = leading;
    this.listeners.tell(leading, leader);
  }

  /** Empties the holder if this instance still holds the Lease (client-go's ReleaseOnCancel). */
  private async release(): Promise<void> {
    const http = this.http!;
    const res = await http.request<Lease>('GET', `${this.path}/${LEASE_NAME}`);
    if (res.status !== 200 || res.body.spec.holderIdentity !== this.identity.id) return;
    const lease = res.body;
    const { [LEADER_ANNOTATION]: _me, ...annotations } = lease.metadata.annotations ?? {};
    await http.request('PUT', `${this.path}/${LEASE_NAME}`, { ...lease, metadata: { ...lease.metadata, annotations }, spec: { ...lease.spec, holderIdentity: '', leaseDurationSeconds: 1 } });
  }
}

/** A time in the MicroTime form the Lease API takes (RFC 3339 with microseconds). */
function microTime(d: Date): string {
  return d.toISOString().replace(/\.(\d{3})Z$/, '.$1000Z');
}

function parseInfo(text: string | undefined, id: string): LeaderInfo {
  try {
    const v = JSON.parse(text ?? '') as LeaderInfo;
    if (v.id === id && typeof v.pid === 'number') return v;
  } catch {
    // a holder written by another tool: known by its id only
  }
  return { id, hostname: '', pid: 0, since: '' };
}

function leaseError(status: number, body: unknown): StorageError {
  return new StorageError(`kube: the leader Lease answered ${status}: ${(body as KubeStatus | undefined)?.message ?? 'no message'}`);
}
