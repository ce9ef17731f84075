// What a `serve` keeps beside its store: the state folder (`<folder>/.xds-sandbox`, or `.NAME.db.xds-sandbox` beside a
// SQLite file) with the lock that elects the instance writing statuses (leader/lock-elector.ts), the pass history and
// Envoy's files. A start that fails takes back what it created, so a folder is left as it was found.
import { existsSync, rmSync, statSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';
import { StorageError } from '../../common/model/errors';
import type { TakenOverLock } from '../store/folder-lock';
import { storeScheme } from '../store/open-store';

/** The state folder of a serve. */
export interface ServeState {
  /** The state folder; undefined for a memory store, which keeps none. */
  readonly dir?: string;
  /** Removes what this start created: the state folder, and a SQLite file that did not exist. */
  discardCreated(): void;
}

/** The sandbox's own state folder for a store: `<folder>/.xds-sandbox`, `.NAME.db.xds-sandbox` beside a SQLite file, else none. */
export function stateDir(storeSpec: string): string | undefined {
  const scheme = storeScheme(storeSpec);
  if (scheme === undefined) return join(resolve(storeSpec || '.'), '.xds-sandbox');
  if (scheme !== 'sqlite' || !storeSpec.slice('sqlite:'.length)) return undefined;
  const path = resolve(storeSpec.slice('sqlite:'.length));
  return join(dirname(path), `.${basename(path)}.xds-sandbox`);
}

/** Checks the store's folder exists and notes what exists already, so a failed start can take back what it created. */
export function claimServeState(storeSpec: string): ServeState {
  const dir = stateDir(storeSpec);
  if (!dir) return { discardCreated() {} };
  if (!isFolder(dirname(dir))) {
    throw new StorageError(storeScheme(storeSpec) ? `${storeSpec}: the folder ${dirname(dir)} does not exist` : `config folder ${storeSpec} does not exist or is not a folder`);
  }
  const dbFile = storeScheme(storeSpec) === 'sqlite' ? resolve(storeSpec.slice('sqlite:'.length)) : undefined;
  const dirExisted = existsSync(dir);
  const dbExisted = dbFile === undefined || existsSync(dbFile);
  return {
    dir,
    discardCreated: () => {
      if (!dirExisted) rmSync(dir, { recursive: true, force: true });
      if (!dbExisted && dbFile) for (const f of [dbFile, `${dbFile}-wal`, `${dbFile}-shm`]) rmSync(f, { force: true });
    },
  };
}

/** The one-line notice of a stale serve lock taken over (its serve is gone, or it was copied with the folder). */
export function takeOverNotice(storeSpec: string, { holder, why }: TakenOverLock): string {
  const whose = `pid ${holder.pid} on ${holder.hostname}, since ${holder.since}`;
  return why === 'copied'
    ? `note: took over the lock of ${storeSpec}, copied with the folder from ${holder.dir} (${whose})`
    : `note: took over the lock of ${storeSpec}, left by a serve that is gone (${whose})`;
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
