// The GitOps part of the engine contract: sync status, changesets, changeset mode, review and merge. EngineApi
// extends it, so every shell reaches it the same way as the rest.
import type { ChangesetReview, ChangesetSummary, GitSyncStatus, MergeOutcome } from './review-types';

/** What a shell may ask of the engine about Git. Every method fails with a clear error when the served folder is not in Git. */
export interface GitOpsApi {
  /** Whether the served folder is in sync with its deployed branch (with the diff when it is dirty), and the changeset mode. */
  gitStatus(): Promise<GitSyncStatus>;
  /** Every changeset, newest first. */
  listChangesets(): Promise<ChangesetSummary[]>;
  /** Creates a changeset from the deployed branch. */
  createChangeset(name: string): Promise<ChangesetSummary>;
  /**
   * Changeset mode: with a name, saves and deletes become commits on that changeset (the served folder is untouched) and
   * the object list and editor show the changeset's config; without one, they go to the served folder again.
   */
  setChangesetMode(name?: string): Promise<GitSyncStatus>;
  /** What merging a changeset would do: YAML diff, statuses, route tests before and after, traffic diff, xDS diff. */
  reviewChangeset(name: string): Promise<ChangesetReview>;
  /** Merges a changeset into the deployed branch, and so deploys it; refused on conflicts, a dirty folder, and unless forced on problems. */
  mergeChangeset(name: string, force?: boolean): Promise<MergeOutcome>;
  /** Deletes a changeset's branch. */
  discardChangeset(name: string): Promise<void>;
}

/** The GitOpsApi method names, in the order ENGINE_METHODS lists them. */
export const GITOPS_METHODS = [
  'gitStatus', 'listChangesets', 'createChangeset', 'setChangesetMode', 'reviewChangeset', 'mergeChangeset', 'discardChangeset',
] as const satisfies readonly (keyof GitOpsApi)[];
