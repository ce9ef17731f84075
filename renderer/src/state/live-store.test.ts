import { describe, expect, it } from 'vitest';
import type { EngineEvent, PassSummary, ResourceView } from '../../../core/common/api/contract';
import type { ConnectionState, EngineClient } from '../api/engine-client';
import { createLiveStore } from './live-store';

const pass = (id: number): PassSummary => ({
  id, startedAt: new Date(0).toISOString(), durationMs: 1, trigger: 'store change', inputHash: 'h', objectsChanged: 1,
  counts: { accepted: 1, warning: 0, rejected: 0, errors: 0 }, published: {},
});

const settle = () => new Promise((r) => setTimeout(r, 0));

function fakeClient() {
  const listeners = new Set<(e: EngineEvent) => void>();
  let resources: ResourceView[] = [{ kind: 'Upstream', namespace: 'default', name: 'a', state: 'Accepted', reason: '' }];
  const calls: string[] = [];
  const client = {
    info: async () => ({ store: 'x', paused: false, version: '1' }),
    envoy: async () => ({ state: 'off' as const, logTail: [] }),
    listResources: async () => { calls.push('listResources'); return { resources, problems: [] }; },
    listPasses: async () => [pass(1)],
    listNodes: async () => { await settle(); return []; },
    setPaused: async () => undefined,
    step: async () => undefined,
    teaching: async () => ({ paused: false }),
    onEvent: (l: (e: EngineEvent) => void) => { listeners.add(l); return () => listeners.delete(l); },
    onConnection: (l: (s: ConnectionState) => void) => { l('open'); return () => undefined; },
  } as unknown as EngineClient;
  return { client, calls, emit: (e: EngineEvent) => listeners.forEach((l) => l(e)), setResources: (r: ResourceView[]) => { resources = r; } };
}

function manualFrames() {
  const queue: (() => void)[] = [];
  return { schedule: (cb: () => void) => { queue.push(cb); }, run: () => { while (queue.length) queue.shift()!(); } };
}


describe('createLiveStore', () => {
  it('loads resources, passes and info on start and notifies once per frame', async () => {
    const f = fakeClient();
    const frames = manualFrames();
    const store = createLiveStore(f.client, frames.schedule);
    let notified = 0;
    store.subscribe(() => notified++);
    store.start();
    await settle();
    await settle();
    frames.run();
    expect(store.getState()).toMatchObject({ loaded: true, info: { store: 'x' }, lastPassId: 1 });
    expect(store.getState().resources).toHaveLength(1);
    expect(notified).toBe(1);
  });

  it('folds a burst of events in one frame and refetches the list once', async () => {
    const f = fakeClient();
    const frames = manualFrames();
    const store = createLiveStore(f.client, frames.schedule);
    store.start();
    await settle();
    await settle();
    frames.run();
    const before = f.calls.length;
    f.setResources([]);
    for (let i = 2; i < 50; i++) f.emit({ type: 'pass', pass: pass(i) });
    f.emit({ type: 'log', line: 'hello' });
    frames.run();
    await settle();
    await settle();
    frames.run();
    expect(f.calls.length - before).toBe(1);
    expect(store.getState()).toMatchObject({ lastPassId: 49, logs: ['hello'], resources: [] });
    expect(store.getState().passes[0].id).toBe(49);
  });
});
