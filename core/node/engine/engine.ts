// The engine `serve` runs: store watch → snapshot → pipeline → xDS cache and server, with statuses,
// ACK/NACK feedback, pass history and an optional local Envoy. Shells reach it only through EngineApi.
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EngineApi, EngineEvent, EnvoyView, PassDetail } from '../../common/api/contract';
import type { Resource } from '../../common/model/resource';
import { isGeneratedObject } from '../../common/model/generated';
import { ReconcileLoop, type PassRecord } from '../../common/loop/reconcile-loop';
import { watchSnapshots } from '../../common/loop/snapshot-emitter';
import type { ResourceStore, Subscription } from '../../common/store/resource-client';
import { createPipeline } from '../../common/translate/pipeline';
import { DEFAULT_PROXY_KEY } from '../../common/xds/proxy-keys';
import type { XdsSnapshot } from '../../common/xds/xds-snapshot';
import { EnvoyProcess } from '../envoy/envoy-process';
import { findEnvoy, type EnvoyLookup } from '../envoy/envoy-finder';
import { openStore, storeScheme } from '../store/open-store';
import { SnapshotCache } from '../xds/snapshot-cache';
import { startXdsServer, type XdsServerHandle } from '../xds/xds-server';
import { createEngineApi, nodeViews } from './engine-api';
import { reportNack } from './nack-status';
import { memoryHistory, sqliteHistory, type PassHistory } from './pass-history';
import { passDetail } from './pass-detail';
import { passLogLines } from './pass-log';
import { passChanges, type PassSide } from '../../common/loop/pass-changes';
import { re2Error } from './re2-validator';
import { claimServeState, stateDir, type ServeState } from './serve-state';
import { loadServedSnapshots, saveServedSnapshots, type EncodeResource } from './served-snapshot';
import { createTeaching } from './teaching';
import { startLeadership, type Leadership } from './leadership';
import { leaderHistory, type LeaderHistory } from './leader-history';
import type { SourceKind } from '../../common/discovery/discovery-config';
import { leaderDiscovery } from '../discovery/start-discovery';

/** How to run the engine. */
export interface EngineOptions {
  readonly store: string;
  readonly host?: string;
  readonly xdsPort?: number;
  /** `auto` (default), `off`, or a path to an Envoy binary. */
  readonly envoy?: string;
  readonly envoyAdminPort?: number;
  readonly log?: (line: string) => void;
  /** Called as soon as the xDS port listens, before the store is read (clients are then served the last run's xDS, if kept). */
  readonly onListening?: (port: number) => void;
  /** Discovery sources to run beside the gateway loop, `off`, or undefined to follow Settings `discovery`. */
  readonly discovery?: readonly SourceKind[] | 'off';
}

/** A running engine. */
export interface Engine {
  readonly api: EngineApi;
  readonly store: ResourceStore;
  readonly xds: XdsServerHandle;
  readonly cache: SnapshotCache;
  readonly loop: ReconcileLoop;
  /** Subscribes to engine events; returns the unsubscribe function. */
  onEvent(listener: (e: EngineEvent) => void): () => void;
  /** True while the xDS served is the last run's (from the state folder), until the first pass replaces it. */
  readonly servingStale: boolean;
  /** Stops watching, closes streams, stops Envoy and flushes the store. */
  close(): Promise<void>;
  /** Closes, then removes what this start created beside the store (for a serve that fails after the engine started). */
  discard(): Promise<void>;
}

