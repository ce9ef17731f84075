// The `git:PATH@REF` store: the config folder PATH as it is in a branch, tag or commit, read without checking anything
// out. Read-only (edits go to a changeset); statuses a pass writes are kept in memory.
import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { NotFoundError, StorageError, type FileProblem } from '../../common/model/errors';
import type { KindName } from '../../common/model/kinds';
import type { Resource, Status } from '../../common/model/resource';
import { BackendStore } from '../../common/store/backend-store';
import type { Scope } from '../../common/store/resource-client';
import type { StoreBackend } from '../../common/store/store-backend';
import { locateGitFolder, resolveCommit, type GitFolder } from './git-repo';
import { readTreeConfig, type BlobCache, type TreeConfig } from './tree-config';

/** A `git:PATH@REF` spec taken apart: the folder and the ref. */
export interface GitRefSpec {
  readonly path: string;
  readonly ref: string;
}

/**
 * Splits what follows `git:` into PATH and REF at the first `@` whose left side is an existing folder (so folders and
 * refs may both hold `@`); an empty PATH is the current folder. StorageError with an example when there is no `@REF`.
 */
export function parseGitRefSpec(rest: string, cwd = process.cwd()): GitRefSpec {
  const ats = [...rest.matchAll(/@/g)].map((m) => m.index);
  if (ats.length === 0) throw new StorageError(`git:${rest}: name a ref after @, e.g. git:${rest || '.'}@main`);
  const split = ats.find((i) => isFolder(resolve(cwd, rest.slice(0, i) || '.'))) ?? ats[ats.length - 1];
  const path = rest.slice(0, split) || '.';
  const ref = rest.slice(split + 1);
  if (!ref) throw new StorageError(`git:${rest}: name a ref after @, e.g. git:${path}@main`);
  if (!existsSync(resolve(cwd, path))) throw new StorageError(`git:${rest}: the folder ${path} does not exist`);
  return { path, ref };
}

class GitTreeBackend implements StoreBackend {
  private readonly statuses = new Map<string, Status>();

  constructor(readonly url: string, private readonly config: TreeConfig) {}

  get(kind: KindName, namespace: string, name: string): Resource | undefined {
    const placed = this.config.index.get(kind, namespace, name);
    return placed && this.withStatus(placed.resource);
  }

  list(kind: KindName, scope: Scope): Resource[] {
    return this.config.index.list(kind, scope).map((r) => this.withStatus(r));
  }

  put(): Resource {
    return this.refuse();
  }

  remove(): boolean {
    return this.refuse();
  }

  putStatus(kind: KindName, namespace: string, name: string, status: Status): boolean {
    if (!this.config.index.get(kind, namespace, name)) throw new NotFoundError(kind, namespace, name);
    this.statuses.set(`${kind}/${namespace}/${name}`, status);
    return true;
  }

  problems(): readonly FileProblem[] {
    return this.config.index.problems();
  }

  onExternalChange(): void {
    // a commit never changes
  }

  async close(): Promise<void> {
    this.statuses.clear();
  }

  private refuse(): never {
    throw new StorageError(`${this.url} is a Git ref and read-only: edit a changeset (\`xds-sandbox apply --changeset NAME\`) or the checked-out folder`);
  }

  private withStatus(r: Resource): Resource {
    const status = this.statuses.get(`${r.kind}/${r.metadata.namespace}/${r.metadata.name}`);
    return status ? { ...r, status } : r;
  }
}

/** Opens `git:PATH@REF` (what follows `git:`): the config of PATH at REF; GitError when PATH is not in a repository or REF is unknown. */
export async function openGitRefStore(rest: string, opts: { cwd?: string; cache?: BlobCache } = {}): Promise<BackendStore> {
  const spec = parseGitRefSpec(rest, opts.cwd);
  const repo: GitFolder = await locateGitFolder(resolve(opts.cwd ?? process.cwd(), spec.path));
  const commit = await resolveCommit(repo, spec.ref);
  const config = await readTreeConfig(repo, commit, opts.cache);
  return new BackendStore(new GitTreeBackend(`git:${spec.path}@${spec.ref}`, config));
}

function isFolder(path: string): boolean {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}
