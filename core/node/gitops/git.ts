// Runs the `git` command line and turns its failures into GitErrors that say what happened and what to do.
// The command line, not a library: it is what users have installed, it honours their config, hooks and credentials
// (push and pull work as they do in a terminal), and `merge-tree --write-tree` merges without a working tree.
import { spawn } from 'node:child_process';
import { StoreError, type StoreErrorCode } from '../../common/model/errors';

/** Why a Git operation failed. */
export type GitErrorReason = 'NotARepo' | 'Detached' | 'UnknownRef' | 'MergeConflict' | 'Locked' | 'Dirty' | 'Refused' | 'NoGit' | 'Failed';

const STORE_CODE: Readonly<Record<GitErrorReason, StoreErrorCode>> = {
  NotARepo: 'Invalid', Detached: 'Invalid', UnknownRef: 'NotFound', MergeConflict: 'Conflict', Locked: 'Conflict', Dirty: 'Conflict',
  Refused: 'Conflict', NoGit: 'Storage', Failed: 'Storage',
};

/** A Git operation that failed; `reason` says why, `files` lists the files concerned (conflicts, dirty files). */
export class GitError extends StoreError {
  constructor(readonly reason: GitErrorReason, message: string, readonly files: readonly string[] = []) {
    super(STORE_CODE[reason], message);
    this.name = `Git${reason}Error`;
  }
}

/** What one git command printed and how it exited. */
export interface GitOutput {
  readonly code: number;
  readonly stdout: Buffer;
  readonly stderr: string;
}

/** Options of one git command. */
export interface GitRunOptions {
  /** Bytes written to the command's standard input. */
  readonly input?: string | Buffer;
  /** Extra environment (e.g. GIT_INDEX_FILE for a temporary index). */
  readonly env?: Readonly<Record<string, string>>;
}

/**
 * The environment of every git command: English messages (they are matched below), no prompt that would hang a
 * command with no terminal, and no optional lock (a status refresh must not hold index.lock while the user commits).
 */
const GIT_ENV = { LC_ALL: 'C', LANGUAGE: 'C', GIT_TERMINAL_PROMPT: '0', GIT_OPTIONAL_LOCKS: '0' };

/** Runs `git -C cwd ARGS`; resolves with its output whatever its exit code (GitError 'NoGit' when git cannot start). */
export function runGit(cwd: string, args: readonly string[], opts: GitRunOptions = {}): Promise<GitOutput> {
  return new Promise((resolve, reject) => {
    const child = spawn('git', ['-C', cwd, ...args], { env: { ...process.env, ...GIT_ENV, ...opts.env }, stdio: ['pipe', 'pipe', 'pipe'] });
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout.on('data', (d: Buffer) => out.push(d));
    child.stderr.on('data', (d: Buffer) => err.push(d));
    child.on('error', (e: NodeJS.ErrnoException) => {
      reject(new GitError('NoGit', e.code === 'ENOENT' ? 'the git command is not installed (or not on PATH); install Git 2.38 or later' : `cannot run git: ${e.message}`));
    });
    child.on('close', (code) => resolve({ code: code ?? 1, stdout: Buffer.concat(out), stderr: Buffer.concat(err).toString('utf8') }));
    child.stdin.on('error', () => undefined); // git may exit before reading all its input; its exit code says why
    child.stdin.end(opts.input ?? '');
  });
}

/** Runs a git command that must succeed; its trimmed standard output, or the GitError its failure means. */
export async function git(cwd: string, args: readonly string[], opts: GitRunOptions = {}): Promise<string> {
  const res = await runGit(cwd, args, opts);
  if (res.code !== 0) throw gitFailure(args, res.stderr, cwd);
  return res.stdout.toString('utf8').replace(/\n$/, '');
}

/** The GitError a failed command's standard error means: a lock held by another Git process, not a repository, or the message itself. */
export function gitFailure(args: readonly string[], stderr: string, cwd: string): GitError {
  const lock = /Unable to create '([^']+\.lock)': File exists/.exec(stderr) ?? /cannot lock ref '[^']+': .*?'([^']+\.lock)'/.exec(stderr);
  if (lock) {
    return new GitError('Locked', `another Git process is using the repository (${lock[1]} exists); wait for it to finish and try again, or remove that file if no git command is running`);
  }
  if (/not a git repository/i.test(stderr)) {
    return new GitError('NotARepo', `${cwd} is not inside a Git repository; run \`git init\` there, or serve the folder without Git`);
  }
  if (/Please tell me who you are|Author identity unknown|empty ident name/i.test(stderr)) {
    return new GitError('Failed', 'Git needs your name and email to commit: run `git config --global user.name "Your Name"` and `git config --global user.email you@example.com`');
  }
  const message = stderr.trim().split('\n').filter((l) => l.trim() !== '').slice(-3).join('; ') || 'failed';
  return new GitError('Failed', `git ${args[0]}: ${message}`);
}

/** The git version as [major, minor]; GitError 'NoGit' when it is older than 2.38 (merge-tree --write-tree). */
export async function checkGitVersion(cwd: string): Promise<[number, number]> {
  const text = await git(cwd, ['--version']);
  const m = /(\d+)\.(\d+)/.exec(text);
  const version: [number, number] = m ? [Number(m[1]), Number(m[2])] : [0, 0];
  if (version[0] < 2 || (version[0] === 2 && version[1] < 38)) {
    throw new GitError('NoGit', `${text.trim()} is too old: changesets need Git 2.38 or later (for merge-tree --write-tree)`);
  }
  return version;
}
