// `/api/events`: a WebSocket that pushes every EngineEvent as one JSON text frame.
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';
import type { EngineEvent } from '../../common/api/contract';

/** Subscribes to engine events; returns the unsubscribe function. */
export type EventSubscriber = (listener: (event: EngineEvent) => void) => () => void;

/** Bytes of events a client may leave unread before it is dropped; it reconnects and reloads. */
export const DEFAULT_MAX_EVENT_BUFFER_BYTES = 4 * 1024 * 1024;
const PING_INTERVAL_MS = 30_000;

/** The WebSocket side of the UI server: accepts upgrades the caller already authorised. */
export interface EventSocket {
  /** Completes an authorised upgrade on `/api/events`. */
  accept(req: IncomingMessage, socket: Duplex, head: Buffer): void;
  /** Closes every client and stops pinging. */
  close(): void;
}

/**
 * Creates the event socket over an engine's event subscription. A client whose unsent events pass
 * maxBufferedBytes is terminated at once: a closing handshake would wait behind the very bytes it does not read.
 */
export function createEventSocket(subscribe: EventSubscriber, maxBufferedBytes = DEFAULT_MAX_EVENT_BUFFER_BYTES): EventSocket {
  const wss = new WebSocketServer({ noServer: true, maxPayload: 64 * 1024 });
  const alive = new WeakSet<WebSocket>();
  wss.on('connection', (ws) => {
    alive.add(ws);
    ws.on('pong', () => alive.add(ws));
    const unsubscribe = subscribe((event) => {
      if (ws.readyState !== ws.OPEN) return;
      if (ws.bufferedAmount > maxBufferedBytes) {
        console.error(`event socket: dropping a client with ${ws.bufferedAmount} bytes unread (limit ${maxBufferedBytes}); it reconnects and reloads`);
        return ws.terminate();
      }
      ws.send(JSON.stringify(event));
    });
    ws.on('close', unsubscribe);
    ws.on('error', unsubscribe);
  });
  const pinger = setInterval(() => {
    for (const ws of wss.clients) {
      if (!alive.has(ws)) { ws.terminate(); continue; }
      alive.delete(ws);
      ws.ping();
    }
  }, PING_INTERVAL_MS);
  pinger.unref();
  return {
    accept(req, socket, head) {
      wss.handleUpgrade(req, socket, head, (ws) => wss.emit('connection', ws, req));
    },
    close() {
      clearInterval(pinger);
      for (const ws of wss.clients) ws.terminate();
      wss.close();
    },
  };
}

/** Refuses an upgrade with a plain HTTP status line and closes the socket. */
export function refuseUpgrade(socket: Duplex, status: number, reason: string): void {
  const text = { 401: 'Unauthorized', 403: 'Forbidden', 404: 'Not Found' }[status as 401 | 403 | 404] ?? 'Bad Request';
  socket.end(`HTTP/1.1 ${status} ${text}\r\nContent-Type: text/plain\r\nConnection: close\r\nContent-Length: ${Buffer.byteLength(reason)}\r\n\r\n${reason}`);
}
