// A store whose writes are commits on a changeset's branch: each write or delete changes the one file holding the object
// (comments and the file's other documents kept, as the folder store does) and commits it with a message naming the
// object, without touching any work tree. A branch that moved meanwhile is read again and the write redone.
import { StorageError, type FileProblem } from '../../common/model/errors';
import type { KindName } from '../../common/model/kinds';
import type { Resource, Status } from '../../common/model/resource';
import { BackendStore } from '../../common/store/backend-store';
import type { Scope } from '../../common/store/resource-client';
import type { StoreBackend, WritePrecondition } from '../../common/store/store-backend';
import { changesetCommitMessage } from '../../common/gitops/commit-message';
import { KEEP_FILE, REMOVE_FILE, type Rewrite } from '../store/file-rewrite';
import { newObjectPath } from '../store/folder-paths';
import { planPut, planRemove, type WriteOutcome } from '../store/folder-writer';
import { commitFileChange } from './branch-commit';
import { changesetSummary, createChangeset } from './changesets';
import { locateGitFolder, readBlobs, repoPath, resolveCommit, type GitFolder } from './git-repo';
import { BlobCache, readTreeConfig, type TreeConfig } from './tree-config';

/** How many times a write is redone when the branch keeps moving under it. */
const ATTEMPTS = 5;

class ChangesetBackend implements StoreBackend {
  private tip = '';
  private config?: TreeConfig;
  private queue: Promise<unknown> = Promise.resolve();
  private readonly statuses = new Map<string, Status>();

  constructor(readonly url: string, private readonly repo: GitFolder, private readonly branch: string, private readonly cache: BlobCache) {}

  async get(kind: KindName, namespace: string, name: string): Promise<Resource | undefined> {
    const config = await this.current();
    const r = config.index.get(kind, namespace, name)?.resource;
    return r && this.withStatus(r);
  }

  async list(kind: KindName, scope: Scope): Promise<Resource[]> {
    return (await this.current()).index.list(kind, scope).map((r) => this.withStatus(r));
  }

  put(obj: Resource, pre: WritePrecondition): Promise<Resource> {
    return this.serial(async () => {
      const { kind, metadata: { namespace, name } } = obj;
      await this.commitWith((config) => {
        const placed = config.index.get(kind, namespace, name);
        const rel = placed?.file ?? newObjectPath(kind, namespace, name, config.index.usesSoloKitLayout());
        return { rel, before: placed?.resource, after: obj, plan: (text) => planPut({ text }, rel, obj, pre, placed !== undefined, () => undefined) };
      });
      const stored = (await this.current()).index.get(kind, namespace, name);
      if (!stored) throw new StorageError(`${kind} ${namespace}/${name} was committed to ${this.branch} but does not read back`);
      return this.withStatus(stored.resource);
    });
  }

  remove(kind: KindName, namespace: string, name: string, expected?: string): Promise<boolean> {
    return this.serial(async () => this.commitWith((config) => {
      const placed = config.index.get(kind, namespace, name);
      if (!placed) return undefined;
      return { rel: placed.file, before: placed.resource, plan: (text) => planRemove({ text }, placed.file, placed.resource, expected) };
    }));
  }

  putStatus(kind: KindName, namespace: string, name: string, status: Status): boolean {
    this.statuses.set(`${kind}/${namespace}/${name}`, status);
    return true;
  }

  problems(): readonly FileProblem[] {
    return this.config?.index.problems() ?? [];
  }

  onExternalChange(): void {
    // read on every call: nothing to watch
  }

  async close(): Promise<void> {
    await this.queue.catch(() => undefined);
  }

  /** The config at the branch's tip now (read again only when the tip moved). */
  async current(): Promise<TreeConfig> {
    const tip = await resolveCommit(this.repo, `refs/heads/${this.branch}`);
    if (tip !== this.tip || !this.config) {
      this.config = await readTreeConfig(this.repo, tip, this.cache);
      this.tip = tip;
    }
    return this.config;
  }

  /** The text of a config file at the branch's tip; undefined when it has no such file. */
  async fileText(rel: string): Promise<string | undefined> {
    const file = (await this.current()).files.find((f) => f.rel === rel);
    return file ? (await readBlobs(this.repo, [file.blob])).get(file.blob)!.toString('utf8') : undefined;
  }

  /** Plans a change of one file on the tip and commits it; redone from a fresh read when the branch moved. False when there was nothing to change. */
  private async commitWith(edit: (config: TreeConfig) => Edit | undefined): Promise<boolean> {
    for (let attempt = 1; attempt <= ATTEMPTS; attempt++) {
      const config = await this.current();
      const parent = this.tip;
      const e = edit(config);
      if (!e) return false;
      const file = config.files.find((f) => f.rel === e.rel);
      const text = await this.fileText(e.rel);
      const planned = e.plan(text);
      if (planned.result === 'moved') continue;
      if (planned.text === KEEP_FILE) return true;
      const change = { path: repoPath(this.repo, e.rel), text: planned.text === REMOVE_FILE ? null : planned.text, ...(file ? { mode: file.mode } : {}) };
      const message = changesetCommitMessage(e.before, e.after, e.rel);
      if (await commitFileChange(this.repo, this.branch, parent, change, message)) return true;
    }
    throw new StorageError(`${this.branch} kept moving while committing to it (${ATTEMPTS} attempts); try again`);
  }

  private withStatus(r: Resource): Resource {
    const status = this.statuses.get(`${r.kind}/${r.metadata.namespace}/${r.metadata.name}`);
    return status ? { ...r, status } : r;
  }

  private serial<T>(fn: () => Promise<T>): Promise<T> {
    const run = this.queue.then(fn, fn);
    this.queue = run.catch(() => undefined);
    return run;
  }
}

/** One file edit: the file, the object before and after, and the plan of its new text from its current text. */
interface Edit {
  readonly rel: string;
  readonly before?: Resource;
  readonly after?: Resource;
  readonly plan: (text: string | undefined) => Rewrite<WriteOutcome>;
}

/** A store over a changeset's branch; `created` says whether opening it created the changeset. */
export interface ChangesetStore extends BackendStore {
  readonly created: boolean;
  readonly branch: string;
  /** The config at the branch's tip now. */
  config(): Promise<TreeConfig>;
  /** The text of a config file at the branch's tip. */
  fileText(rel: string): Promise<string | undefined>;
}

/**
 * Opens changeset `name` of the repository holding `folder` as a store (created from the deployed branch first when
 * `create` is set and it does not exist). Its writes are commits on the changeset's branch.
 */
export async function openChangesetStore(folder: string, name: string, opts: { create?: boolean; cache?: BlobCache } = {}): Promise<ChangesetStore> {
  const repo = await locateGitFolder(folder);
  let created = false;
  const summary = await changesetSummary(repo, name).catch(async (err: Error & { reason?: string }) => {
    if (!opts.create || err.reason !== 'UnknownRef') throw err;
    created = true;
    return createChangeset(repo, name);
  });
  const backend = new ChangesetBackend(`changeset:${name}`, repo, summary.branch, opts.cache ?? new BlobCache());
  await backend.current();
  return Object.assign(new BackendStore(backend), {
    created, branch: summary.branch, config: () => backend.current(), fileText: (rel: string) => backend.fileText(rel),
  });
}
