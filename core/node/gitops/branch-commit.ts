// Commits a change of one file onto a branch without a work tree: a blob, a tree built in a temporary index, a commit,
// and a compare-and-swap of the branch ref (so a branch that moved meanwhile is never overwritten).
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { GitError, git, gitFailure, runGit } from './git';
import type { GitFolder } from './git-repo';

/** One file's new content (null removes it), by its path in the repository. */
export interface FileChange {
  readonly path: string;
  readonly text: string | null;
  /** The file's mode when it exists (default 100644). */
  readonly mode?: string;
}

/**
 * Commits `change` on top of `parent` and moves `branch` (short name) from `parent` to it. Resolves to the new commit, or
 * undefined when the branch no longer points at `parent` (someone committed meanwhile: read again and retry).
 */
export async function commitFileChange(repo: GitFolder, branch: string, parent: string, change: FileChange, message: string): Promise<string | undefined> {
  const tree = await treeWithChange(repo, parent, change);
  const commit = await git(repo.top, ['commit-tree', tree, '-p', parent, '-F', '-'], { input: message });
  const res = await runGit(repo.top, ['update-ref', '-m', `xds-sandbox: ${message.split('\n')[0]}`, `refs/heads/${branch}`, commit, parent]);
  if (res.code === 0) return commit;
  if (/is at [0-9a-f]+ but expected|unable to resolve reference|reference already exists/.test(res.stderr)) return undefined;
  throw gitFailure(['update-ref'], res.stderr, repo.top);
}

/** The tree of `parent` with one file changed, built in a temporary index (the repository's own index is not touched). */
async function treeWithChange(repo: GitFolder, parent: string, change: FileChange): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'xds-sandbox-index-'));
  const env = { GIT_INDEX_FILE: join(dir, 'index') };
  try {
    await git(repo.top, ['read-tree', parent], { env });
    if (change.text === null) {
      await git(repo.top, ['update-index', '--force-remove', '--', change.path], { env });
    } else {
      const blob = await git(repo.top, ['hash-object', '-w', '--stdin'], { input: change.text });
      await git(repo.top, ['update-index', '--add', '--cacheinfo', `${change.mode ?? '100644'},${blob},${change.path}`], { env });
    }
    return await git(repo.top, ['write-tree'], { env });
  } catch (err) {
    if (err instanceof GitError) throw err;
    throw new GitError('Failed', `cannot build the tree of the commit: ${(err as Error).message}`);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