/** Starts every part of the engine and resolves once the xDS server listens (the first pass may still be running). */
export async function startEngine(o: EngineOptions): Promise<Engine> {
  const listeners = new Set<(e: EngineEvent) => void>();
  const emit = (e: EngineEvent) => listeners.forEach((l) => l(e));
  const log = (line: string) => {
    o.log?.(line);
    emit({ type: 'log', line });
  };
  const state = claimServeState(o.store);
  const opened: { close(): unknown }[] = [];
  const cache = new SnapshotCache();
  const published = new Map<string, XdsSnapshot>();
  let store: ResourceStore, history: LeaderHistory, xds: XdsServerHandle, leadership: Leadership;
  const made: { loop?: ReconcileLoop } = {};
  try {
    // The port opens first, serving the last run's xDS where there is one, while the store is read and translated.
    xds = await startXdsServer({ cache, host: o.host ?? '127.0.0.1', port: o.xdsPort ?? 18000 });
    opened.unshift(xds);
    // Every instance serves xDS; the leader of those serving this store writes statuses and generated Proxies.
    leadership = await startLeadership({
      store: o.store, label: `xDS ${clientHost(o.host)}:${xds.port}`, log,
      changed: (view) => emit({ type: 'leadership', leadership: view }),
      // Leading before the loop exists needs nothing more: its first pass writes as the leader.
      gained: async () => made.loop?.rewriteAll(),
    });
    opened.unshift(leadership);
    o.onListening?.(xds.port);
    if (state.dir) servePersisted(state.dir, cache, published, log);
    store = await openStore(o.store, { watch: true });
    opened.unshift(store);
    history = leaderHistory(() => openHistory(o.store), leadership.isLeader()); // the history file is the leader's
    opened.unshift(history);
  } catch (err) {
    return failedStart(err, opened, state);
  }
  let stale = published.size > 0;
  const persist = persister(state.dir, published, (type, r) => cache.encoder.encode(type, r), log);
  let previousXds: ReadonlyMap<string, XdsSnapshot> | undefined;
  let previousProxies: readonly Resource<'Proxy'>[] = [];
  let previousSide: PassSide | undefined;
  const loop = new ReconcileLoop({
    store,
    pipeline: createPipeline({ regexValidator: re2Error }),
    publish: (snapshots) => publishAll(cache, published, snapshots, log),
    onPass: (pass) => {
      if (stale) log(`pass ${pass.id} replaced the last run's xDS, served stale until now`);
      stale = false;
      if (Object.keys(pass.published).length > 0) persist.changed();
      const side = { statuses: pass.result.statuses, problems: pass.snapshot.problems };
      recordPass({ ...passDetail(pass, previousXds, previousProxies), changes: passChanges(previousSide, side) }, pass, history, emit, log);
      previousXds = pass.result.xds;
      previousProxies = pass.result.proxies;
      previousSide = side;
      discovery.current()?.notePass(pass);
    },
    onStage: (passId, stage) => emit({ type: 'stage', passId, stage }),
    onError: (err) => log(`error: ${err.message}`),
    writeProxies: !isFolderStore(o.store),
    firstPassId: history.lastId() + 1,
    mayWrite: () => leadership.isLeader(),
    delivered: () => xds.flushed(),
  });
  made.loop = loop;
  const teaching = createTeaching(loop, xds, `${clientHost(o.host)}:${xds.port}`, emit);
  opened.unshift(teaching);
  // Discovery: a second loop over the same store, run by the leader; its writes reach the gateway loop as store changes, named as their cause.
  const discovery = leaderDiscovery({ store, ...(o.discovery ? { flag: o.discovery } : {}), sourceContext: { ownPid: process.pid, ownPorts: () => [xds.port, o.envoyAdminPort ?? 19000] }, log });
  opened.unshift(discovery);
  // What only the leader does follows leadership: it needs no polling for statuses (it writes them), keeps the history file, runs discovery.
  const following = leadership.follow(async (leading) => {
    store.setStatusPolling?.(!leading);
    history.lead(leading);
    await discovery.lead(leading);
  });
  opened.unshift({ close: () => following.stop() });
  let emitter: Subscription, offFeedback: () => void, lookup: EnvoyLookup, envoy: EnvoyProcess | undefined;
  try {
    await following.first;
    emitter = watchSnapshots(store, (s) => {
      loop.offer(s, discovery.current()?.triggerOf(s));
      if (loop.isPaused) teaching.changed();
    }, { ignore: isGeneratedObject, onError: (e) => log(`watch error: ${e.message}`) });
    opened.unshift({ close: () => emitter.stop() }, { close: () => loop.idle() });
    offFeedback = wireFeedback(xds, store, () => loop.latest, (keys) => loop.forgetStatuses(keys), emit, () => leadership.isLeader());
    opened.unshift({ close: offFeedback });
    lookup = findEnvoy(o.envoy ?? 'auto');
    envoy = startEnvoy(o, lookup, xds.port, cache, log, emit);
  } catch (err) {
    return failedStart(err, opened, state);
  }
  const api = createEngineApi({ store, loop, cache, xds, history, teaching, discovery: discovery.current, envoy: () => envoy?.state() ?? envoyOff(o, lookup), info: { store: o.store, xds: `${o.host ?? '127.0.0.1'}:${xds.port}` }, leadership: () => leadership.view() });
  const close = async () => {
    await following.stop();
    discovery.close();
    emitter.stop();
    offFeedback();
    teaching.close();
    await envoy?.stop();
    await loop.idle();
    await loop.flushProxies();
    await persist.flush();
    await xds.close();
    history.close();
    await store.close();
    await leadership.close();
  };
  return {
    api, store, xds, cache, loop, close,
    get servingStale() {
      return stale;
    },
    onEvent(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    async discard() {
      await close();
      state.discardCreated();
    },
  };
}

/** Publishes the snapshots the last serve of this store persisted (stale: they are replaced by the first pass). */
function servePersisted(dir: string, cache: SnapshotCache, published: Map<string, XdsSnapshot>, log: (l: string) => void): void {
  const loaded = loadServedSnapshots(dir);
  if ('missing' in loaded) return;
  if ('error' in loaded) {
    log(`not serving the last run's xDS: ${loaded.error}`);
    return;
  }
  // The kept encodings go into the encoder first, so publishing them encodes nothing.
  for (const e of loaded.encodings) cache.encoder.prime(e.type, e.resource, () => e.bytes);
  for (const [key, snapshot] of loaded.snapshots) {
    try {
      cache.setSnapshot(key, snapshot);
      published.set(key, snapshot);
    } catch (err) {
      log(`not serving the last run's xDS of ${key}: ${(err as Error).message}`);
    }
  }
  const versions = [...published].map(([k, s]) => `${k}@${s.version}`).join(' ');
  if (versions) log(`serving the last run's xDS until the first pass finishes (stale): ${versions}`);
}

/** How long after a publication the served snapshots are written to the state folder: off the delivery path, once a burst of changes settles. */
const PERSIST_DELAY_MS = 2000;

/**
 * Writes the published snapshots to the state folder PERSIST_DELAY_MS after the last change, in slices that yield to
 * the event loop; a change during a save stops it and schedules the next. flush() saves what is published now, fully.
 */
function persister(dir: string | undefined, published: ReadonlyMap<string, XdsSnapshot>, encode: EncodeResource, log: (l: string) => void): { changed(): void; flush(): Promise<void> } {
  let timer: NodeJS.Timeout | undefined;
  let dirty = false;
  let running: Promise<void> | undefined;
  let stopRunning = false;
  const save = async (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    if (!dir || !dirty || running) return;
    dirty = false;
    stopRunning = false;
    running = saveServedSnapshots(dir, new Map(published), encode, () => stopRunning)
      .then((kept) => { if (!kept) dirty = true; })
      .catch((err: unknown) => log(`could not keep the served xDS for the next start: ${(err as Error).message}`))
      .finally(() => { running = undefined; });
    await running;
  };
  const schedule = () => {
    clearTimeout(timer);
    timer = setTimeout(() => void save().then(() => { if (dirty && !timer) schedule(); }), PERSIST_DELAY_MS);
    timer.unref();
  };
  return {
    changed() {
      dirty = true;
      if (running) stopRunning = true;
      schedule();
    },
    async flush() {
      clearTimeout(timer);
      timer = undefined;
      if (running) {
        stopRunning = true;
        await running;
      }
      await save();
    },
  };
}

function publishAll(cache: SnapshotCache, published: Map<string, XdsSnapshot>, snapshots: ReadonlyMap<string, XdsSnapshot>, log: (l: string) => void): Record<string, string> {
  const changed: Record<string, string> = {};
  for (const [key, snapshot] of snapshots) {
    if (published.get(key)?.version === snapshot.version) continue;
    try {
      cache.setSnapshot(key, snapshot);
      published.set(key, snapshot);
      changed[key] = snapshot.version;
    } catch (err) {
      log(`not publishing ${key}: ${(err as Error).message}; the last good config stays served`);
    }
  }
  for (const key of [...published.keys()]) {
    if (snapshots.has(key)) continue;
    cache.clearSnapshot(key);
    published.delete(key);
    changed[key] = '';
  }
  return changed;
}

function recordPass(detail: PassDetail, pass: PassRecord, history: PassHistory, emit: (e: EngineEvent) => void, log: (l: string) => void): void {
  history.add(detail);
  const { inputDiff: _i, proxyDiff: _p, xdsDiff: _x, ...summary } = detail;
  emit({ type: 'pass', pass: summary });
  for (const line of passLogLines(pass, detail.changes)) log(line);
}

function wireFeedback(xds: XdsServerHandle, store: ResourceStore, latest: () => PassRecord | undefined, forget: (keys: string[]) => void, emit: (e: EngineEvent) => void, mayWrite: () => boolean): () => void {
  let timer: NodeJS.Timeout | undefined;
  const offChange = xds.feedback.onChange(() => {
    // Many nodes ACK at once after a change: send the node list at most every 100 ms.
    timer ??= setTimeout(() => {
      timer = undefined;
      emit({ type: 'nodes', nodes: nodeViews(xds) });
    }, 100);
  });
  const offAck = xds.feedback.onAck(() => emit({ type: 'stage', passId: latest()?.id ?? 0, stage: 'ack' }));
  const offNack = xds.feedback.onNack((node, type, version, error, names) => {
    if (!mayWrite()) return; // the leader writes statuses; a follower's clients' NACKs are in its own log and node list
    void reportNack(store, latest(), { node: node.id, proxy: node.proxyKey, type, version, error, names }).then((keys) => forget(keys));
  });
  return () => {
    clearTimeout(timer);
    offChange();
    offAck();
    offNack();
  };
}

function startEnvoy(o: EngineOptions, found: EnvoyLookup, xdsPort: number, served: SnapshotCache, log: (l: string) => void, emit: (e: EngineEvent) => void): EnvoyProcess | undefined {
  if (!found.found) {
    if ((o.envoy ?? 'auto') !== 'off') log(`envoy: ${found.reason}`);
    return undefined;
  }
  log(`envoy: starting ${found.path} (found via ${found.via})`);
  const envoy = new EnvoyProcess({
    binary: found.path, proxy: DEFAULT_PROXY_KEY, xdsPort, adminPort: o.envoyAdminPort ?? 19000,
    workDir: join(stateDir(o.store) ?? join(tmpdir(), `xds-sandbox-${process.pid}`), 'envoy'), onChange: (view) => emit({ type: 'envoy', envoy: view }),
    served: () => served.getSnapshot(DEFAULT_PROXY_KEY),
  });
  envoy.start();
  return envoy;
}

function envoyOff(o: EngineOptions, found: EnvoyLookup): EnvoyView {
  return { state: o.envoy === 'off' ? 'off' : 'not found', message: found.found ? undefined : found.reason, logTail: [] };
}

/** Closes what a start that failed had opened (every part, whatever the others do), takes back what it created, and throws its error. */
async function failedStart(err: unknown, opened: readonly { close(): unknown }[], state: ServeState): Promise<never> {
  for (const part of opened) await Promise.resolve().then(() => part.close()).catch(() => undefined);
  state.discardCreated();
  throw err;
}

function openHistory(storeSpec: string): PassHistory {
  const dir = stateDir(storeSpec);
  if (!dir) return memoryHistory();
  mkdirSync(dir, { recursive: true });
  return sqliteHistory(join(dir, 'history.db'));
}

/** The address a client on this machine dials to reach a server bound to `host`. */
function clientHost(host = '127.0.0.1'): string {
  return host === '0.0.0.0' || host === '::' || host === '' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;
}

function isFolderStore(spec: string): boolean {
  return storeScheme(spec) === undefined;
}

