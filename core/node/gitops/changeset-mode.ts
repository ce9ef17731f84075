// Changeset mode of a running engine: while a changeset is selected, the UI's saves and deletes are commits on it, and
// its object list and editor show the changeset's config with the statuses it would get (translated on demand, once
// per commit, by a pipeline kept for the mode). The served folder and what is served stay as they are.
import { stringify } from 'yaml';
import type { ObjectKey, ObjectState, ResourceDetail, ResourceView, SaveResult } from '../../common/api/contract';
import { documentAtLine } from '../../common/gitops/document-text';
import type { FileProblem } from '../../common/model/errors';
import { KIND_NAMES } from '../../common/model/kinds';
import { resourceToManifest } from '../../common/model/manifest';
import { refKey, refOf, type Resource } from '../../common/model/resource';
import { buildApiSnapshot } from '../../common/snapshot/api-snapshot';
import { createPipeline, type Pipeline, type PipelineResult } from '../../common/translate/pipeline';
import { saveYaml } from '../engine/engine-api';
import { re2Error } from '../engine/re2-validator';
import { openChangesetStore, type ChangesetStore } from './changeset-store';
import type { BlobCache, TreeConfig } from './tree-config';
import { treeObjects, treeProblems } from './tree-config';

interface Selected {
  readonly name: string;
  readonly store: ChangesetStore;
  readonly pipeline: Pipeline;
  last?: { config: TreeConfig; result: PipelineResult; objects: Resource[] };
}

/** The changeset the UI edits, if any, and the calls that go to it instead of the served folder. */
export class ChangesetMode {
  private selected?: Selected;

  constructor(private readonly folder: string, private readonly cache: BlobCache) {}

  /** The selected changeset's name. */
  get name(): string | undefined {
    return this.selected?.name;
  }

  /** Selects changeset `name` (it must exist), or leaves changeset mode without one. */
  async select(name: string | undefined): Promise<void> {
    if (name === this.selected?.name) return;
    const store = name === undefined ? undefined : await openChangesetStore(this.folder, name, { cache: this.cache });
    await this.selected?.store.close();
    this.selected = store && name !== undefined ? { name, store, pipeline: createPipeline({ regexValidator: re2Error }) } : undefined;
  }

  /** The changeset's objects with the statuses its config would get, and its file problems. */
  async listResources(): Promise<{ resources: ResourceView[]; problems: FileProblem[] }> {
    const { result, objects, config } = await this.translated();
    const resources = objects.map((r) => viewOf(r, result));
    for (const p of result.proxies) resources.push({ ...viewOf(p, result), generated: true });
    return { resources, problems: [...treeProblems(config)] };
  }

  /** One object of the changeset, with its own document's text (comments kept). */
  async getResource(key: ObjectKey): Promise<ResourceDetail> {
    const s = this.require();
    const r = await s.store.client(key.kind).read(key.namespace, key.name);
    const { result } = await this.translated();
    const text = r.source?.file ? await s.store.fileText(r.source.file) : undefined;
    const yaml = text !== undefined ? documentAtLine(text, r.source?.line ?? 1) : undefined;
    return { ...viewOf(r, result), yaml: yaml ?? stringify(resourceToManifest(r)) };
  }

  /** Commits the objects of a YAML text to the changeset. */
  saveYaml(yaml: string): Promise<SaveResult> {
    return saveYaml(this.require().store, yaml);
  }

  /** Commits the deletion of an object to the changeset. */
  deleteResource(key: ObjectKey): Promise<void> {
    return this.require().store.client(key.kind).delete(key.namespace, key.name);
  }

  /** Leaves changeset mode. */
  async close(): Promise<void> {
    await this.select(undefined);
  }

  private require(): Selected {
    if (!this.selected) throw new Error('no changeset is selected');
    return this.selected;
  }

  private async translated(): Promise<NonNullable<Selected['last']>> {
    const s = this.require();
    const config = await s.store.config();
    if (s.last?.config !== config) {
      const lists = treeObjects(config);
      const snapshot = buildApiSnapshot(lists, treeProblems(config));
      s.last = { config, result: s.pipeline.run(snapshot), objects: KIND_NAMES.flatMap((k) => snapshot.objects[k] as readonly Resource[]) };
    }
    return s.last;
  }
}

function viewOf(r: Resource, result: PipelineResult): ResourceView {
  const status = result.statuses.get(refKey(r));
  return {
    kind: r.kind, namespace: r.metadata.namespace, name: r.metadata.name,
    state: (status?.state as ObjectState | undefined) ?? 'Pending', reason: status?.reason ?? '',
    ...(r.source ? { source: r.source } : {}), ...(r.metadata.resourceVersion ? { resourceVersion: r.metadata.resourceVersion } : {}),
  };
}
