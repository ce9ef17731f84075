// A small in-memory EngineApi over canned data, for tests of the UI server and shells.
import type { EngineApi, EngineEvent, PassDetail, PassSummary, ResourceView } from '../../../common/api/contract';
import type { UiEngine } from '../ui-server';

/** A canned engine: the UiEngine plus a way to push events and see the calls made. */
export interface CannedEngine extends UiEngine {
  /** Sends an event to every subscriber. */
  emit(event: EngineEvent): void;
  /** Every call made, in order, as `[method, args]`. */
  readonly calls: [string, unknown[]][];
  /** How many event subscribers are attached now. */
  subscriberCount(): number;
}

const RESOURCES: ResourceView[] = [
  { kind: 'VirtualService', namespace: 'default', name: 'petstore', state: 'Accepted', reason: '', source: { file: 'vs.yaml', line: 1, column: 1 }, resourceVersion: '1' },
  { kind: 'Upstream', namespace: 'default', name: 'petstore', state: 'Rejected', reason: 'port is required', source: { file: 'us.yaml', line: 3, column: 1 }, resourceVersion: '1' },
];

const PASS: PassSummary = {
  id: 1, startedAt: '2025-01-01T00:00:00.000Z', durationMs: 3, trigger: 'startup', inputHash: 'abc', objectsChanged: 2,
  counts: { accepted: 1, warning: 0, rejected: 1, errors: 0 }, published: { 'gloo-system~gateway-proxy': 'v1' },
};

/** Creates a canned engine; `getResource` of an unknown object throws a NotFound-coded error. */
export function createCannedEngine(): CannedEngine {
  const listeners = new Set<(e: EngineEvent) => void>();
  const calls: [string, unknown[]][] = [];
  let paused = false;
  const record = (method: string, args: unknown[]): void => { calls.push([method, args]); };
  const api: EngineApi = {
    async info() { record('info', []); return { store: 'memory://canned', paused, version: '0.0.0-test' }; },
    async listResources() { record('listResources', []); return { resources: RESOURCES, problems: [] }; },
    async getResource(key) {
      record('getResource', [key]);
      const found = RESOURCES.find((r) => r.kind === key.kind && r.namespace === key.namespace && r.name === key.name);
      if (!found) throw Object.assign(new Error(`${key.kind} ${key.namespace}/${key.name} not found`), { name: 'NotFoundError', code: 'NotFound' });
      return { ...found, yaml: `kind: ${found.kind}\nmetadata:\n  name: ${found.name}\n` };
    },
    async saveYaml(yaml) { record('saveYaml', [yaml]); return { ok: true, objects: [] }; },
    async deleteResource(key) { record('deleteResource', [key]); },
    async getXds() { record('getXds', []); return { proxies: [] }; },
    async simulateRoute(req) { record('simulateRoute', [req]); return { matched: false, request: req }; },
    async listPasses(limit) { record('listPasses', [limit]); return [PASS]; },
    async getPass(id) { record('getPass', [id]); return { ...PASS, id, inputDiff: [], xdsDiff: [] } satisfies PassDetail; },
    async listNodes() { record('listNodes', []); return []; },
    async envoy() { record('envoy', []); return { state: 'off', logTail: [] }; },
    async setPaused(p) { record('setPaused', [p]); paused = p; },
    async step() { record('step', []); },
    async teaching() { record('teaching', []); return { paused }; },
    async stepStage() { record('stepStage', []); return { paused }; },
    async startBuiltinClient() { record('startBuiltinClient', []); return { nodeId: 'builtin', host: 'petstore.example.com', proxy: 'gloo-system~gateway-proxy' }; },
    async stopBuiltinClient() { record('stopBuiltinClient', []); },
    async discovery() { record('discovery', []); return { running: false, fdsMode: 'BLACKLIST', writeNamespace: 'gloo-system', sources: [], upstreams: [], passes: [], problems: [] }; },
    async adoptUpstream(key) { record('adoptUpstream', [key]); return key; },
    async gitStatus() { record('gitStatus', []); return { state: 'not-a-repo', message: 'memory://canned is not a folder', dirty: [] }; },
    async listChangesets() { record('listChangesets', []); return []; },
    async createChangeset(name) { record('createChangeset', [name]); throw Object.assign(new Error('not a Git folder'), { code: 'Invalid' }); },
    async setChangesetMode(name) { record('setChangesetMode', [name]); return { state: 'not-a-repo', dirty: [] }; },
    async reviewChangeset(name) { record('reviewChangeset', [name]); throw Object.assign(new Error(`no changeset ${name}`), { code: 'NotFound' }); },
    async mergeChangeset(name, force) { record('mergeChangeset', [name, force]); return { merged: false, reason: 'nothing', message: 'canned' }; },
    async discardChangeset(name) { record('discardChangeset', [name]); },
  };
  return {
    api,
    calls,
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    emit(event) { for (const l of listeners) l(event); },
    subscriberCount: () => listeners.size,
  };
}
