import { describe, expect, it } from 'vitest';
import { ENGINE_METHODS } from '../../core/common/api/contract';
import { ENGINE_CHANNELS, EVENT_CHANNEL } from '../shared/ipc-contract';
import { APP_ENTRY_URL } from '../shared/security';
import { pushEvent, registerEngineHandlers, UNTRUSTED_SENDER, type MainIpc } from './ipc-relay';

type Handler = Parameters<MainIpc['handle']>[1];

function fakeIpcMain() {
  const handlers = new Map<string, Handler>();
  const ipc: MainIpc = {
    handle: (channel, h) => { if (handlers.has(channel)) throw new Error(`twice: ${channel}`); handlers.set(channel, h); },
    removeHandler: (channel) => { handlers.delete(channel); },
  };
  return { ipc, handlers };
}

const appFrame = { url: APP_ENTRY_URL, parent: null };
const sender = { id: 1 };

describe('IPC relay', () => {
  it('registers exactly one handler per method channel', () => {
    const f = fakeIpcMain();
    const off = registerEngineHandlers(f.ipc, () => async () => null);
    expect([...f.handlers.keys()].sort()).toEqual(ENGINE_METHODS.map((m) => ENGINE_CHANNELS[m]).sort());
    expect(f.handlers.has(EVENT_CHANNEL)).toBe(false);
    off();
    expect(f.handlers.size).toBe(0);
  });

  it('forwards calls from the app frame to the engine', async () => {
    const f = fakeIpcMain();
    const calls: unknown[] = [];
    registerEngineHandlers(f.ipc, () => async (method, args) => { calls.push([method, args]); return 'ok'; });
    await expect(f.handlers.get(ENGINE_CHANNELS.getPass)!({ senderFrame: appFrame, sender }, 3)).resolves.toBe('ok');
    expect(calls).toEqual([['getPass', [3]]]);
  });

  it("relays each window's calls to that window's engine", async () => {
    const f = fakeIpcMain();
    const engines = new Map([[1, async () => 'store A'], [2, async () => 'store B']]);
    registerEngineHandlers(f.ipc, (id) => engines.get(id));
    const info = f.handlers.get(ENGINE_CHANNELS.info)!;
    await expect(info({ senderFrame: appFrame, sender: { id: 2 } })).resolves.toBe('store B');
    await expect(info({ senderFrame: appFrame, sender: { id: 1 } })).resolves.toBe('store A');
    await expect(info({ senderFrame: appFrame, sender: { id: 3 } })).rejects.toThrow('not running');
  });

  it('refuses a foreign frame, a sub-frame and a missing frame without calling the engine', async () => {
    const f = fakeIpcMain();
    let called = false;
    registerEngineHandlers(f.ipc, () => async () => { called = true; });
    const handler = f.handlers.get(ENGINE_CHANNELS.deleteResource)!;
    await expect(handler({ senderFrame: { url: 'https://evil.example/', parent: null }, sender }, {})).rejects.toThrow(UNTRUSTED_SENDER);
    await expect(handler({ senderFrame: { url: APP_ENTRY_URL, parent: appFrame }, sender }, {})).rejects.toThrow(UNTRUSTED_SENDER);
    await expect(handler({ senderFrame: null, sender }, {})).rejects.toThrow(UNTRUSTED_SENDER);
    expect(called).toBe(false);
  });

  it('says so when no engine is running', async () => {
    const f = fakeIpcMain();
    registerEngineHandlers(f.ipc, () => undefined);
    await expect(f.handlers.get(ENGINE_CHANNELS.info)!({ senderFrame: appFrame, sender })).rejects.toThrow('not running');
  });

  it('pushes events to a live window only', () => {
    const sent: unknown[] = [];
    pushEvent({ isDestroyed: () => false, send: (c, e) => sent.push([c, e]) }, { type: 'log', line: 'x' });
    pushEvent({ isDestroyed: () => true, send: (c, e) => sent.push([c, e]) }, { type: 'log', line: 'y' });
    pushEvent(undefined, { type: 'log', line: 'z' });
    expect(sent).toEqual([[EVENT_CHANNEL, { type: 'log', line: 'x' }]]);
  });
});
