// A config folder inside a Git repository: where the repository is, refs, and the config files of any commit or tree,
// read with `ls-tree` and `cat-file --batch` (nothing is checked out).
import { statSync } from 'node:fs';
import { resolve } from 'node:path';
import { isConfigFile } from '../store/folder-paths';
import { GitError, git, runGit } from './git';

/** A folder of a repository's work tree (or a bare repository): the folder, the repository's top and the folder's path in it. */
export interface GitFolder {
  /** The folder, absolute. */
  readonly folder: string;
  /** The work tree's top folder (the repository itself when bare): where git commands run. */
  readonly top: string;
  /** The folder's path inside the repository with a trailing `/`, or '' at the top. */
  readonly prefix: string;
  readonly bare: boolean;
}

/** One config file of a tree: its path relative to the config folder and its blob id. */
export interface TreeFile {
  readonly rel: string;
  readonly blob: string;
  /** The file mode in the tree (100644, or 100755 for an executable file). */
  readonly mode: string;
}

/** Finds the repository holding a folder; GitError 'NotARepo' when there is none. */
export async function locateGitFolder(folder: string): Promise<GitFolder> {
  const abs = resolve(folder);
  if (!isDirectory(abs)) throw new GitError('NotARepo', `${folder} is not a folder`);
  const bare = await runGit(abs, ['rev-parse', '--is-bare-repository']);
  if (bare.code !== 0) throw new GitError('NotARepo', `${folder} is not inside a Git repository; run \`git init\` there, or serve the folder without Git`);
  if (bare.stdout.toString().trim() === 'true') return { folder: abs, top: abs, prefix: '', bare: true };
  const [top, prefix = ''] = (await git(abs, ['rev-parse', '--show-toplevel', '--show-prefix'])).split('\n');
  return { folder: abs, top, prefix, bare: false };
}

/** The commit a ref names (branch, tag, commit, `HEAD~2`, ...); GitError 'UnknownRef' listing the branches when it names none. */
export async function resolveCommit(repo: GitFolder, ref: string): Promise<string> {
  if (ref === '' || ref.startsWith('-')) throw new GitError('UnknownRef', `"${ref}" is not a ref: name a branch, tag or commit`);
  const res = await runGit(repo.top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`]);
  if (res.code === 0) return res.stdout.toString().trim();
  const branches = (await git(repo.top, ['for-each-ref', '--format=%(refname:short)', 'refs/heads/'])).split('\n').filter(Boolean);
  throw new GitError('UnknownRef', `unknown ref "${ref}" in ${repo.top}: not a branch, tag or commit here (branches: ${branches.join(', ') || 'none'})`);
}

/** Whether a ref names a commit. */
export async function refExists(repo: GitFolder, ref: string): Promise<boolean> {
  return (await runGit(repo.top, ['rev-parse', '--verify', '--quiet', '--end-of-options', `${ref}^{commit}`])).code === 0;
}

/** The branch checked out in the work tree; GitError 'Detached' when HEAD is detached (or the repository is bare). */
export async function currentBranch(repo: GitFolder): Promise<string> {
  if (repo.bare) throw new GitError('Detached', `${repo.top} is a bare repository: it has no checked-out branch to deploy; serve a clone of it`);
  const res = await runGit(repo.top, ['symbolic-ref', '--quiet', '--short', 'HEAD']);
  if (res.code === 0) return res.stdout.toString().trim();
  const at = (await runGit(repo.top, ['rev-parse', '--short', 'HEAD'])).stdout.toString().trim();
  throw new GitError('Detached', `the HEAD of ${repo.top} is detached${at ? ` at ${at}` : ''}: check out the branch to deploy (e.g. \`git switch main\`)`);
}

/** Whether `ancestor` is an ancestor of (or equal to) `commit`. */
export async function isAncestor(repo: GitFolder, ancestor: string, commit: string): Promise<boolean> {
  const res = await runGit(repo.top, ['merge-base', '--is-ancestor', ancestor, commit]);
  if (res.code > 1) throw new GitError('Failed', `git merge-base: ${res.stderr.trim()}`);
  return res.code === 0;
}

/** The config files of a commit or tree under the config folder, sorted by path (symlinks and submodules are not config). */
export async function listTreeFiles(repo: GitFolder, treeish: string): Promise<TreeFile[]> {
  const spec = repo.prefix ? `${treeish}:${repo.prefix.replace(/\/$/, '')}` : `${treeish}^{tree}`;
  const res = await runGit(repo.top, ['ls-tree', '-r', '-z', '--end-of-options', spec]);
  if (res.code !== 0) {
    if (/not a tree object|Not a valid object name/.test(res.stderr)) return []; // the folder does not exist in that tree: no config
    throw new GitError('Failed', `git ls-tree ${spec}: ${res.stderr.trim()}`);
  }
  const files: TreeFile[] = [];
  for (const entry of res.stdout.toString('utf8').split('\0')) {
    const m = /^(\d+) (\w+) ([0-9a-f]+)\t(.*)$/s.exec(entry);
    if (!m || m[2] !== 'blob' || m[1] === '120000' || !isConfigFile(m[4])) continue;
    files.push({ rel: m[4], blob: m[3], mode: m[1] });
  }
  return files.sort((a, b) => (a.rel < b.rel ? -1 : a.rel > b.rel ? 1 : 0));
}

/** The bytes of blobs by id, read with one `cat-file --batch`. */
export async function readBlobs(repo: GitFolder, ids: readonly string[]): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  const unique = [...new Set(ids)];
  if (unique.length === 0) return out;
  const res = await runGit(repo.top, ['cat-file', '--batch'], { input: unique.join('\n') + '\n' });
  if (res.code !== 0) throw new GitError('Failed', `git cat-file: ${res.stderr.trim()}`);
  const buf = res.stdout;
  let at = 0;
  for (const id of unique) {
    const eol = buf.indexOf(0x0a, at);
    const header = buf.subarray(at, eol).toString('utf8');
    const m = /^([0-9a-f]+) (\w+) (\d+)$/.exec(header);
    if (!m) throw new GitError('Failed', `git cat-file: blob ${id} is missing (${header})`);
    const size = Number(m[3]);
    out.set(id, buf.subarray(eol + 1, eol + 1 + size));
    at = eol + 1 + size + 1;
  }
  return out;
}

/** The path of a config file in the repository (with the config folder's prefix). */
export function repoPath(repo: GitFolder, rel: string): string {
  return repo.prefix + rel;
}

function isDirectory(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
