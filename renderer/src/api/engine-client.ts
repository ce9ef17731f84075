// The renderer's only way to the engine: EngineApi plus events, over fetch + WebSocket in a browser,
// or over `window.xdsSandbox` (the Electron preload) when present. Both look the same to views.
import { ENGINE_METHODS, type EngineApi, type EngineEvent } from '../../../core/common/api/contract';
import type { ShellCommand } from '../../../core/common/api/shell-commands';

/** Whether the event stream is up; views show a banner while it is not. */
export type ConnectionState = 'connecting' | 'open' | 'closed' | 'unauthorized';

/** What the Electron preload exposes as `window.xdsSandbox`: one function per EngineApi method, onEvent and onCommand. */
export interface ShellBridge extends EngineApi {
  /** Calls listener for every engine event until the returned function is called. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** Calls listener for every menu command until the returned function is called. */
  onCommand?(listener: (command: ShellCommand) => void): () => void;
}

declare global {
  interface Window {
    /** Set by the Electron preload; absent in a plain browser. */
    readonly xdsSandbox?: ShellBridge;
  }
}

/** An EngineApi with its event stream and connection state. */
export interface EngineClient extends EngineApi {
  /** Calls listener for every engine event until the returned function is called. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
  /** Calls listener with the current connection state now and on every change. */
  onConnection(listener: (state: ConnectionState) => void): () => void;
  /** Calls listener for every command of the desktop shell's menu (never, in a browser). */
  onCommand(listener: (command: ShellCommand) => void): () => void;
  /** Stops the event stream. */
  close(): void;
}

/** A call the engine refused or failed; `status` is the HTTP status when it came over HTTP. */
export class EngineCallError extends Error {
  constructor(message: string, readonly code?: string, readonly status?: number, name = 'EngineCallError') {
    super(message);
    this.name = name;
  }
}

/** The minimal WebSocket the client needs (the browser's, or a fake in tests). */
export interface SocketLike {
  onopen: (() => void) | null;
  onclose: (() => void) | null;
  onmessage: ((message: { data: unknown }) => void) | null;
  close(): void;
}

/** Where and how the HTTP client connects; everything defaults to the page's own origin and globals. */
export interface HttpClientOptions {
  readonly origin?: string;
  readonly fetch?: typeof fetch;
  readonly openSocket?: (url: string) => SocketLike;
  readonly retryDelaysMs?: readonly number[];
}

type Listener<T> = (value: T) => void;

function listenerSet<T>() {
  const set = new Set<Listener<T>>();
  return {
    add(l: Listener<T>) { set.add(l); return () => { set.delete(l); }; },
    emit(v: T) { for (const l of [...set]) l(v); },
  };
}

/** EngineApi over `POST /api/<method>` and `/api/events`, authenticated by the page's cookie. */
export function createHttpEngineClient(opts: HttpClientOptions = {}): EngineClient {
  const origin = opts.origin ?? window.location.origin;
  const doFetch = opts.fetch ?? ((input, init) => fetch(input, init));
  const openSocket = opts.openSocket ?? ((url: string) => new WebSocket(url) as unknown as SocketLike);
  const delays = opts.retryDelaysMs ?? [250, 500, 1000, 2000, 5000];
  const events = listenerSet<EngineEvent>();
  const connection = listenerSet<ConnectionState>();
  let state: ConnectionState = 'connecting';
  let socket: SocketLike | undefined;
  let attempt = 0;
  let closed = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;

  const setState = (next: ConnectionState) => {
    if (state === next) return;
    state = next;
    connection.emit(next);
  };

  async function call(method: string, args: unknown[]): Promise<unknown> {
    const res = await doFetch(`${origin}/api/${method}`, {
      method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(args),
    });
    if (res.status === 401) setState('unauthorized');
    const body = (await res.json().catch(() => ({}))) as { result?: unknown; error?: { name?: string; message?: string; code?: string } };
    if (!res.ok) throw new EngineCallError(body.error?.message ?? `${method} failed with HTTP ${res.status}`, body.error?.code, res.status, body.error?.name);
    return body.result;
  }

  function connect(): void {
    if (closed) return;
    const ws = openSocket(`${origin.replace(/^http/, 'ws')}/api/events`);
    socket = ws;
    ws.onopen = () => { attempt = 0; setState('open'); };
    ws.onmessage = (m) => {
      try { events.emit(JSON.parse(String(m.data)) as EngineEvent); } catch { /* a malformed frame is dropped */ }
    };
    ws.onclose = () => {
      if (closed || socket !== ws) return;
      if (state !== 'unauthorized') setState('closed');
      retryTimer = setTimeout(connect, delays[Math.min(attempt++, delays.length - 1)]);
    };
  }

  const api = Object.fromEntries(ENGINE_METHODS.map((m) => [m, (...args: unknown[]) => call(m, args)])) as unknown as EngineApi;
  connect();
  return {
    ...api,
    onEvent: (l) => events.add(l),
    onConnection: (l) => { l(state); return connection.add(l); },
    onCommand: () => () => {},
    close() {
      closed = true;
      clearTimeout(retryTimer);
      socket?.close();
    },
  };
}

/** EngineApi over the Electron preload bridge; the main process keeps the engine connection alive. */
export function createBridgeEngineClient(bridge: ShellBridge): EngineClient {
  const api = Object.fromEntries(ENGINE_METHODS.map((m) => [m, (...args: unknown[]) => (bridge[m] as (...a: unknown[]) => Promise<unknown>)(...args)])) as unknown as EngineApi;
  return {
    ...api,
    onEvent: (l) => bridge.onEvent(l),
    onConnection: (l) => { l('open'); return () => {}; },
    onCommand: (l) => bridge.onCommand?.(l) ?? (() => {}),
    close() {},
  };
}

/** The client for this page: the Electron bridge when the preload set one, else HTTP to the page's origin. */
export function createEngineClient(): EngineClient {
  return window.xdsSandbox ? createBridgeEngineClient(window.xdsSandbox) : createHttpEngineClient();
}
