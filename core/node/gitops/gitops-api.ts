// The GitOps methods of a running engine, and changeset mode layered over the object calls. A merge (or pull) pauses
// the loop while the served work tree moves and the folder store reads it all, so one pass deploys the whole change.
import type { EngineApi } from '../../common/api/contract';
import type { GitOpsApi } from '../../common/gitops/gitops-contract';
import type { GitSyncStatus } from '../../common/gitops/review-types';
import type { ReconcileLoop } from '../../common/loop/reconcile-loop';
import type { ResourceStore } from '../../common/store/resource-client';
import { storeScheme } from '../store/open-store';
import { mergeChangeset, type Deploy } from './changeset-merge';
import { ChangesetMode } from './changeset-mode';
import { reviewChangeset } from './changeset-review';
import { createChangeset, discardChangeset, listChangesets } from './changesets';
import { GitError } from './git';
import { locateGitFolder, type GitFolder } from './git-repo';
import { syncStatus } from './sync-status';
import { BlobCache } from './tree-config';

/** What the GitOps methods need of the engine. */
export interface GitOpsParts {
  readonly store: ResourceStore;
  readonly loop: ReconcileLoop;
  /** The store spec the engine serves; GitOps needs a folder. */
  readonly info: { readonly store: string };
}

/** The engine API with the GitOps methods added and, in changeset mode, saves, deletes and reads going to the changeset. */
export function withGitOps(base: Omit<EngineApi, keyof GitOpsApi>, p: GitOpsParts): EngineApi {
  const folder = storeScheme(p.info.store) === undefined ? p.info.store || '.' : undefined;
  const cache = new BlobCache();
  const mode = new ChangesetMode(folder ?? '.', cache);
  let located: GitFolder | undefined;
  const repo = async (): Promise<GitFolder> => {
    if (!folder) throw new GitError('NotARepo', `the served store ${p.info.store} is not a folder, so it has no Git repository; serve a folder inside a Git work tree`);
    return (located ??= await locateGitFolder(folder));
  };
  const status = async (): Promise<GitSyncStatus> => {
    const s: GitSyncStatus = folder ? await syncStatus(folder) : { state: 'not-a-repo', message: `the served store ${p.info.store} is not a folder`, dirty: [] };
    return mode.name ? { ...s, changeset: mode.name } : s;
  };
  const deploy = deployInOnePass(p);
  return {
    ...base,
    listResources: () => (mode.name ? mode.listResources() : base.listResources()),
    getResource: (key) => (mode.name ? mode.getResource(key) : base.getResource(key)),
    saveYaml: (yaml) => (mode.name ? mode.saveYaml(yaml) : base.saveYaml(yaml)),
    deleteResource: (key) => (mode.name ? mode.deleteResource(key) : base.deleteResource(key)),
    gitStatus: status,
    listChangesets: async () => listChangesets(await repo()),
    createChangeset: async (name) => createChangeset(await repo(), name),
    setChangesetMode: async (name) => {
      if (name !== undefined) await repo();
      await mode.select(name);
      return status();
    },
    reviewChangeset: async (name) => reviewChangeset(await repo(), name, cache),
    mergeChangeset: async (name, force) => {
      const outcome = await mergeChangeset(await repo(), name, { force, cache, deploy });
      if (outcome.merged && mode.name === name) await mode.select(undefined);
      return outcome;
    },
    discardChangeset: async (name) => {
      if (mode.name === name) await mode.select(undefined);
      await discardChangeset(await repo(), name);
    },
  };
}

/**
 * Pauses the loop (unless teaching mode already did), runs the work-tree update, makes the folder store read every file
 * it changed and hand them to its watchers (so the snapshot offered holds the whole update), and resumes: one pass then
 * deploys all of it.
 */
export function deployInOnePass(p: Pick<GitOpsParts, 'store' | 'loop'>): Deploy {
  return async (update) => {
    const wasPaused = p.loop.isPaused;
    if (!wasPaused) p.loop.pause();
    try {
      await update();
      await (p.store as { rescanNow?: () => Promise<void> }).rescanNow?.call(p.store);
    } finally {
      if (!wasPaused) p.loop.resume();
    }
  };
}
