// Changeset names and their branches: `changeset/<name>` by default, or `<prefix><name>` with the repository's
// `git config xds-sandbox.changesetPrefix`.
import { GitError, runGit } from './git';
import type { GitFolder } from './git-repo';

/** The branch prefix of changesets when the repository configures none. */
export const DEFAULT_CHANGESET_PREFIX = 'changeset/';

/** A name: letters, digits, `.`, `_`, `-`, and `/` between parts; starting with a letter or digit. */
const NAME = /^[A-Za-z0-9][A-Za-z0-9._-]*(\/[A-Za-z0-9][A-Za-z0-9._-]*)*$/;

/** The prefix of changeset branches in this repository. */
export async function changesetPrefix(repo: GitFolder): Promise<string> {
  const res = await runGit(repo.top, ['config', '--get', 'xds-sandbox.changesetPrefix']);
  const value = res.code === 0 ? res.stdout.toString().trim() : '';
  return value === '' ? DEFAULT_CHANGESET_PREFIX : value.endsWith('/') ? value : value + '/';
}

/** The branch of a changeset; GitError 'Refused' when the name cannot be a branch name. */
export async function changesetBranch(repo: GitFolder, name: string): Promise<string> {
  if (!NAME.test(name) || name.includes('..') || name.endsWith('.lock') || name.length > 200) {
    throw new GitError('Refused', `"${name}" cannot name a changeset: use letters, digits, ".", "_", "-" (and "/" between parts), starting with a letter or digit, e.g. add-canary`);
  }
  const branch = (await changesetPrefix(repo)) + name;
  const check = await runGit(repo.top, ['check-ref-format', '--branch', branch]);
  if (check.code !== 0) throw new GitError('Refused', `"${name}" cannot name a changeset: ${branch} is not a valid branch name`);
  return branch;
}
