// How merging a changeset into the deployed branch would go, computed without a work tree: a fast-forward, a merge
// commit of the tree `git merge-tree --write-tree` builds, nothing to do, or conflicts (with their files).
import { GitError, runGit } from './git';
import { isAncestor, type GitFolder } from './git-repo';

/** The outcome of merging `head` into `base`: the tree the deployed branch would hold, and how it gets there. */
export interface MergePlan {
  readonly kind: 'fast-forward' | 'merge-commit' | 'up-to-date' | 'conflict';
  /** The tree (or commit) the deployed branch holds after the merge; for a conflict, the changeset's own commit. */
  readonly result: string;
  /** Conflicting files, relative to the config folder when they are in it, else to the repository. */
  readonly conflicts: readonly string[];
}

/** Plans merging commit `head` into commit `base`. */
export async function planMerge(repo: GitFolder, base: string, head: string): Promise<MergePlan> {
  if (await isAncestor(repo, head, base)) return { kind: 'up-to-date', result: base, conflicts: [] };
  if (await isAncestor(repo, base, head)) return { kind: 'fast-forward', result: head, conflicts: [] };
  const res = await runGit(repo.top, ['merge-tree', '--write-tree', '--name-only', '--no-messages', base, head]);
  const [tree, ...files] = res.stdout.toString('utf8').split('\n').filter(Boolean);
  if (res.code === 0) return { kind: 'merge-commit', result: tree, conflicts: [] };
  if (res.code === 1) {
    const rel = [...new Set(files)].map((f) => (repo.prefix && f.startsWith(repo.prefix) ? f.slice(repo.prefix.length) : f));
    return { kind: 'conflict', result: head, conflicts: rel };
  }
  throw new GitError('Failed', `git merge-tree: ${res.stderr.trim()}`);
}
