// The header's leader badge: when several instances serve one store, whether this one leads (writes statuses and
// generated Proxies) or follows, and which leads. Nothing for a store only one instance serves.
import type { ReactNode } from 'react';
import { useLiveState } from '../state/store-context';

/** The badge; shown in the header of every view. */
export function LeaderBadge(): ReactNode {
  const l = useLiveState((s) => s.info?.leadership);
  if (!l || l.leaseMs === 0) return null;
  const who = l.leader ? `pid ${l.leader.pid} on ${l.leader.hostname}${l.leader.label ? `, ${l.leader.label}` : ''}` : 'none yet';
  const title = l.isLeader
    ? `This instance leads (${l.via}): it writes statuses and generated Proxies; the others serve xDS only.`
    : `Leader: ${who} (${l.via}). This instance serves xDS and takes over within ${l.leaseMs / 1000} s if the leader stops.`;
  return (
    <span className={`conn ${l.isLeader ? 'conn-open' : 'conn-connecting'}`} data-testid="leader-badge" data-leader={l.isLeader} role="status" title={title}>
      {l.isLeader ? '★ Leader' : `☆ Follower of ${l.leader ? `pid ${l.leader.pid}` : '…'}`}
    </span>
  );
}
