// Whether the served folder holds what the deployed branch holds (Argo CD's "sync status"): config files edited by hand
// (or saved outside a changeset) make it dirty, and their diff says how. Non-config files and the sandbox's own state
// folder do not count.
import type { DirtyFile, GitSyncStatus } from '../../common/gitops/review-types';
import { isConfigFile } from '../store/folder-paths';
import { GitError, git, runGit } from './git';
import { currentBranch, locateGitFolder, type GitFolder } from './git-repo';

/** Largest diff of dirty files returned, in characters. */
const MAX_DIFF_CHARS = 200_000;

/** The config files of the served folder that differ from HEAD (index and work tree together), untracked ones included, by path. */
export async function dirtyFiles(repo: GitFolder): Promise<DirtyFile[]> {
  const out = await git(repo.top, ['status', '--porcelain=v1', '-z', '--untracked-files=all', '--no-renames', '--', repo.prefix || '.']);
  const files: DirtyFile[] = [];
  for (const entry of out.split('\0')) {
    if (entry.length < 4) continue;
    const code = entry.slice(0, 2);
    const rel = entry.slice(3).slice(repo.prefix.length);
    if (!isConfigFile(rel)) continue;
    const change = code === '??' ? 'untracked' : code.includes('D') ? 'deleted' : code.includes('A') ? 'added' : 'modified';
    files.push({ path: rel, change });
  }
  return files.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
}

/** The sync status of a served folder; never throws for a folder outside Git or a detached HEAD (they are states). */
export async function syncStatus(folder: string): Promise<GitSyncStatus> {
  let repo: GitFolder;
  let branch: string;
  try {
    repo = await locateGitFolder(folder);
    branch = await currentBranch(repo);
  } catch (err) {
    if (!(err instanceof GitError) || (err.reason !== 'NotARepo' && err.reason !== 'Detached')) throw err;
    return { state: err.reason === 'NotARepo' ? 'not-a-repo' : 'detached', message: err.message, dirty: [] };
  }
  const [commit, subject] = (await git(repo.top, ['log', '-1', '--format=%H%x00%s', 'HEAD'])).split('\0');
  const dirty = await dirtyFiles(repo);
  const diff = dirty.length ? await dirtyDiff(repo, dirty) : undefined;
  const remote = await upstreamOf(repo, branch);
  return { state: dirty.length ? 'dirty' : 'synced', branch, commit, subject, prefix: repo.prefix, dirty, ...(diff ? { diff } : {}), ...(remote ? { remote } : {}) };
}

async function dirtyDiff(repo: GitFolder, dirty: readonly DirtyFile[]): Promise<string> {
  const tracked = dirty.filter((d) => d.change !== 'untracked').map((d) => repo.prefix + d.path);
  let text = tracked.length ? await git(repo.top, ['diff', '--no-color', '--no-ext-diff', 'HEAD', '--', ...tracked]) : '';
  for (const d of dirty.filter((x) => x.change === 'untracked')) text += `${text ? '\n' : ''}untracked: ${d.path}`;
  return text.length > MAX_DIFF_CHARS ? text.slice(0, MAX_DIFF_CHARS) + '\n… (cut)' : text;
}

/** The deployed branch's upstream (`origin/main`) and how many commits each side lacks; undefined without one. */
export async function upstreamOf(repo: GitFolder, branch: string): Promise<GitSyncStatus['remote']> {
  const name = (await runGit(repo.top, ['config', '--get', `branch.${branch}.remote`])).stdout.toString().trim();
  const merge = (await runGit(repo.top, ['config', '--get', `branch.${branch}.merge`])).stdout.toString().trim();
  if (!name || !merge || name === '.') return undefined;
  const remoteBranch = merge.replace(/^refs\/heads\//, '');
  const counts = await runGit(repo.top, ['rev-list', '--left-right', '--count', `HEAD...refs/remotes/${name}/${remoteBranch}`]);
  if (counts.code !== 0) return { name, branch: remoteBranch, ahead: 0, behind: 0 };
  const [ahead, behind] = counts.stdout.toString().trim().split(/\s+/).map(Number);
  return { name, branch: remoteBranch, ahead, behind };
}
