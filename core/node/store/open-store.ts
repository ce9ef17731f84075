// Opens a store from one argument: `memory:`, `sqlite:PATH`, `git:PATH@REF`, `etcd:http://HOST:PORT[/prefix]`,
// `kube:[CONTEXT][/NAMESPACE]`, or a folder path (default: the current folder). Backends are a table keyed by scheme.
import { resolve } from 'node:path';
import { StorageError } from '../../common/model/errors';
import { createMemoryStore } from '../../common/store/memory-store';
import type { ResourceStore } from '../../common/store/resource-client';
import { openFolderStore, type FolderStoreOptions } from './folder-store';
import { openSqliteStore, type SqliteStoreOptions } from './sqlite-store';
import { openGitRefStore } from '../gitops/git-ref-store';
import type { KubeStoreOptions } from './kube-store';

/** Options of every backend; each reads the ones that concern it. */
export interface OpenStoreOptions extends FolderStoreOptions, SqliteStoreOptions, KubeStoreOptions {
  /** Folder that relative paths are resolved against (default: process.cwd()). */
  readonly cwd?: string;
  /** Notice changes made outside this store (default true); false for one-shot commands: no watcher, no polling. */
  readonly watch?: boolean;
}

/** Opens one backend from what follows its scheme (`sqlite:PATH` → `PATH`). */
export type BackendOpener = (rest: string, opts: OpenStoreOptions) => Promise<ResourceStore>;

/** Every backend with a scheme; a spec without a known scheme is a folder path. */
export const STORE_BACKENDS: Readonly<Record<string, BackendOpener>> = {
  memory: async () => createMemoryStore(),
  sqlite: async (rest, opts) => {
    if (!rest) throw new StorageError('sqlite: needs a file path, e.g. sqlite:./config.db');
    return openSqliteStore(resolve(opts.cwd ?? process.cwd(), rest), opts.watch === false ? { ...opts, pollIntervalMs: 0 } : opts);
  },
  git: async (rest, opts) => openGitRefStore(rest, opts),
  kube: async (rest, opts) => (await import('./kube-store')).openKubeStore(rest, opts),
  etcd: async (rest) => (await import('./etcd-store')).openEtcdStore(rest),
};

/** The scheme of a store spec (`sqlite` of `sqlite:x.db`), or undefined for a plain path (including `C:\\...` drive letters). */
export function storeScheme(spec: string): string | undefined {
  const m = /^([a-z][a-z0-9+.-]+):/i.exec(spec);
  return m ? m[1].toLowerCase() : undefined;
}

/** Opens the store a spec names: `memory:`, `sqlite:PATH`, or a folder path (empty: the current folder). */
export async function openStore(spec = '', opts: OpenStoreOptions = {}): Promise<ResourceStore> {
  const scheme = storeScheme(spec);
  if (scheme !== undefined) {
    const opener = STORE_BACKENDS[scheme];
    if (!opener) throw new StorageError(`unknown store "${spec}": use ${Object.keys(STORE_BACKENDS).map((s) => `${s}:`).join(', ')} or a folder path`);
    return opener(spec.slice(scheme.length + 1), opts);
  }
  const folder = resolve(opts.cwd ?? process.cwd(), spec || '.');
  return openFolderStore(folder, opts);
}
