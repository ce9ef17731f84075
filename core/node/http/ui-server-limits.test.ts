// What the UI server does with careless and hostile clients, over real sockets: wrong argument
// types, slow headers, slow bodies and a WebSocket client that does not read.
import { once } from 'node:events';
import { request as httpRequest } from 'node:http';
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { WebSocket } from 'ws';
import { statusOfError } from './api-routes';
import { createCannedEngine, type CannedEngine } from './test-support/canned-engine';
import { startUiServer, type UiServer } from './ui-server';

let engine: CannedEngine;
let server: UiServer;
let cookie: string;

/** The server's configured deadlines for a request's headers and for the whole request. */
const HEADERS_TIMEOUT_MS = 400;
const REQUEST_TIMEOUT_MS = 800;

beforeAll(async () => {
  engine = createCannedEngine();
  server = await startUiServer({ engine, staticDir: '/nonexistent', headersTimeoutMs: HEADERS_TIMEOUT_MS, requestTimeoutMs: REQUEST_TIMEOUT_MS, maxEventBufferBytes: 256 * 1024 });
  cookie = `xds-sandbox-${server.port}=${server.token}`;
});

afterAll(() => server.close());

function call(method: string, body: string): Promise<{ status: number; error?: { name: string; message: string; code?: string } }> {
  return new Promise((resolve, reject) => {
    const headers = { host: `127.0.0.1:${server.port}`, cookie, 'content-type': 'application/json' };
    const req = httpRequest({ host: '127.0.0.1', port: server.port, path: `/api/${method}`, method: 'POST', headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, ...JSON.parse(Buffer.concat(chunks).toString() || '{}') }));
    });
    req.on('error', reject);
    req.end(body);
  });
}

/** A raw TCP client: what the server sends back, and when it closed the connection. */
async function rawClient(): Promise<{ socket: Socket; received: () => string; closed: Promise<number> }> {
  const socket = connect(server.port, '127.0.0.1');
  await once(socket, 'connect');
  let text = '';
  socket.on('data', (chunk: Buffer) => (text += chunk.toString()));
  socket.on('error', () => undefined);
  const started = Date.now();
  const closed = new Promise<number>((resolve) => socket.on('close', () => resolve(Date.now() - started)));
  return { socket, received: () => text, closed };
}

describe('API arguments', () => {
  it.each([
    ['saveYaml(123)', 'saveYaml', '[123]', /saveYaml\(yaml\): yaml must be string/],
    ['getResource(null)', 'getResource', '[null]', /getResource\(key\): key must be object/],
    ['simulateRoute(null)', 'simulateRoute', '[null]', /simulateRoute\(req\): req must be object/],
    ['simulateRoute without a path', 'simulateRoute', '[{"host":"a"}]', /req lacks path/],
    ['simulateRoute with a number header', 'simulateRoute', '[{"path":"/","headers":{"x":1}}]', /req\.headers\.x must be string/],
    ['getPass("7")', 'getPass', '["7"]', /getPass\(id\): id must be integer/],
    ['setPaused()', 'setPaused', '[]', /setPaused\(paused\) takes 1 argument, got 0/],
    ['info(1)', 'info', '[1]', /info\(\) takes 0 arguments, got 1/],
    ['getResource of an unknown kind', 'getResource', '[{"kind":"Nope","namespace":"a","name":"b"}]', /key\.kind must be one of .*VirtualService/],
    ['deleteResource of a 254-character name', 'deleteResource', JSON.stringify([{ kind: 'Upstream', namespace: 'default', name: 'x'.repeat(254) }]), /key\.name must NOT have more than 253 characters/],
  ])('%s is a 400 naming the argument, and the engine is not called', async (_label, method, body, message) => {
    const before = engine.calls.length;
    const reply = await call(method, body);
    expect(reply.status).toBe(400);
    expect(reply.error).toMatchObject({ name: 'InvalidArguments', code: 'Invalid' });
    expect(reply.error?.message).toMatch(message);
    expect(engine.calls.length).toBe(before);
  });

  it('a null optional argument is left out, and a whole resource view passes as a key', async () => {
    expect((await call('listPasses', '[null]')).status).toBe(200);
    expect(engine.calls.at(-1)).toEqual(['listPasses', [undefined]]);
    const view = { kind: 'VirtualService', namespace: 'default', name: 'petstore', state: 'Accepted', reason: '' };
    expect((await call('getResource', JSON.stringify([view]))).status).toBe(200);
  });

  it('a store error for an invalid object or a name too long for the file system is a 400', () => {
    expect(statusOfError(Object.assign(new Error('name too long'), { code: 'ENAMETOOLONG' }))).toBe(400);
    expect(statusOfError(Object.assign(new Error('invalid'), { code: 'Invalid' }))).toBe(400);
    expect(statusOfError(new TypeError('bug'))).toBe(500);
  });
});

