// Real Git repositories for the tests: the demo config committed on `main` in a temp folder, optionally in a subfolder
// and with a bare repository as its `origin`.
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const DEMO = fileURLToPath(new URL('../../../fixtures/demo/', import.meta.url));
const made: string[] = [];

/** A work tree holding the demo config, and helpers to run git in it and edit its files. */
export interface TestRepo {
  /** The work tree's top folder. */
  readonly top: string;
  /** The config folder (the top, or `config/` below it). */
  readonly folder: string;
  /** The bare repository that is `origin`, when asked for. */
  readonly remote?: string;
  /** Runs git in the work tree; its trimmed output. */
  git(...args: string[]): string;
  /** A config file's text. */
  read(rel: string): string;
  /** Writes a config file. */
  write(rel: string, text: string): void;
}

/** Runs git in `cwd` with a fixed identity and no signing; its trimmed output (throws on failure). */
export function gitIn(cwd: string, ...args: string[]): string {
  return execFileSync('git', args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] }).trim();
}

/** A new repository with the demo config committed on main (in `config/` when `subfolder`), and a bare `origin` when `remote`. */
export function makeDemoRepo(opts: { subfolder?: boolean; remote?: boolean } = {}): TestRepo {
  const base = mkdtempSync(join(tmpdir(), 'xds-gitops-'));
  made.push(base);
  const top = join(base, 'work');
  const folder = opts.subfolder ? join(top, 'config') : top;
  mkdirSync(folder, { recursive: true });
  cpSync(DEMO, folder, { recursive: true, filter: (src) => !src.includes('.xds-sandbox') });
  gitIn(top, 'init', '-q', '-b', 'main');
  for (const [k, v] of [['user.name', 'Test'], ['user.email', 'test@example.com'], ['commit.gpgsign', 'false']]) gitIn(top, 'config', k, v);
  writeFileSync(join(top, '.gitignore'), '.xds-sandbox/\n');
  gitIn(top, 'add', '-A');
  gitIn(top, 'commit', '-q', '-m', 'Demo config');
  let remote: string | undefined;
  if (opts.remote) {
    remote = join(base, 'remote.git');
    gitIn(base, 'init', '-q', '--bare', '-b', 'main', remote);
    gitIn(top, 'remote', 'add', 'origin', remote);
    gitIn(top, 'push', '-q', '-u', 'origin', 'main');
  }
  return {
    top, folder, ...(remote ? { remote } : {}),
    git: (...args) => gitIn(top, ...args),
    read: (rel) => readFileSync(join(folder, rel), 'utf8'),
    write: (rel, text) => {
      mkdirSync(dirname(join(folder, rel)), { recursive: true });
      writeFileSync(join(folder, rel), text);
    },
  };
}

/** Deletes every repository makeDemoRepo made. */
export function removeTestRepos(): void {
  for (const dir of made.splice(0)) rmSync(dir, { recursive: true, force: true });
}

/** The demo VirtualService's text with the pets route's weights changed from 90/10. */
export function withWeights(vsText: string, v1: number, v2: number): string {
  return vsText.replace('- weight: 90', `- weight: ${v1}`).replace('- weight: 10', `- weight: ${v2}`);
}
