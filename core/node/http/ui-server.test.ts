import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { createCannedEngine, type CannedEngine } from './test-support/canned-engine';
import { startUiServer, type UiServer } from './ui-server';

interface Reply { status: number; headers: Record<string, string | string[] | undefined>; body: string }

function send(port: number, path: string, opts: { method?: string; headers?: Record<string, string>; body?: string } = {}): Promise<Reply> {
  return new Promise((resolve, reject) => {
    const req = httpRequest({ host: '127.0.0.1', port, path, method: opts.method ?? 'GET', headers: { host: `127.0.0.1:${port}`, ...opts.headers } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks).toString('utf8') }));
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}

function openSocket(port: number, headers: Record<string, string>): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`ws://127.0.0.1:${port}/api/events`, { headers });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`status ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

describe('startUiServer', () => {
  let dir: string;
  let engine: CannedEngine;
  let server: UiServer;
  let cookie: string;
  const json = { 'content-type': 'application/json' };

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'ui-server-'));
    await mkdir(join(dir, 'assets'));
    await writeFile(join(dir, 'index.html'), '<!doctype html><title>xds-sandbox</title>');
    await writeFile(join(dir, 'assets', 'app.js'), 'console.log(1)');
    await writeFile(join(tmpdir(), 'ui-server-secret.txt'), 'secret');
    engine = createCannedEngine();
    server = await startUiServer({ engine, staticDir: dir });
    cookie = `xds-sandbox-${server.port}=${server.token}`;
  });
  afterAll(async () => {
    await server.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('prints a loopback URL carrying a 32-byte token', () => {
    expect(server.url).toBe(`http://127.0.0.1:${server.port}/?token=${server.token}`);
    expect(Buffer.from(server.token, 'base64url')).toHaveLength(32);
  });

  it('refuses a page load without the token with 401', async () => {
    expect((await send(server.port, '/')).status).toBe(401);
    expect((await send(server.port, '/?token=wrong')).status).toBe(401);
  });

  it('exchanges the token in the URL for an HttpOnly SameSite=Strict cookie and drops it from the URL', async () => {
    const reply = await send(server.port, `/?token=${server.token}`);
    expect(reply.status).toBe(303);
    expect(reply.headers.location).toBe('/');
    const setCookie = String(reply.headers['set-cookie']);
    expect(setCookie).toContain(`xds-sandbox-${server.port}=${server.token}`);
    expect(setCookie).toContain('HttpOnly');
    expect(setCookie).toContain('SameSite=Strict');
  });

  it('serves the built UI with a strict CSP once the cookie is set', async () => {
    const reply = await send(server.port, '/', { headers: { cookie } });
    expect(reply.status).toBe(200);
    expect(reply.body).toContain('xds-sandbox');
    const csp = String(reply.headers['content-security-policy']);
    expect(csp).toContain("default-src 'self'");
    expect(csp).toContain("script-src 'self'");
    expect(csp).not.toContain('unsafe-eval');
    expect(reply.headers['x-frame-options']).toBe('DENY');
    expect((await send(server.port, '/assets/app.js', { headers: { cookie } })).headers['content-type']).toContain('text/javascript');
  });

  it('never serves files outside the UI folder', async () => {
    expect((await send(server.port, '/%2e%2e/ui-server-secret.txt', { headers: { cookie } })).status).toBe(404);
    expect((await send(server.port, '/..%2fui-server-secret.txt', { headers: { cookie } })).status).toBe(404);
  });

  it('answers API calls with the cookie or a bearer token, and 401 without either', async () => {
    const viaCookie = await send(server.port, '/api/info', { method: 'POST', headers: { ...json, cookie }, body: '[]' });
    expect(viaCookie.status).toBe(200);
    expect(JSON.parse(viaCookie.body).result.store).toBe('memory://canned');
    const viaBearer = await send(server.port, '/api/listResources', { method: 'POST', headers: { ...json, authorization: `Bearer ${server.token}` }, body: '[]' });
    expect(JSON.parse(viaBearer.body).result.resources).toHaveLength(2);
    expect((await send(server.port, '/api/info', { method: 'POST', headers: json, body: '[]' })).status).toBe(401);
    expect((await send(server.port, '/api/info', { method: 'POST', headers: { ...json, authorization: 'Bearer nope' }, body: '[]' })).status).toBe(401);
  });

  it('passes the JSON array as arguments and returns {} for void methods', async () => {
    const reply = await send(server.port, '/api/setPaused', { method: 'POST', headers: { ...json, cookie }, body: '[true]' });
    expect(reply.status).toBe(200);
    expect(JSON.parse(reply.body)).toEqual({});
    expect(engine.calls.at(-1)).toEqual(['setPaused', [true]]);
  });

  it('answers 404 for names that are not EngineApi methods', async () => {
    for (const name of ['nope', 'constructor', 'toString', '__proto__', 'info/extra']) {
      expect((await send(server.port, `/api/${name}`, { method: 'POST', headers: { ...json, cookie }, body: '[]' })).status).toBe(404);
    }
  });

  it('rejects wrong verbs, content types and bodies', async () => {
    expect((await send(server.port, '/api/info', { headers: { cookie } })).status).toBe(405);
    expect((await send(server.port, '/api/info', { method: 'POST', headers: { cookie, 'content-type': 'text/plain' }, body: '[]' })).status).toBe(415);
    expect((await send(server.port, '/api/info', { method: 'POST', headers: { ...json, cookie }, body: '{"a":1}' })).status).toBe(400);
    expect((await send(server.port, '/api/info', { method: 'POST', headers: { ...json, cookie }, body: '[' })).status).toBe(400);
  });

  it('maps engine errors to a status and a typed error body', async () => {
    const reply = await send(server.port, '/api/getResource', { method: 'POST', headers: { ...json, cookie }, body: JSON.stringify([{ kind: 'Gateway', namespace: 'x', name: 'y' }]) });
    expect(reply.status).toBe(404);
    expect(JSON.parse(reply.body).error).toMatchObject({ code: 'NotFound', message: 'Gateway x/y not found' });
  });

  it('refuses a foreign Host header even with the token (DNS rebinding)', async () => {
    const reply = await send(server.port, '/api/info', { method: 'POST', headers: { ...json, cookie, host: `evil.example:${server.port}` }, body: '[]' });
    expect(reply.status).toBe(403);
    expect((await send(server.port, '/api/info', { method: 'POST', headers: { ...json, cookie, host: `localhost:${server.port}` }, body: '[]' })).status).toBe(200);
  });

  it('refuses a cross-origin request even with the cookie (CSRF)', async () => {
    const foreign = await send(server.port, '/api/setPaused', { method: 'POST', headers: { ...json, cookie, origin: 'http://evil.example' }, body: '[false]' });
    expect(foreign.status).toBe(403);
    const own = await send(server.port, '/api/info', { method: 'POST', headers: { ...json, cookie, origin: `http://127.0.0.1:${server.port}` }, body: '[]' });
    expect(own.status).toBe(200);
  });

  it('pushes engine events over the WebSocket to an authorised client and unsubscribes on close', async () => {
    const ws = await openSocket(server.port, { cookie, origin: `http://127.0.0.1:${server.port}` });
    const received = new Promise<unknown>((resolve) => ws.once('message', (data) => resolve(JSON.parse(String(data)))));
    engine.emit({ type: 'log', line: 'hello' });
    expect(await received).toEqual({ type: 'log', line: 'hello' });
    expect(engine.subscriberCount()).toBe(1);
    ws.close();
    await new Promise((r) => ws.once('close', r));
    await expect.poll(() => engine.subscriberCount()).toBe(0);
  });

  it('refuses WebSocket upgrades without the token, from another origin or on another path', async () => {
    await expect(openSocket(server.port, {})).rejects.toThrow('status 401');
    await expect(openSocket(server.port, { cookie, origin: 'http://evil.example' })).rejects.toThrow('status 403');
    const other = new Promise((resolve, reject) => {
      const ws = new WebSocket(`ws://127.0.0.1:${server.port}/api/other`, { headers: { cookie } });
      ws.once('unexpected-response', (_q, res) => resolve(res.statusCode));
      ws.once('open', () => reject(new Error('opened')));
    });
    expect(await other).toBe(404);
  });
});
