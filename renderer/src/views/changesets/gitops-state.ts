// The GitOps state views share: a version that bumps after every GitOps action (so lists and the header badge reload),
// and the sync status, reloaded on that version and after every pass.
import { useSyncExternalStore } from 'react';
import type { GitSyncStatus } from '../../../../core/common/gitops/review-types';
import { useLiveState, useQuery, type Query } from '../../state/store-context';

let version = 0;
const listeners = new Set<() => void>();

/** Says that a GitOps action changed something (a changeset, the mode, the deployed branch): every GitOps view reloads. */
export function gitOpsChanged(): void {
  version++;
  for (const l of [...listeners]) l();
}

/** The GitOps version, for query dependencies. */
export function useGitOpsVersion(): number {
  return useSyncExternalStore((l) => { listeners.add(l); return () => { listeners.delete(l); }; }, () => version);
}

/** The sync status of the served folder, reloaded after GitOps actions, passes and whenever `tick` changes. */
export function useSyncStatus(tick = 0): Query<GitSyncStatus> {
  const v = useGitOpsVersion();
  const pass = useLiveState((s) => s.passes[0]?.id);
  return useQuery((c) => c.gitStatus(), [v, pass, tick]);
}
