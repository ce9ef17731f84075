import { describe, expect, it } from 'vitest';
import { ENGINE_METHODS, type EngineEvent } from '../../../core/common/api/contract';
import { createBridgeEngineClient, createHttpEngineClient, EngineCallError, type ConnectionState, type ShellBridge, type SocketLike } from './engine-client';

function fakeSocket() {
  const sockets: (SocketLike & { url: string })[] = [];
  const open = (url: string) => {
    const s = { url, onopen: null, onclose: null, onmessage: null, close() { s.onclose?.(); } } as SocketLike & { url: string };
    sockets.push(s);
    return s;
  };
  return { sockets, open };
}

describe('HTTP engine client', () => {
  it('posts each call to /api/<method> with the arguments as a JSON array', async () => {
    const requests: [string, RequestInit][] = [];
    const fakeFetch = (async (url: string, init: RequestInit) => {
      requests.push([url, init]);
      return new Response(JSON.stringify({ result: { id: 3 } }), { status: 200 });
    }) as unknown as typeof fetch;
    const client = createHttpEngineClient({ origin: 'http://127.0.0.1:9', fetch: fakeFetch, openSocket: fakeSocket().open });
    await expect(client.getPass(3)).resolves.toEqual({ id: 3 });
    expect(requests[0][0]).toBe('http://127.0.0.1:9/api/getPass');
    expect(requests[0][1]).toMatchObject({ method: 'POST', credentials: 'same-origin', body: '[3]' });
    for (const m of ENGINE_METHODS) expect(typeof client[m]).toBe('function');
    client.close();
  });

  it('throws the engine error with its code and status, and flags a refused token', async () => {
    const states: ConnectionState[] = [];
    const fakeFetch = (async (url: string) => url.endsWith('/info')
      ? new Response('Unauthorized', { status: 401 })
      : new Response(JSON.stringify({ error: { name: 'NotFoundError', code: 'NotFound', message: 'pass 9 is gone' } }), { status: 404 })) as unknown as typeof fetch;
    const client = createHttpEngineClient({ origin: 'http://x', fetch: fakeFetch, openSocket: fakeSocket().open });
    client.onConnection((s) => states.push(s));
    const err = await client.getPass(9).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(EngineCallError);
    expect(err).toMatchObject({ message: 'pass 9 is gone', code: 'NotFound', status: 404 });
    await expect(client.info()).rejects.toThrow('HTTP 401');
    expect(states).toEqual(['connecting', 'unauthorized']);
    client.close();
  });

  it('parses pushed events and reconnects after the socket closes', async () => {
    const sockets = fakeSocket();
    const client = createHttpEngineClient({ origin: 'http://h:1', fetch: (async () => new Response('{}')) as unknown as typeof fetch, openSocket: sockets.open, retryDelaysMs: [0] });
    const events: EngineEvent[] = [];
    const states: ConnectionState[] = [];
    client.onEvent((e) => events.push(e));
    client.onConnection((s) => states.push(s));
    expect(sockets.sockets[0].url).toBe('ws://h:1/api/events');
    sockets.sockets[0].onopen?.();
    sockets.sockets[0].onmessage?.({ data: JSON.stringify({ type: 'log', line: 'a' }) });
    sockets.sockets[0].onmessage?.({ data: 'not json' });
    expect(events).toEqual([{ type: 'log', line: 'a' }]);
    sockets.sockets[0].onclose?.();
    await new Promise((r) => setTimeout(r, 5));
    expect(sockets.sockets).toHaveLength(2);
    expect(states).toEqual(['connecting', 'open', 'closed']);
    client.close();
  });
});

describe('bridge engine client', () => {
  it('calls the preload bridge and relays its events', async () => {
    const calls: unknown[] = [];
    const listeners: ((e: EngineEvent) => void)[] = [];
    const bridge = Object.fromEntries(ENGINE_METHODS.map((m) => [m, async (...args: unknown[]) => { calls.push([m, args]); return m; }])) as unknown as ShellBridge;
    (bridge as { onEvent: ShellBridge['onEvent'] }).onEvent = (l) => { listeners.push(l); return () => undefined; };
    const client = createBridgeEngineClient(bridge);
    await expect(client.setPaused(true)).resolves.toBe('setPaused');
    expect(calls).toEqual([['setPaused', [true]]]);
    const seen: EngineEvent[] = [];
    client.onEvent((e) => seen.push(e));
    listeners[0]({ type: 'log', line: 'x' });
    expect(seen).toHaveLength(1);
    const states: ConnectionState[] = [];
    client.onConnection((s) => states.push(s));
    expect(states).toEqual(['open']);
  });
});
