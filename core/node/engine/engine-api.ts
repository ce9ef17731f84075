// EngineApi over a running engine: what the browser and Electron shells may ask.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, stringify } from 'yaml';
import type { EngineApi, EnvoyView, LeadershipView, NodeView, ObjectState, ResourceDetail, ResourceView, SaveResult } from '../../common/api/contract';
import { ConflictError, StoreError } from '../../common/model/errors';
import { KIND_NAMES } from '../../common/model/kinds';
import { resourceToManifest, } from '../../common/model/manifest';
import { refKey, refOf, type Resource } from '../../common/model/resource';
import { parseYamlFile } from '../../common/model/yaml-documents';
import type { ReconcileLoop } from '../../common/loop/reconcile-loop';
import { simulateRequest } from '../../common/route/simulator';
import type { ResourceStore } from '../../common/store/resource-client';
import { resolveProxy } from '../../common/route/route-tests';
import { toTranslateOutput } from '../../common/xds/translate-output';
import type { SnapshotCache } from '../xds/snapshot-cache';
import type { XdsServerHandle } from '../xds/xds-server';
import type { PassHistory } from './pass-history';
import type { Teaching } from './teaching';
import { readPackageVersion } from '../cli/version';
import type { DiscoveryHandle } from '../discovery/start-discovery';
import { discoveryMethods } from './discovery-api';
import { withGitOps } from '../gitops/gitops-api';

/** The parts of a running engine the API reads. */
export interface EngineParts {
  readonly store: ResourceStore;
  readonly loop: ReconcileLoop;
  readonly cache: SnapshotCache;
  readonly xds: XdsServerHandle;
  readonly history: PassHistory;
  readonly teaching: Teaching;
  readonly envoy: () => EnvoyView;
  readonly info: { store: string; xds: string };
  /** Which instance serving the store leads, when the engine takes part in an election. */
  readonly leadership?: () => LeadershipView;
  /** The discovery loop beside the gateway loop, while it runs (on the leader only). */
  readonly discovery?: () => DiscoveryHandle | undefined;
}

/** Builds the EngineApi of a running engine (with the GitOps methods, and changeset mode over the object calls). */
export function createEngineApi(p: EngineParts): EngineApi {
  return withGitOps({
    info: async () => ({ ...p.info, paused: p.loop.isPaused, version: readPackageVersion(), ...(p.leadership ? { leadership: p.leadership() } : {}) }),
    listResources: async () => listResources(p),
    getResource: async (key) => {
      const r = await p.store.client(key.kind).read(key.namespace, key.name);
      return { ...viewOf(r, p), yaml: sourceText(p.info.store, r) ?? stringify(resourceToManifest(r)) } satisfies ResourceDetail;
    },
    saveYaml: async (yaml) => saveYaml(p.store, yaml),
    deleteResource: async (key) => p.store.client(key.kind).delete(key.namespace, key.name),
    getXds: async () => toTranslateOutput(p.loop.latest?.result.xds.values() ?? []),
    simulateRoute: async (req) => {
      const found = resolveProxy(p.loop.latest?.result.xds ?? new Map(), req.proxy);
      if ('error' in found) return { matched: false, proxy: req.proxy ?? '', reason: found.error };
      return simulateRequest(found.xds, { ...req, method: req.method ?? 'GET', headers: { ...req.headers }, query: { ...req.query } });
    },
    listPasses: async (limit = 200) => p.history.list(limit),
    getPass: async (id) => {
      const pass = p.history.get(id);
      if (!pass) throw new StoreError('NotFound', `pass ${id} is no longer in the history`);
      return pass;
    },
    listNodes: async () => nodeViews(p.xds),
    envoy: async () => p.envoy(),
    setPaused: async (paused) => p.teaching.setPaused(paused),
    step: () => p.teaching.stepPass(),
    teaching: async () => p.teaching.view(),
    stepStage: () => p.teaching.stepStage(),
    startBuiltinClient: async () => p.teaching.startClient(),
    stopBuiltinClient: async () => p.teaching.stopClient(),
    ...discoveryMethods(p.discovery),
  }, p);
}

