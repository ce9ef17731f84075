// Which store the desktop app opens: the default SQLite store in the user's data folder, and the list of
// recently opened stores (kept in a JSON file).
import { readFile, writeFile, mkdir } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';

/** How many recent stores the menu lists. */
export const MAX_RECENT = 10;

/** `$XDG_DATA_HOME/xds-sandbox/sandbox.db`, or `~/.local/share/xds-sandbox/sandbox.db`. */
export function defaultStorePath(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  const base = env.XDG_DATA_HOME && env.XDG_DATA_HOME.trim() ? env.XDG_DATA_HOME : join(home, '.local', 'share');
  return join(base, 'xds-sandbox', 'sandbox.db');
}

/** The store spec of the default store. */
export function defaultStoreSpec(env: NodeJS.ProcessEnv = process.env, home: string = homedir()): string {
  return `sqlite:${defaultStorePath(env, home)}`;
}

/** The list with `store` moved to the front, without duplicates, at most MAX_RECENT long. */
export function withRecent(list: readonly string[], store: string): string[] {
  return [store, ...list.filter((s) => s !== store)].slice(0, MAX_RECENT);
}

/** The file system path of a store spec (a folder, or the SQLite file), or undefined for `memory:`. */
export function storePath(spec: string): string | undefined {
  if (spec.startsWith('memory:')) return undefined;
  return spec.startsWith('sqlite:') ? spec.slice('sqlite:'.length) : spec;
}

/** Reads the recent list; an unreadable file is an empty list. */
export async function loadRecent(file: string): Promise<string[]> {
  try {
    const value = JSON.parse(await readFile(file, 'utf8')) as unknown;
    return Array.isArray(value) ? value.filter((s): s is string => typeof s === 'string').slice(0, MAX_RECENT) : [];
  } catch {
    return [];
  }
}

/** Writes the recent list. */
export async function saveRecent(file: string, list: readonly string[]): Promise<void> {
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, JSON.stringify(list, null, 2));
}

/** The store named on the command line (`--store=SPEC`) or in XDS_SANDBOX_STORE, if any. */
export function storeFromArgs(argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  const arg = argv.find((a) => a.startsWith('--store='));
  return arg ? arg.slice('--store='.length) : env.XDS_SANDBOX_STORE || undefined;
}
