// The main process's connection to the engine's HTTP API: calls with the run's token as a bearer header,
// and the `/api/events` WebSocket (reconnecting) relayed to a callback.
import { WebSocket } from 'ws';
import type { EngineEvent } from '../../core/common/api/contract';
import type { EngineMethod } from '../shared/ipc-contract';

/** A live link to one engine. */
export interface EngineLink {
  /** Calls an EngineApi method; rejects with the engine's error message. */
  call(method: EngineMethod, args: unknown[]): Promise<unknown>;
  /** Calls listener with every engine event until the returned function is called. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** Closes the event socket and stops reconnecting. */
  close(): void;
}

/** The origin and token of a `serve` UI URL (`http://127.0.0.1:PORT/?token=…`). */
export function splitUiUrl(uiUrl: string): { origin: string; token: string } {
  const u = new URL(uiUrl);
  const token = u.searchParams.get('token');
  if (!token) throw new Error(`no token in ${uiUrl}`);
  return { origin: u.origin, token };
}

/** Opens a link to the engine behind a UI URL. */
export function createEngineLink(uiUrl: string, doFetch: typeof fetch = fetch): EngineLink {
  const { origin, token } = splitUiUrl(uiUrl);
  const listeners = new Set<(e: EngineEvent) => void>();
  let socket: WebSocket | undefined;
  let closed = false;
  let attempt = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;

  const connect = () => {
    if (closed) return;
    const ws = new WebSocket(`${origin.replace(/^http/, 'ws')}/api/events`, { headers: { Authorization: `Bearer ${token}` } });
    socket = ws;
    ws.on('open', () => { attempt = 0; });
    ws.on('message', (data) => {
      let event: EngineEvent;
      try { event = JSON.parse(String(data)) as EngineEvent; } catch { return; }
      for (const l of listeners) l(event);
    });
    ws.on('error', () => undefined);
    ws.on('close', () => {
      if (closed) return;
      timer = setTimeout(connect, Math.min(5000, 250 * 2 ** attempt++));
    });
  };
  connect();

  return {
    async call(method, args) {
      const res = await doFetch(`${origin}/api/${method}`, {
        method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${token}` }, body: JSON.stringify(args),
      });
      const body = (await res.json().catch(() => ({}))) as { result?: unknown; error?: { name?: string; message?: string; code?: string } };
      if (!res.ok) throw Object.assign(new Error(body.error?.message ?? `${method}: HTTP ${res.status}`), { code: body.error?.code });
      return body.result;
    },
    onEvent(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    close() {
      closed = true;
      clearTimeout(timer);
      socket?.close();
    },
  };
}
