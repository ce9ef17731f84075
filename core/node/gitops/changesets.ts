// Changesets: branches of config changes on top of the deployed branch (the one checked out in the served folder).
// Create, list, look up and discard; commits come from the changeset store, reviews and merges from their modules.
import type { ChangesetSummary } from '../../common/gitops/review-types';
import { GitError, git, runGit } from './git';
import { changesetBranch, changesetPrefix } from './changeset-names';
import { currentBranch, refExists, resolveCommit, type GitFolder } from './git-repo';

const FORMAT = '%(refname)%00%(objectname)%00%(committerdate:iso-strict)%00%(subject)';

/** Creates changeset `name` at `from` (default: the deployed branch); GitError 'Refused' when it exists. */
export async function createChangeset(repo: GitFolder, name: string, from?: string): Promise<ChangesetSummary> {
  const branch = await changesetBranch(repo, name);
  if (await refExists(repo, `refs/heads/${branch}`)) throw new GitError('Refused', `changeset ${name} already exists (branch ${branch}); edit it, or discard it first`);
  const commit = await resolveCommit(repo, from ?? await currentBranch(repo));
  await git(repo.top, ['branch', '--no-track', '--end-of-options', branch, commit]);
  return changesetSummary(repo, name);
}

/** Every changeset, newest first, with how far each is ahead of and behind the deployed branch (HEAD). */
export async function listChangesets(repo: GitFolder): Promise<ChangesetSummary[]> {
  const prefix = await changesetPrefix(repo);
  const refs = await git(repo.top, ['for-each-ref', '--sort=-committerdate', `--format=${FORMAT}`, `refs/heads/${prefix}`]);
  const out: ChangesetSummary[] = [];
  for (const line of refs.split('\n').filter(Boolean)) out.push(await summaryOf(repo, prefix, line));
  return out;
}

/** One changeset; GitError 'UnknownRef' naming the changesets there are when it does not exist. */
export async function changesetSummary(repo: GitFolder, name: string): Promise<ChangesetSummary> {
  const branch = await changesetBranch(repo, name);
  const line = await git(repo.top, ['for-each-ref', `--format=${FORMAT}`, `refs/heads/${branch}`]);
  if (!line) {
    const names = (await listChangesets(repo)).map((c) => c.name);
    throw new GitError('UnknownRef', `no changeset ${name} (branch ${branch}); changesets: ${names.join(', ') || 'none'} — create it with \`xds-sandbox changeset create ${name}\``);
  }
  return summaryOf(repo, await changesetPrefix(repo), line.split('\n')[0]);
}

/** Deletes a changeset's branch; resolves to the commit it pointed at (so it can be brought back). */
export async function discardChangeset(repo: GitFolder, name: string): Promise<string> {
  const { branch, commit } = await changesetSummary(repo, name);
  const res = await runGit(repo.top, ['update-ref', '-d', `refs/heads/${branch}`, commit]);
  if (res.code !== 0) throw new GitError(/lock/.test(res.stderr) ? 'Locked' : 'Failed', `cannot discard changeset ${name}: ${res.stderr.trim()}`);
  return commit;
}

async function summaryOf(repo: GitFolder, prefix: string, line: string): Promise<ChangesetSummary> {
  const [ref, commit, updatedAt, subject] = line.split('\0');
  const branch = ref.replace(/^refs\/heads\//, '');
  const counts = await runGit(repo.top, ['rev-list', '--left-right', '--count', `HEAD...${commit}`]);
  const [behind, ahead] = counts.code === 0 ? counts.stdout.toString().trim().split(/\s+/).map(Number) : [0, 0];
  return { name: branch.slice(prefix.length), branch, commit, subject, updatedAt, ahead, behind, merged: ahead === 0 };
}
