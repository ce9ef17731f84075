// The review of a changeset: the deployed branch's config against the config merging the changeset would deploy,
// both read from Git (nothing checked out) and translated; plus the YAML diff of the changed files.
import type { ChangesetReview, FilePatch } from '../../common/gitops/review-types';
import { reviewConfig } from '../../common/gitops/review';
import { buildApiSnapshot, type ApiSnapshot, type ObjectHashCache } from '../../common/snapshot/api-snapshot';
import { createPipeline } from '../../common/translate/pipeline';
import { re2Error } from '../engine/re2-validator';
import { isConfigFile } from '../store/folder-paths';
import { changesetSummary } from './changesets';
import { git } from './git';
import { currentBranch, resolveCommit, type GitFolder } from './git-repo';
import { planMerge } from './merge-plan';
import { BlobCache, readTreeConfig, treeObjects, treeProblems } from './tree-config';

/** Largest YAML diff shown per file, in characters. */
const MAX_PATCH_CHARS = 100_000;

/**
 * Reads a commit's or tree's config folder as an ApiSnapshot (blobs parsed once per cache). An object read from a file
 * carries its content hash as its resourceVersion, so the snapshot takes it from there instead of hashing it again.
 */
export async function snapshotOfTree(repo: GitFolder, treeish: string, cache: BlobCache): Promise<ApiSnapshot> {
  const config = await readTreeConfig(repo, treeish, cache);
  const lists = treeObjects(config);
  const hashes: ObjectHashCache = new Map();
  for (const list of Object.values(lists)) {
    for (const r of list) hashes.set(`${r.kind}.${r.metadata.namespace}.${r.metadata.name}@${r.metadata.resourceVersion}`, r.metadata.resourceVersion!);
  }
  return buildApiSnapshot(lists, treeProblems(config), hashes);
}

/** Reviews changeset `name` against the deployed branch (HEAD of the served folder). */
export async function reviewChangeset(repo: GitFolder, name: string, cache = new BlobCache()): Promise<ChangesetReview> {
  const started = performance.now();
  const changeset = await changesetSummary(repo, name);
  const branch = await currentBranch(repo);
  const base = await resolveCommit(repo, 'HEAD');
  const plan = await planMerge(repo, base, changeset.commit);
  const before = await snapshotOfTree(repo, base, cache);
  const after = await snapshotOfTree(repo, plan.result, cache);
  const review = reviewConfig(before, after, createPipeline({ regexValidator: re2Error }));
  const files = await filePatches(repo, base, plan.result);
  return {
    ...review, changeset, base: { branch, commit: base }, merge: { fastForward: plan.kind === 'fast-forward', conflicts: plan.conflicts }, files,
    totalMs: performance.now() - started,
  };
}

/** The unified diff of every config file that differs between two commits or trees, one entry per file. */
export async function filePatches(repo: GitFolder, from: string, to: string): Promise<FilePatch[]> {
  const scope = repo.prefix ? [`--relative=${repo.prefix}`] : [];
  const text = await git(repo.top, ['diff', '--no-color', '--no-ext-diff', '--no-renames', ...scope, from, to, '--', ...(repo.prefix ? [repo.prefix] : [])]);
  const out: FilePatch[] = [];
  for (const chunk of text.split(/^(?=diff --git )/m)) {
    const header = /^diff --git a\/(.*) b\/(.*)$/m.exec(chunk);
    if (!header) continue;
    const path = header[2];
    if (!isConfigFile(path)) continue;
    const change = /^new file mode/m.test(chunk) ? 'added' : /^deleted file mode/m.test(chunk) ? 'deleted' : 'modified';
    const patch = chunk.length > MAX_PATCH_CHARS ? chunk.slice(0, MAX_PATCH_CHARS) + '\n… (cut)\n' : chunk;
    out.push({ path, change, patch });
  }
  return out;
}
