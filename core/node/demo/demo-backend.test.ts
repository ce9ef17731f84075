// The demo backend over real sockets: HTTP/1.1, cleartext HTTP/2 and gRPC on one port, and the command that runs it.
import { spawn } from 'node:child_process';
import { connect } from 'node:http2';
import { join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import { afterAll, describe, expect, it } from 'vitest';
import { startDemoBackend, type DemoBackend, type EchoAnswer } from './demo-backend';

const backends: DemoBackend[] = [];
afterAll(async () => {
  for (const b of backends) await b.close();
});

async function started(name?: string): Promise<DemoBackend> {
  const b = await startDemoBackend({ port: 0, ...(name ? { name } : {}) });
  backends.push(b);
  return b;
}

function http2Get(port: number, path: string): Promise<EchoAnswer> {
  return new Promise((resolve, reject) => {
    const session = connect(`http://127.0.0.1:${port}`);
    session.on('error', reject);
    const req = session.request({ ':path': path, ':authority': 'hello.local' });
    let body = '';
    req.on('data', (c: Buffer) => (body += c));
    req.on('end', () => {
      session.close();
      resolve(JSON.parse(body) as EchoAnswer);
    });
    req.end();
  });
}

describe('demo backend', () => {
  it('answers HTTP/1.1 with a description of the request, naming itself', async () => {
    const b = await started('hello-v1');
    const res = await fetch(`http://127.0.0.1:${b.port}/greet/world?x=1`, { method: 'POST', body: 'hi', headers: { 'x-test': 'yes' } });
    expect(res.headers.get('x-demo-backend')).toBe('hello-v1');
    expect(await res.json()).toMatchObject({ backend: 'hello-v1', protocol: 'HTTP/1.1', method: 'POST', path: '/greet/world?x=1', body: 'hi', headers: { 'x-test': 'yes' } });
  });

  it('answers cleartext HTTP/2 on the same port', async () => {
    const b = await started();
    expect(await http2Get(b.port, '/greet')).toMatchObject({ backend: 'demo-backend', protocol: 'HTTP/2.0', host: 'hello.local', path: '/greet' });
  });

  it('echoes a gRPC call\'s message and answers health checks SERVING', async () => {
    const b = await started();
    const client = new grpc.Client(`127.0.0.1:${b.port}`, grpc.credentials.createInsecure());
    const call = <T>(path: string, message: Buffer, decode: (b: Buffer) => T) => new Promise<T>((resolve, reject) => {
      client.makeUnaryRequest(path, (m: Buffer) => m, decode, message, (err, reply) => (err ? reject(err) : resolve(reply!)));
    });
    expect(await call('/echo.Echo/Call', Buffer.from('{"hello":"world"}'), (m) => m.toString())).toBe('{"hello":"world"}');
    expect([...await call('/grpc.health.v1.Health/Check', Buffer.alloc(0), (m) => m)]).toEqual([0x08, 0x01]);
    client.close();
  });

  it('runs as `xds-sandbox demo-backend --port 0`, prints its address and stops on SIGTERM', async () => {
    const root = new URL('../../../', import.meta.url).pathname;
    const child = spawn(process.execPath, [join(root, 'bin/xds-sandbox.js'), 'demo-backend', '--port', '0', '--name', 'cli-backend', '--quiet']);
    let out = '';
    child.stdout.on('data', (c) => (out += c));
    const exit = new Promise<number | null>((resolve) => child.on('exit', resolve));
    const deadline = Date.now() + 60_000;
    while (!/demo-backend: 127\.0\.0\.1:(\d+)/.test(out) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 50));
    const port = /demo-backend: 127\.0\.0\.1:(\d+) \(HTTP\/1\.1, HTTP\/2 and gRPC\)/.exec(out)?.[1];
    expect(port).toBeDefined();
    expect(await (await fetch(`http://127.0.0.1:${port}/`)).json()).toMatchObject({ backend: 'cli-backend' });
    child.kill('SIGTERM');
    expect(await exit).toBe(0);
  }, 90_000);
});
