import { mkdtemp, mkdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ELECTRON_CSP } from '../shared/security';
import { createAppProtocolHandler, fileOfAppUrl } from './app-protocol';

describe('app:// protocol', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'app-proto-'));
    await mkdir(join(root, 'assets'));
    await writeFile(join(root, 'index.html'), '<!doctype html>');
    await writeFile(join(root, 'assets', 'a.js'), 'x');
  });
  afterAll(() => rm(root, { recursive: true, force: true }));

  it('serves the renderer with the strict CSP', async () => {
    const handler = createAppProtocolHandler(root);
    const res = await handler(new Request('app://xds-sandbox/index.html'));
    expect(res.status).toBe(200);
    expect(res.headers.get('content-security-policy')).toBe(ELECTRON_CSP);
    expect(res.headers.get('content-type')).toContain('text/html');
    expect((await handler(new Request('app://xds-sandbox/assets/a.js'))).headers.get('content-type')).toContain('javascript');
  });

  it('never leaves the renderer folder and refuses other verbs', async () => {
    const handler = createAppProtocolHandler(root);
    expect(fileOfAppUrl(root, 'app://xds-sandbox/%2e%2e/%2e%2e/etc/passwd')).toBe(join(root, 'etc', 'passwd'));
    expect(fileOfAppUrl(root, 'app://xds-sandbox/..%2f..%2fetc/passwd')).toBeUndefined();
    expect((await handler(new Request('app://xds-sandbox/..%2f..%2fetc/passwd'))).status).toBe(404);
    expect((await handler(new Request('app://xds-sandbox/missing.js'))).status).toBe(404);
    expect((await handler(new Request('app://xds-sandbox/index.html', { method: 'POST', body: 'x' }))).status).toBe(404);
  });
});
