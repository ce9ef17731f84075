import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { EngineEvent } from '../../core/common/api/contract';
import { createCannedEngine, type CannedEngine } from '../../core/node/http/test-support/canned-engine';
import { startUiServer, type UiServer } from '../../core/node/http/ui-server';
import { createEngineLink, splitUiUrl, type EngineLink } from './engine-link';

describe('engine link', () => {
  let engine: CannedEngine;
  let server: UiServer;
  let link: EngineLink;
  beforeAll(async () => {
    engine = createCannedEngine();
    server = await startUiServer({ engine, staticDir: '/nonexistent' });
    link = createEngineLink(server.url);
  });
  afterAll(async () => {
    link.close();
    await server.close();
  });

  it('splits a serve URL into origin and token', () => {
    expect(splitUiUrl('http://127.0.0.1:5/?token=abc')).toEqual({ origin: 'http://127.0.0.1:5', token: 'abc' });
    expect(() => splitUiUrl('http://127.0.0.1:5/')).toThrow('no token');
  });

  it('calls EngineApi methods with the bearer token', async () => {
    await expect(link.call('info', [])).resolves.toMatchObject({ store: 'memory://canned' });
    await link.call('setPaused', [true]);
    expect(engine.calls.at(-1)).toEqual(['setPaused', [true]]);
  });

  it("rejects with the engine's message and code", async () => {
    await expect(link.call('getResource', [{ kind: 'Gateway', namespace: 'a', name: 'b' }])).rejects.toMatchObject({ message: 'Gateway a/b not found', code: 'NotFound' });
  });

  it('relays engine events from the WebSocket', async () => {
    await expect.poll(() => engine.subscriberCount()).toBe(1);
    const got = new Promise<EngineEvent>((resolve) => { const off = link.onEvent((e) => { off(); resolve(e); }); });
    engine.emit({ type: 'stage', passId: 4, stage: 'xds' });
    expect(await got).toEqual({ type: 'stage', passId: 4, stage: 'xds' });
  });

  it('is refused by a server with another token', async () => {
    const other = createEngineLink(server.url.replace(/token=.*/, 'token=wrong'));
    await expect(other.call('info', [])).rejects.toThrow(/HTTP 401|Unauthorized/);
    other.close();
  });
});