describe('slow clients', () => {
  it('a client sending its headers a line at a time (slowloris) gets 408 and is disconnected', async () => {
    const client = await rawClient();
    client.socket.write(`POST /api/info HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\n`);
    const drip = setInterval(() => client.socket.writable && client.socket.write('X-Slow: 1\r\n'), 100);
    const after = await client.closed;
    clearInterval(drip);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
    // The client drips forever: only the server's headers deadline ends it (Node checks it every fifth of it; room for a loaded machine).
    expect(after).toBeLessThan(5 * HEADERS_TIMEOUT_MS);
  });

  it('a client sending its body slowly gets 408 and is disconnected', async () => {
    const client = await rawClient();
    const head = `POST /api/info HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nCookie: ${cookie}\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n`;
    client.socket.write(head + '[');
    const drip = setInterval(() => client.socket.writable && client.socket.write(' '), 100);
    const after = await client.closed;
    clearInterval(drip);
    expect(client.received()).toMatch(/^HTTP\/1\.1 408/);
    // As above, with the request deadline.
    expect(after).toBeLessThan(3 * REQUEST_TIMEOUT_MS + 100);
  });

  it('a WebSocket client that does not read is dropped once its unsent events pass the limit, and a reading one keeps getting them', async () => {
    const origin = `http://127.0.0.1:${server.port}`;
    const reader = new WebSocket(`ws://127.0.0.1:${server.port}/api/events`, { headers: { cookie, origin } });
    await once(reader, 'open');
    let readerGot = 0;
    reader.on('message', () => readerGot++);
    const stuck = await rawClient();
    const key = Buffer.from('0123456789abcdef').toString('base64');
    stuck.socket.write(
      `GET /api/events HTTP/1.1\r\nHost: 127.0.0.1:${server.port}\r\nCookie: ${cookie}\r\nOrigin: ${origin}\r\n` +
        `Connection: Upgrade\r\nUpgrade: websocket\r\nSec-WebSocket-Version: 13\r\nSec-WebSocket-Key: ${key}\r\n\r\n`,
    );
    await expect.poll(() => stuck.received()).toMatch(/^HTTP\/1\.1 101/);
    stuck.socket.pause();
    await expect.poll(() => engine.subscriberCount()).toBe(2);
    const line = 'x'.repeat(64 * 1024);
    let sent = 0;
    while (engine.subscriberCount() === 2 && sent < 2000) {
      engine.emit({ type: 'log', line });
      sent++;
      if (sent % 16 === 0) await new Promise((resolve) => setTimeout(resolve, 5));
    }
    expect(engine.subscriberCount()).toBe(1);
    stuck.socket.resume();
    await stuck.closed;
    await expect.poll(() => readerGot).toBe(sent);
    console.log(`event socket: a client not reading was dropped after ${sent} events of 64 KiB (limit 256 KiB unsent)`);
    reader.close();
  });
});