async function listResources(p: EngineParts) {
  const pass = p.loop.latest;
  const resources: ResourceView[] = [];
  for (const kind of KIND_NAMES) {
    const list = pass ? (pass.snapshot.objects[kind] as readonly Resource[]) : await p.store.client(kind).list({ all: true });
    for (const r of list) resources.push(viewOf(r, p));
  }
  for (const proxy of pass?.result.proxies ?? []) resources.push({ ...viewOf(proxy, p), generated: true });
  return { resources, problems: [...(pass?.snapshot.problems ?? p.store.problems())] };
}

function viewOf(r: Resource, p: EngineParts): ResourceView {
  const key = refKey(r);
  const status = p.loop.latest?.result.statuses.get(key) ?? r.status;
  const problems = p.loop.latest?.result.problems?.get(key);
  return {
    kind: r.kind, namespace: r.metadata.namespace, name: r.metadata.name,
    state: (status?.state as ObjectState | undefined) ?? 'Pending', reason: status?.reason ?? '', ...(problems?.length ? { problems } : {}),
    ...(r.source ? { source: r.source } : {}), ...(r.metadata.resourceVersion ? { resourceVersion: r.metadata.resourceVersion } : {}),
  };
}

/** Writes the objects of a YAML text to a store (honouring metadata.resourceVersion); problems and conflicts are results, not errors. */
export async function saveYaml(store: ResourceStore, yaml: string): Promise<SaveResult> {
  const parsed = parseYamlFile(yaml, '<editor>');
  if (parsed.problems.length) return { ok: false, problems: parsed.problems };
  if (parsed.resources.length === 0) return { ok: false, problems: [{ file: '<editor>', line: 1, column: 1, message: 'no object to save' }] };
  const saved = [];
  for (const { resource } of parsed.resources) {
    const { source: _s, status: _st, ...obj } = resource;
    const rv = obj.metadata.resourceVersion;
    try {
      await store.client(obj.kind).write(obj as Resource, { overwrite: true, ...(rv ? { expectedResourceVersion: rv } : {}) });
      saved.push(refOf(resource));
    } catch (err) {
      const line = resource.source?.line ?? 1;
      if (err instanceof ConflictError) return { ok: false, conflict: true, problems: [{ file: '<editor>', line, column: 1, message: err.message }] };
      throw err;
    }
  }
  return { ok: true, objects: saved };
}

/** The object's own document from its YAML file (comments included), when the store is a folder. */
function sourceText(storeSpec: string, r: Resource): string | undefined {
  if (!r.source?.file || storeSpec.startsWith('sqlite:') || storeSpec.startsWith('memory:')) return undefined;
  try {
    const text = readFileSync(join(storeSpec, r.source.file), 'utf8');
    const docs = parseAllDocuments(text);
    const list = Array.isArray(docs) ? docs : [docs];
    const lineStarts = [0];
    for (let i = 0; i < text.length; i++) if (text[i] === '\n') lineStarts.push(i + 1);
    const offset = lineStarts[(r.source.line ?? 1) - 1] ?? 0;
    const doc = list.find((d) => d.range[0] <= offset && offset <= d.range[2]);
    return doc ? text.slice(doc.range[0], doc.range[2]).replace(/\s*$/, '\n') : undefined;
  } catch {
    return undefined;
  }
}

/** The connected nodes as the UI shows them. */
export function nodeViews(xds: XdsServerHandle): NodeView[] {
  return xds.listNodes().map((n) => ({
    id: n.id, proxy: n.proxyKey, ...(n.warning ? { warning: n.warning } : {}), stream: n.kind, connectedAt: new Date(n.connectedSince).toISOString(),
    types: Object.fromEntries(Object.entries(n.types).map(([t, f]) => [t, {
      ...(f?.ackedVersion ? { ackedVersion: f.ackedVersion } : {}), ...(f?.lastNack ? { nack: f.lastNack.error } : {}),
      ...(f?.ackLatencyMs !== undefined ? { ackLatencyMs: f.ackLatencyMs } : {}),
    }])),
  }));
}
