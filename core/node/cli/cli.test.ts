// The CLI as scripts use it: real processes, real stores, exact exit codes and JSON shapes.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;
const bin = join(root, 'bin/xds-sandbox.js');
const demo = join(root, 'fixtures/demo');
const temp = mkdtempSync(join(tmpdir(), 'xds-sandbox-cli-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function run(args: string[], input?: string): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = execFile(process.execPath, [bin, ...args], { cwd: temp, timeout: 60_000 }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
    if (input !== undefined) child.stdin?.end(input);
  });
}

describe('xds-sandbox', () => {
  it('--help lists every command', async () => {
    const r = await run(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['serve', 'check', 'translate', 'route', 'get', 'apply', 'delete', 'diff', 'bootstrap']) expect(r.stdout).toContain(c);
  });

  it('--version prints the package version', async () => {
    const r = await run(['--version']);
    expect(r.stdout.trim()).toBe(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version);
  });

  it('a usage error exits 2', async () => {
    expect((await run(['check', '--bogus'])).code).toBe(2);
    expect((await run(['nope'])).code).toBe(2);
    expect((await run(['translate', demo, '--proxy', 'no-tilde'])).code).toBe(2);
    expect((await run(['get', 'nosuchkind', '--store', demo])).code).toBe(2);
  });

  it('check prints the JSON contract and exits 0 on the demo config', async () => {
    const r = await run(['check', demo, '-o', 'json']);
    expect(r.code).toBe(0);
    const report = JSON.parse(r.stdout);
    expect(report.summary).toMatchObject({ rejected: 0, errors: 0 });
    const vs = report.resources.find((x: { kind: string }) => x.kind === 'VirtualService');
    expect(vs).toMatchObject({ namespace: 'gloo-system', name: 'petstore', state: 'Accepted', source: { file: 'petstore-vs.yaml', line: 2 } });
    expect(report.resources.some((x: { generated?: boolean; kind: string }) => x.kind === 'Proxy' && x.generated)).toBe(true);
  });

  it('check exits 1 and names file:line:column for a file error', async () => {
    const dir = join(temp, 'bad');
    cpSync(demo, dir, { recursive: true });
    writeFileSync(join(dir, 'broken.yaml'), 'apiVersion: gloo.solo.io/v1\nkind: Upstream\nmetadata:\n  name: x\nspec:\n  static:\n    hosts: [{addr: 1.2.3.4, port: "eighty"}]\n');
    const r = await run(['check', dir, '-o', 'json']);
    expect(r.code).toBe(1);
    expect(JSON.parse(r.stdout).errors[0]).toMatchObject({ file: 'broken.yaml', line: 7 });
    const text = await run(['check', dir]);
    expect(text.stdout).toMatch(/broken\.yaml:7:\d+: .*port/);
  });

  it('translate prints the xDS of every proxy as Envoy JSON', async () => {
    const r = await run(['translate', demo]);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout);
    expect(out.proxies[0]).toMatchObject({ node: 'gloo-system~gateway-proxy' });
    expect(out.proxies[0].clusters.map((c: { name: string }) => c.name)).toContain('petstore-v1_gloo-system');
    expect(out.proxies[0].routeConfigurations.length).toBeGreaterThan(0);
  });

  it('route answers where a request goes, and exits 1 when nothing matches', async () => {
    const r = await run(['route', demo, '--path', '/api/pets', '--header', 'x-canary=true', '-o', 'json']);
    expect(r.code).toBe(0);
    const d = JSON.parse(r.stdout);
    expect(d).toMatchObject({ matched: true, proxy: 'gloo-system~gateway-proxy', action: { type: 'forward' } });
    expect(d.action.destinations[0].upstream).toEqual({ namespace: 'gloo-system', name: 'petstore-v2' });
    const redirect = JSON.parse((await run(['route', demo, '--path', '/docs/x', '-o', 'json'])).stdout);
    expect(redirect.action).toMatchObject({ type: 'redirect', redirect: { status: 301 } });
    const none = await run(['route', demo, '--path', '/nothing-here', '--host', 'petstore.example.com', '-o', 'json']);
    expect(none.code).toBe(1);
    expect(JSON.parse(none.stdout).matched).toBe(false);
  });

  it('diff exits 0 for equal configs and 1 with the changed field otherwise', async () => {
    expect((await run(['diff', demo, demo])).code).toBe(0);
    const dir = join(temp, 'changed');
    cpSync(demo, dir, { recursive: true });
    writeFileSync(join(dir, 'petstore-vs.yaml'), readFileSync(join(demo, 'petstore-vs.yaml'), 'utf8').replace('prefix: /docs', 'prefix: /manual'));
    const r = await run(['diff', demo, dir]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain('/manual');
  });

  for (const store of ['folder', 'sqlite']) {
    it(`get, apply and delete work against a ${store} store`, async () => {
      const spec = store === 'folder' ? join(temp, `store-${store}`) : `sqlite:${join(temp, 'store.db')}`;
      if (store === 'folder') cpSync(demo, spec, { recursive: true });
      else expect((await run(['apply', '-f', join(demo, 'upstreams.yaml'), '--store', spec])).code).toBe(0);
      const file = join(temp, `new-${store}.yaml`);
      writeFileSync(file, 'apiVersion: gloo.solo.io/v1\nkind: Upstream\nmetadata: {name: extra, namespace: gloo-system}\nspec:\n  static:\n    hosts: [{addr: 10.0.0.1, port: 80}]\n');
      const applied = await run(['apply', '-f', file, '--store', spec]);
      expect(applied.stdout).toContain('upstream gloo-system/extra created');
      expect((await run(['apply', '-f', file, '--store', spec])).stdout).toContain('unchanged');
      const got = await run(['get', 'us', 'extra', '--store', spec, '-o', 'json']);
      expect(JSON.parse(got.stdout)).toMatchObject({ kind: 'Upstream', metadata: { name: 'extra' }, spec: { static: { hosts: [{ addr: '10.0.0.1' }] } } });
      expect((await run(['get', 'upstreams', '--store', spec])).stdout).toMatch(/gloo-system\s+extra/);
      expect((await run(['delete', 'us', 'extra', '--store', spec])).code).toBe(0);
      const gone = await run(['get', 'us', 'extra', '--store', spec]);
      expect(gone.code).toBe(1);
      expect(gone.stderr).toContain('Upstream "extra" not found in any namespace');
    });
  }

  it('apply applies nothing when one document is invalid', async () => {
    const spec = `sqlite:${join(temp, 'atomic.db')}`;
    const file = join(temp, 'half-bad.yaml');
    writeFileSync(file, 'apiVersion: gloo.solo.io/v1\nkind: Upstream\nmetadata: {name: good}\nspec: {}\n---\napiVersion: gloo.solo.io/v1\nkind: Upstream\nmetadata: {name: bad}\nspec: {nope: 1}\n');
    const r = await run(['apply', '-f', file, '--store', spec]);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/half-bad\.yaml:9:\d+: .*unknown field `nope`/);
    expect((await run(['get', 'us', '--store', spec])).stdout).toContain('No objects found');
  });

  it('bootstrap prints an Envoy bootstrap naming the proxy as the node role', async () => {
    const r = await run(['bootstrap', '--xds-port', '18123', '-o', 'json']);
    const b = JSON.parse(r.stdout);
    expect(b.node.metadata.role).toBe('gloo-system~gateway-proxy');
    expect(JSON.stringify(b.staticResources)).toContain('18123');
  });
});
