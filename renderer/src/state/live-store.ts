// Keeps LiveState in step with the engine: loads once, folds events in per animation frame, refetches
// lists that events invalidate (one request in flight per list), and notifies subscribers once per frame.
import type { EngineEvent } from '../../../core/common/api/contract';
import type { EngineClient } from '../api/engine-client';
import { createFrameCoalescer, type FrameScheduler } from './frame-coalescer';
import { applyEvents, INITIAL_STATE, mergePasses, type LiveState, type Reload } from './live-state';

/** The shared state plus the few actions that change the engine's loop. */
export interface LiveStore {
  getState(): LiveState;
  /** Calls listener after every frame in which the state changed; returns the unsubscribe function. */
  subscribe(listener: () => void): () => void;
  /** Loads everything and starts following events; call once. */
  start(): void;
  /** Refetches the resource list now (after a save, for instance). */
  refreshResources(): Promise<void>;
  /** Teaching mode: pause or resume the loop. */
  setPaused(paused: boolean): Promise<void>;
  /** Teaching mode: run one pass. */
  step(): Promise<void>;
  /** Teaching mode: advance one stage. */
  stepStage(): Promise<void>;
  /** Teaching mode: start the built-in proxyless client. */
  startBuiltinClient(): Promise<void>;
  /** Teaching mode: stop the built-in proxyless client. */
  stopBuiltinClient(): Promise<void>;
  /** Stops following events. */
  stop(): void;
}

/** Creates the store over a client; `schedule` paces both event folding and notifications. */
export function createLiveStore(client: EngineClient, schedule: FrameScheduler): LiveStore {
  let state = INITIAL_STATE;
  const listeners = new Set<() => void>();
  const notifier = createFrameCoalescer<null>(() => listeners.forEach((l) => l()), schedule);
  const inFlight = new Map<Reload, Promise<void>>();
  const dirty = new Set<Reload>();
  const unsubscribers: (() => void)[] = [];

  const commit = (next: LiveState) => {
    if (next === state) return;
    state = next;
    notifier.push(null);
  };
  const fail = (err: unknown) => commit({ ...state, error: err instanceof Error ? err.message : String(err) });

  const loaders: Record<Reload, () => Promise<void>> = {
    resources: async () => {
      const [{ resources, problems }, passes] = await Promise.all([client.listResources(), client.listPasses(200)]);
      commit({ ...state, resources, problems, passes: mergePasses(state.passes, passes), loaded: true, error: undefined,
        lastPassId: Math.max(state.lastPassId, passes[0]?.id ?? 0) });
    },
    nodes: async () => {
      const nodes = await client.listNodes();
      commit({ ...state, nodes });
    },
  };

  /** Runs a loader; if one is already running, runs it once more when that one ends. */
  function reload(what: Reload): Promise<void> {
    const running = inFlight.get(what);
    if (running) {
      dirty.add(what);
      return running;
    }
    const run = loaders[what]().catch(fail).finally(() => {
      inFlight.delete(what);
      if (dirty.delete(what)) void reload(what);
    });
    inFlight.set(what, run);
    return run;
  }

  async function loadAll(): Promise<void> {
    const [info, envoy, teaching] = await Promise.all([client.info(), client.envoy(), client.teaching()]).catch((err: unknown) => { fail(err); return [undefined, undefined, undefined]; });
    if (info) commit({ ...state, info, envoy, teaching });
    await Promise.all([reload('resources'), reload('nodes')]);
  }

  const events = createFrameCoalescer<EngineEvent>((batch) => {
    const { state: next, reload: needed } = applyEvents(state, batch);
    commit(next);
    for (const what of needed) void reload(what);
  }, schedule);

  return {
    getState: () => state,
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    start() {
      unsubscribers.push(client.onEvent((e) => events.push(e)));
      let wasOpen = false;
      unsubscribers.push(client.onConnection((connection) => {
        commit({ ...state, connection });
        if (connection === 'open' && wasOpen) void loadAll();
        if (connection === 'open') wasOpen = true;
      }));
      void loadAll();
    },
    refreshResources: () => reload('resources'),
    async setPaused(paused) {
      await client.setPaused(paused);
      if (state.info) commit({ ...state, info: { ...state.info, paused } });
      commit({ ...state, teaching: await client.teaching() });
    },
    async step() {
      await client.step();
      commit({ ...state, teaching: await client.teaching() });
    },
    async stepStage() {
      commit({ ...state, teaching: await client.stepStage() });
    },
    async startBuiltinClient() {
      await client.startBuiltinClient();
      commit({ ...state, teaching: await client.teaching() });
      void reload('nodes');
    },
    async stopBuiltinClient() {
      await client.stopBuiltinClient();
      commit({ ...state, teaching: await client.teaching() });
      void reload('nodes');
    },
    stop() {
      unsubscribers.splice(0).forEach((u) => u());
    },
  };
}
