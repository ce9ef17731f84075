// Changesets and a remote: push a changeset's branch for review on the forge, and pull merged work back into the
// deployed branch (a fast-forward of the served work tree, refused while it is dirty or has diverged).
import { changesetSummary, listChangesets } from './changesets';
import { refuseWhenDirty, fastForwardWorkTree, type Deploy } from './changeset-merge';
import { GitError, git, runGit } from './git';
import { currentBranch, isAncestor, resolveCommit, type GitFolder } from './git-repo';

/** The remote to use: the one named, else the deployed branch's, else `origin`, else the only one. */
export async function chooseRemote(repo: GitFolder, wanted?: string): Promise<string> {
  const remotes = (await git(repo.top, ['remote'])).split('\n').filter(Boolean);
  if (remotes.length === 0) throw new GitError('Refused', 'this repository has no remote; add one with `git remote add origin URL`');
  if (wanted) {
    if (!remotes.includes(wanted)) throw new GitError('UnknownRef', `no remote ${wanted}; remotes: ${remotes.join(', ')}`);
    return wanted;
  }
  const branch = await currentBranch(repo).catch(() => '');
  const own = branch ? (await runGit(repo.top, ['config', '--get', `branch.${branch}.remote`])).stdout.toString().trim() : '';
  if (own && remotes.includes(own)) return own;
  if (remotes.includes('origin')) return 'origin';
  if (remotes.length === 1) return remotes[0];
  throw new GitError('Refused', `several remotes (${remotes.join(', ')}): name one with --remote`);
}

/** Pushes changeset `name`'s branch to the remote (setting it as upstream); resolves to the remote and what the forge said. */
export async function pushChangeset(repo: GitFolder, name: string, remote?: string): Promise<{ remote: string; branch: string; messages: string[] }> {
  const { branch } = await changesetSummary(repo, name);
  const to = await chooseRemote(repo, remote);
  const res = await runGit(repo.top, ['push', '--set-upstream', '--end-of-options', to, `refs/heads/${branch}:refs/heads/${branch}`]);
  if (res.code !== 0) throw new GitError(/rejected|non-fast-forward/.test(res.stderr) ? 'Refused' : 'Failed', `cannot push ${branch} to ${to}: ${lastLines(res.stderr)}`);
  const messages = res.stderr.split('\n').filter((l) => l.startsWith('remote:')).map((l) => l.replace(/^remote:\s?/, '')).filter((l) => l.trim() !== '');
  return { remote: to, branch, messages };
}

/** What a pull did: the commits the deployed branch moved between, and the changesets now fully merged. */
export interface PullResult {
  readonly remote: string;
  readonly branch: string;
  readonly from: string;
  readonly to: string;
  readonly mergedChangesets: readonly string[];
}

/** Fetches the remote and fast-forwards the deployed branch (and the served files) to the remote's copy of it. */
export async function pullDeployed(repo: GitFolder, remote?: string, deploy?: Deploy): Promise<PullResult> {
  const branch = await currentBranch(repo);
  const from = await resolveCommit(repo, 'HEAD');
  const name = await chooseRemote(repo, remote);
  const fetched = await runGit(repo.top, ['fetch', '--prune', '--end-of-options', name]);
  if (fetched.code !== 0) throw new GitError('Failed', `cannot fetch ${name}: ${lastLines(fetched.stderr)}`);
  const theirs = await resolveCommit(repo, `refs/remotes/${name}/${branch}`).catch(() => {
    throw new GitError('UnknownRef', `${name} has no branch ${branch}; push it first (\`git push -u ${name} ${branch}\`)`);
  });
  let to = from;
  if (!(await isAncestor(repo, theirs, from))) {
    if (!(await isAncestor(repo, from, theirs))) {
      throw new GitError('Refused', `${branch} has commits ${name}/${branch} lacks and the other way round; merge or rebase them in a terminal — nothing was changed`);
    }
    const dirty = await refuseWhenDirty(repo, `pull ${name}/${branch}`);
    if (dirty && !dirty.merged) throw new GitError('Dirty', dirty.message, dirty.files);
    await fastForwardWorkTree(repo, theirs, deploy);
    to = theirs;
  }
  const mergedChangesets = (await listChangesets(repo)).filter((c) => c.merged).map((c) => c.name);
  return { remote: name, branch, from, to, mergedChangesets };
}

function lastLines(stderr: string): string {
  return stderr.trim().split('\n').filter((l) => l.trim() !== '').slice(-3).join('; ');
}
