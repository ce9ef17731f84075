// The engine's part in the election among the instances serving one store: every instance serves xDS, only the leader
// writes statuses and generated Proxies. A new leader writes the statuses of its newest pass once (gained()), so what
// the previous leader left unwritten is written and nothing it wrote changes. The UI hears of every change.
import type { LeadershipView } from '../../common/api/contract';
import { newLeaderIdentity } from '../leader/identity';
import type { LeaderElector, LeaderState } from '../leader/leader-elector';
import { newLeaderElector } from '../leader/leader-election';
import { LockElector } from '../leader/lock-elector';
import { takeOverNotice } from './serve-state';

/** What the engine needs to take part. */
export interface LeadershipOptions {
  readonly store: string;
  /** What the UI shows of this instance, e.g. `xDS 127.0.0.1:18000`. */
  readonly label: string;
  /** Lease time in seconds of elections that have one (default: $XDS_SANDBOX_LEASE_SECONDS, else the elector's). */
  readonly leaseSeconds?: number;
  readonly log: (line: string) => void;
  /** Called on every change of who leads. */
  readonly changed: (view: LeadershipView) => void;
  /** Called when this instance becomes the leader after the start (not when it leads from the start). */
  readonly gained: () => Promise<void>;
}

/** This instance's place in the election. */
export interface Leadership {
  isLeader(): boolean;
  view(): LeadershipView;
  /** Calls apply with whether this instance leads now, then after every change of it, one call after the other. */
  follow(apply: (leading: boolean) => void | Promise<void>): Following;
  close(): Promise<void>;
}

/** A follow() in progress. */
export interface Following {
  /** The first call's outcome: rejects when apply failed for the state at the start. */
  readonly first: Promise<void>;
  /** Makes no more calls; resolves once the call under way (if any) is done. */
  stop(): Promise<void>;
}

/** Starts campaigning; resolves once it is decided whether this instance leads, after logging who does. */
export async function startLeadership(o: LeadershipOptions): Promise<Leadership> {
  const leaseSeconds = o.leaseSeconds ?? (Number(process.env.XDS_SANDBOX_LEASE_SECONDS) || undefined);
  const elector = await newLeaderElector(o.store, { identity: newLeaderIdentity(o.label), ...(leaseSeconds ? { leaseSeconds } : {}) });
  await elector.start();
  if (elector instanceof LockElector && elector.takenOver) o.log(takeOverNotice(o.store, elector.takenOver));
  const view = () => leadershipView(elector);
  if (!elector.isLeader()) o.log(describe(view()));
  const changes = new Set<() => void>();
  elector.onChange((state: LeaderState) => {
    o.log(describe(view()));
    o.changed(view());
    if (state.isLeader) void Promise.resolve().then(o.gained).catch((err: Error) => o.log(`error: writing statuses as the new leader: ${err.message}`));
    for (const c of [...changes]) c();
  });
  const follow = (apply: (leading: boolean) => void | Promise<void>): Following => {
    let applied: boolean | undefined;
    let stopped = false;
    // Each call applies the state when it runs, so a quick lose-and-regain is applied once or not at all.
    const step = async () => {
      const leading = elector.isLeader();
      if (stopped || leading === applied) return;
      applied = leading;
      await apply(leading);
    };
    const first = step();
    let chain = first.catch(() => {});
    const changed = () => {
      chain = chain.then(step).catch((err: Error) => o.log(`error: following the change of leader: ${err.message}`));
    };
    changes.add(changed);
    return {
      first,
      stop: async () => {
        stopped = true;
        changes.delete(changed);
        await chain;
      },
    };
  };
  return { isLeader: () => elector.isLeader(), view, follow, close: () => elector.stop() };
}

/** The UI's picture of an elector. */
export function leadershipView(elector: LeaderElector): LeadershipView {
  const leader = elector.leader();
  const via = elector.via;
  return {
    isLeader: elector.isLeader(), via, leaseMs: elector.leaseMs,
    ...(leader ? { leader: { hostname: leader.hostname, pid: leader.pid, since: leader.since, ...(leader.label ? { label: leader.label } : {}) } } : {}),
  };
}

function describe(v: LeadershipView): string {
  const who = v.leader ? `pid ${v.leader.pid} on ${v.leader.hostname}${v.leader.label ? ` (${v.leader.label})` : ''}` : 'no instance yet';
  return v.isLeader
    ? `leader: this instance writes statuses and Proxies (${v.via})`
    : `leader: ${who} writes statuses; this instance serves xDS and takes over if it stops (${v.via}, lease ${v.leaseMs} ms)`;
}
