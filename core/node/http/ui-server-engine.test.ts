// The UI server in front of a real engine on a folder store: bad arguments and names too long for
// the store are 400s with a message that says what to change, never 500s.
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startEngine, type Engine } from '../engine/engine';
import { startUiServer, type UiServer } from './ui-server';

let dir: string;
let engine: Engine;
let server: UiServer;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'xds-sandbox-ui-engine-'));
  engine = await startEngine({ store: dir, xdsPort: 0, envoy: 'off' });
  server = await startUiServer({ engine, staticDir: '/nonexistent' });
});

afterAll(async () => {
  await server?.close();
  await engine?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function call(method: string, args: unknown[]): Promise<{ status: number; error?: { message: string; code?: string } }> {
  const res = await fetch(`http://127.0.0.1:${server.port}/api/${method}`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${server.token}` },
    body: JSON.stringify(args),
  });
  return { status: res.status, ...((await res.json()) as object) };
}

function upstream(name: string): string {
  return `apiVersion: gloo.solo.io/v1\nkind: Upstream\nmetadata:\n  name: ${name}\n  namespace: default\nspec:\n  static:\n    hosts:\n    - addr: 127.0.0.1\n      port: 8080\n`;
}

describe('the UI server on a real engine', () => {
  it.each([
    ['saveYaml', [123]],
    ['getResource', [null]],
    ['simulateRoute', [null]],
    ['deleteResource', [{ kind: 'Upstream', namespace: 'default' }]],
  ])('%s with a wrong argument is a 400', async (method, args) => {
    const reply = await call(method, args);
    expect(reply.status).toBe(400);
    expect(reply.error?.code).toBe('Invalid');
  });

  it('a name too long for a file of the folder is a 400 saying how long it may be, and nothing is written', async () => {
    const reply = await call('saveYaml', [upstream('n'.repeat(253))]);
    expect(reply.status).toBe(400);
    expect(reply.error?.message).toMatch(/too long/);
    expect(readdirSync(dir).filter((f) => f.endsWith('.yaml'))).toEqual([]);
    expect((await call('saveYaml', [upstream('short')])).status).toBe(200);
  });
});
