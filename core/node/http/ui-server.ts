// The local UI server: the built renderer, `POST /api/<method>` and the `/api/events` WebSocket,
// all behind a per-run token, a loopback Host check and a same-origin Origin check.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { fileURLToPath } from 'node:url';
import type { EngineApi, EngineEvent } from '../../common/api/contract';
import { handleApiCall, sendJson } from './api-routes';
import { createEventSocket, refuseUpgrade } from './event-socket';
import { allowedHosts, checkHostAndOrigin, hasToken, newToken, sameSecret, tokenCookie } from './request-guard';
import { sendText, serveStatic, setSecurityHeaders } from './static-files';

/** What the UI server needs of an engine: its API and its event stream. */
export interface UiEngine {
  readonly api: EngineApi;
  /** Calls listener for every event until the returned function is called. */
  onEvent(listener: (event: EngineEvent) => void): () => void;
}

/** Options of startUiServer. */
export interface UiServerOptions {
  readonly engine: UiEngine;
  /** Interface to bind; loopback by default. */
  readonly host?: string;
  /** Port to bind; 0 picks a free one. */
  readonly port?: number;
  /** Folder holding the built renderer (index.html and assets/); renderer/dist of this package by default. */
  readonly staticDir?: string;
  /** How long a client may take to send its request headers (ms); a slower one gets 408 and is disconnected. */
  readonly headersTimeoutMs?: number;
  /** How long a client may take to send its whole request, body included (ms). */
  readonly requestTimeoutMs?: number;
  /** Bytes of events a WebSocket client may leave unread before it is dropped. */
  readonly maxEventBufferBytes?: number;
}

/** Default time to send request headers: slowloris clients are cut off after it. */
export const DEFAULT_HEADERS_TIMEOUT_MS = 10_000;

/** Default time to send a whole request: a slow body is cut off after it (8 MiB takes milliseconds on loopback). */
export const DEFAULT_REQUEST_TIMEOUT_MS = 30_000;

/** A running UI server. `url` carries the token and is what users open. */
export interface UiServer {
  readonly url: string;
  readonly port: number;
  readonly token: string;
  /** Stops accepting, drops every client and resolves when the socket is closed. */
  close(): Promise<void>;
}

const EVENTS_PATH = '/api/events';

/** Where the built renderer lives in this package. */
export const DEFAULT_STATIC_DIR = fileURLToPath(new URL('../../../renderer/dist/', import.meta.url));

/** Starts the UI server and resolves once it listens. */
export async function startUiServer(opts: UiServerOptions): Promise<UiServer> {
  const host = opts.host ?? '127.0.0.1';
  const token = newToken();
  const events = createEventSocket((listener) => opts.engine.onEvent(listener), opts.maxEventBufferBytes);
  let port = 0;
  let hosts = new Set<string>();
  const headersTimeout = opts.headersTimeoutMs ?? DEFAULT_HEADERS_TIMEOUT_MS;
  const requestTimeout = Math.max(headersTimeout, opts.requestTimeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
  // Node checks both timeouts every connectionsCheckingInterval, so a client is cut off at most a fifth late.
  const limits = { headersTimeout, requestTimeout, connectionsCheckingInterval: Math.min(1000, Math.ceil(headersTimeout / 5)) };

  const server = createServer(limits, (req, res) => {
    handleRequest(req, res).catch((err: unknown) => {
      if (!res.headersSent) sendJson(res, 500, { error: { name: 'InternalError', message: err instanceof Error ? err.message : String(err) } });
      else res.destroy();
    });
  });

  async function handleRequest(req: IncomingMessage, res: ServerResponse): Promise<void> {
    setSecurityHeaders(res, req.headers.host ?? `${host}:${port}`);
    const refused = checkHostAndOrigin(req.headers, hosts);
    if (refused) return sendText(res, refused.status, refused.reason);
    const url = new URL(req.url ?? '/', 'http://local');
    const given = url.searchParams.get('token');
    if (given !== null && !url.pathname.startsWith('/api/')) return exchangeToken(res, url, given);
    if (!hasToken(req.headers, port, token)) {
      return sendText(res, 401, 'Unauthorized: open the URL that `xds-sandbox serve` printed (it carries the access token).');
    }
    if (url.pathname.startsWith('/api/')) return handleApiCall(req, res, opts.engine.api, url.pathname);
    if (req.method !== 'GET' && req.method !== 'HEAD') return sendText(res, 405, 'Method not allowed');
    return serveStatic(res, opts.staticDir ?? DEFAULT_STATIC_DIR, url.pathname);
  }

  function exchangeToken(res: ServerResponse, url: URL, given: string): void {
    if (!sameSecret(given, token)) return sendText(res, 401, 'Unauthorized: the token in this URL is not the current one; use the URL `xds-sandbox serve` printed.');
    url.searchParams.delete('token');
    res.writeHead(303, { Location: `${url.pathname}${url.search}`, 'Set-Cookie': tokenCookie(port, token), 'Cache-Control': 'no-store' });
    res.end();
  }

  server.on('upgrade', (req: IncomingMessage, socket: Duplex, head: Buffer) => {
    const refused = checkHostAndOrigin(req.headers, hosts);
    if (refused) return refuseUpgrade(socket, refused.status, refused.reason);
    if (!hasToken(req.headers, port, token)) return refuseUpgrade(socket, 401, 'Unauthorized');
    if (new URL(req.url ?? '/', 'http://local').pathname !== EVENTS_PATH) return refuseUpgrade(socket, 404, 'Not found');
    events.accept(req, socket, head);
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(opts.port ?? 0, host, () => {
      server.off('error', reject);
      resolve();
    });
  });
  port = (server.address() as AddressInfo).port;
  hosts = allowedHosts(host, port);
  const urlHost = host === '0.0.0.0' || host === '::' ? '127.0.0.1' : host.includes(':') ? `[${host}]` : host;

  return {
    url: `http://${urlHost}:${port}/?token=${token}`,
    port,
    token,
    close: () => new Promise<void>((resolve) => {
      events.close();
      server.close(() => resolve());
      server.closeAllConnections();
    }),
  };
}
