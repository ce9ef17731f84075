// Merging a changeset deploys it: the deployed branch is fast-forwarded (or gets a merge commit built without a work
// tree), and the served work tree follows through `git merge --ff-only`, which moves branch, index and files together
// or not at all. Refused, with nothing changed, while the served folder is dirty, on a conflict, and (unless forced)
// while the changeset's config has Rejected objects, failing route tests or file problems.
import type { MergeOutcome } from '../../common/gitops/review-types';
import { reviewChangeset } from './changeset-review';
import { changesetSummary } from './changesets';
import { GitError, git } from './git';
import { currentBranch, resolveCommit, type GitFolder } from './git-repo';
import { planMerge } from './merge-plan';
import { dirtyFiles } from './sync-status';
import type { BlobCache } from './tree-config';

/** Runs the update of the served work tree; the engine wraps it so that one pass deploys the whole merge. */
export type Deploy = (update: () => Promise<void>) => Promise<void>;

/** Options of a merge. */
export interface MergeOptions {
  /** Merge although the changeset's config has Rejected objects or failing route tests. */
  readonly force?: boolean;
  readonly cache?: BlobCache;
  readonly deploy?: Deploy;
}

/** Merges changeset `name` into the deployed branch of the served folder and updates that folder. */
export async function mergeChangeset(repo: GitFolder, name: string, opts: MergeOptions = {}): Promise<MergeOutcome> {
  const branch = await currentBranch(repo);
  const refused = await refuseWhenDirty(repo, `merge changeset ${name}`);
  if (refused) return refused;
  const changeset = await changesetSummary(repo, name);
  const base = await resolveCommit(repo, 'HEAD');
  const plan = await planMerge(repo, base, changeset.commit);
  if (plan.kind === 'up-to-date') return { merged: false, reason: 'nothing', message: `${branch} already holds everything in changeset ${name}` };
  if (plan.kind === 'conflict') {
    return { merged: false, reason: 'conflict', files: plan.conflicts, message: `changeset ${name} conflicts with ${branch} in ${plan.conflicts.join(', ')}; nothing was merged. Update the changeset (e.g. \`git rebase ${branch} ${changeset.branch}\`) and try again` };
  }
  if (!opts.force) {
    const review = await reviewChangeset(repo, name, opts.cache);
    if (review.blocking.length) {
      return { merged: false, reason: 'blocked', blocking: review.blocking, message: `changeset ${name} is not merged: its config has ${review.blocking.length} problem${review.blocking.length === 1 ? '' : 's'} (merge with --force to deploy it anyway)` };
    }
  }
  const target = plan.kind === 'fast-forward' ? changeset.commit
    : await git(repo.top, ['commit-tree', plan.result, '-p', base, '-p', changeset.commit, '-F', '-'], { input: `Merge changeset ${name} into ${branch}\n` });
  await fastForwardWorkTree(repo, target, opts.deploy);
  return { merged: true, branch, commit: target, fastForward: plan.kind === 'fast-forward' };
}

/** A refusal naming the dirty config files of the served folder, or undefined when it is clean. */
export async function refuseWhenDirty(repo: GitFolder, what: string): Promise<MergeOutcome | undefined> {
  const dirty = await dirtyFiles(repo);
  if (dirty.length === 0) return undefined;
  return {
    merged: false, reason: 'dirty', files: dirty.map((d) => d.path),
    message: `cannot ${what}: the served folder has changes not committed to its branch (${dirty.map((d) => d.path).join(', ')}); commit them or discard them first, so nothing is lost`,
  };
}

/** Fast-forwards the checked-out branch, its index and the served files to `target`; GitError when HEAD moved meanwhile. */
export async function fastForwardWorkTree(repo: GitFolder, target: string, deploy: Deploy = (update) => update()): Promise<void> {
  await deploy(async () => {
    await git(repo.top, ['merge', '--ff-only', '--no-edit', '--quiet', target]).catch((err: unknown) => {
      if (err instanceof GitError && err.reason === 'Failed' && /fast-forward|Not possible/i.test(err.message)) {
        throw new GitError('Refused', 'the deployed branch moved while merging (someone committed to it); nothing was changed — try again');
      }
      throw err;
    });
  });
  const head = await resolveCommit(repo, 'HEAD');
  if (head !== target) throw new GitError('Failed', `the served folder is at ${head.slice(0, 12)}, not at the merged ${target.slice(0, 12)}; run \`git status\` there`);
}
