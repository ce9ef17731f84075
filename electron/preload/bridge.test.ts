import { readFile } from 'node:fs/promises';
import { describe, expect, it } from 'vitest';
import { ENGINE_METHODS, type EngineEvent } from '../../core/common/api/contract';
import { COMMAND_CHANNEL, ENGINE_CHANNELS, EVENT_CHANNEL } from '../shared/ipc-contract';
import { BRIDGE_KEY, createBridge, exposeBridge, type RendererIpc } from './bridge';

function fakeIpc() {
  const invoked: [string, unknown[]][] = [];
  const listeners = new Map<string, Set<(e: unknown, ...a: unknown[]) => void>>();
  const ipc: RendererIpc = {
    invoke: async (channel, ...args) => { invoked.push([channel, args]); return `result of ${channel}`; },
    on: (channel, l) => { (listeners.get(channel) ?? listeners.set(channel, new Set()).get(channel)!).add(l); },
    removeListener: (channel, l) => { listeners.get(channel)?.delete(l); },
  };
  const send = (channel: string, payload: unknown) => listeners.get(channel)?.forEach((l) => l({ sender: 'secret ipc internals' }, payload));
  return { ipc, invoked, send, count: (c: string) => listeners.get(c)?.size ?? 0 };
}

describe('preload bridge', () => {
  it('exposes exactly one function per EngineApi method, plus onEvent and onCommand', () => {
    const bridge = createBridge(fakeIpc().ipc);
    expect(Object.keys(bridge).sort()).toEqual([...ENGINE_METHODS, 'onCommand', 'onEvent'].sort());
    for (const key of Object.keys(bridge)) expect(typeof (bridge as unknown as Record<string, unknown>)[key]).toBe('function');
    expect(Object.isFrozen(bridge)).toBe(true);
  });

  it("sends each method on its own channel with the caller's arguments", async () => {
    const f = fakeIpc();
    const bridge = createBridge(f.ipc);
    await expect(bridge.getPass(7)).resolves.toBe('result of engine:getPass');
    await bridge.saveYaml('kind: Upstream');
    await bridge.info();
    expect(f.invoked).toEqual([[ENGINE_CHANNELS.getPass, [7]], [ENGINE_CHANNELS.saveYaml, ['kind: Upstream']], [ENGINE_CHANNELS.info, []]]);
  });

  it('relays events without the IPC event object and unsubscribes', () => {
    const f = fakeIpc();
    const bridge = createBridge(f.ipc);
    const seen: unknown[][] = [];
    const off = bridge.onEvent((...args: unknown[]) => seen.push(args));
    const event: EngineEvent = { type: 'log', line: 'hi' };
    f.send(EVENT_CHANNEL, event);
    expect(seen).toEqual([[event]]);
    off();
    expect(f.count(EVENT_CHANNEL)).toBe(0);
  });

  it('relays known menu commands only', () => {
    const f = fakeIpc();
    const seen: unknown[] = [];
    const off = createBridge(f.ipc).onCommand((c) => seen.push(c));
    f.send(COMMAND_CHANNEL, 'step-stage');
    f.send(COMMAND_CHANNEL, 'rm -rf');
    f.send(COMMAND_CHANNEL, { evil: true });
    expect(seen).toEqual(['step-stage']);
    off();
    expect(f.count(COMMAND_CHANNEL)).toBe(0);
  });

  it('is exposed once, as window.xdsSandbox', () => {
    const exposed: [string, unknown][] = [];
    exposeBridge({ exposeInMainWorld: (key, api) => exposed.push([key, api]) }, fakeIpc().ipc);
    expect(exposed.map(([k]) => k)).toEqual([BRIDGE_KEY]);
    expect(BRIDGE_KEY).toBe('xdsSandbox');
  });

  it('gives the preload entry nothing but electron and the bridge', async () => {
    const source = await readFile(new URL('./preload.ts', import.meta.url), 'utf8');
    const imports = [...source.matchAll(/from '([^']+)'/g)].map((m) => m[1]);
    expect(imports).toEqual(['electron', './bridge']);
  });
});
