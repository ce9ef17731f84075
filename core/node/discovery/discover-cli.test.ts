// `xds-sandbox discover --once` as a real process over a real YAML folder, against a real OpenAPI server.
import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { httpServer, type TestServer } from './test-support/servers';

const root = new URL('../../../', import.meta.url).pathname;
const bin = join(root, 'bin/xds-sandbox.js');
const petstore = readFileSync(join(root, 'core/common/discovery/fixtures/petstore-v2.json'), 'utf8');

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { timeout: 60_000 }, (err, stdout, stderr) => resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr }));
  });
}

describe('xds-sandbox discover --once', () => {
  let dir: string;
  let api: TestServer;

  beforeAll(async () => {
    api = await httpServer({ '/openapi.json': ['application/json', petstore] });
    dir = mkdtempSync(join(tmpdir(), 'xds-discover-'));
    writeFileSync(join(dir, 'settings.yaml'), `apiVersion: gloo.solo.io/v1
kind: Settings
metadata: {name: default, namespace: gloo-system}
spec:
  discovery:
    sources: [static]
    staticTargets: ['127.0.0.1:${api.port}']
    probeTimeout: 1s
`);
  });
  afterAll(async () => {
    await api.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('prints what it would write, with the functions found, and writes nothing', async () => {
    const r = await run(['discover', dir, '--once']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`  static: 1 found`);
    expect(r.stdout).toContain(`create Upstream.gloo-system.127-0-0-1-${api.port}: found a TCP listener at 127.0.0.1:${api.port}; functions found`);
    expect(r.stdout).toContain(`gloo-system/127-0-0-1-${api.port}: found 4 functions (OpenAPI 2.0 at /openapi.json) [listPets, addPet, getPet, delete.pets.{petId}]`);
    expect(readdirSync(dir)).toEqual(['settings.yaml']);
  });

  it('-o json --write writes the labelled Upstream with its REST functions into the folder', async () => {
    const r = await run(['discover', dir, '--once', '--write', '-o', 'json']);
    expect(r.code).toBe(0);
    const out = JSON.parse(r.stdout) as { written: boolean; steps: { op: string; key: string }[] };
    expect(out.written).toBe(true);
    expect(out.steps.map((s) => `${s.op} ${s.key}`)).toEqual([`create Upstream.gloo-system.127-0-0-1-${api.port}`]);
    const got = await run(['get', 'upstream', '--store', dir, '-o', 'json']);
    const { items: [u] } = JSON.parse(got.stdout) as { items: { metadata: { labels: Record<string, string> }; spec: { static: { serviceSpec: { rest: { transformations: object } } } } }[] };
    expect(u.metadata.labels).toEqual({ discovered_by: 'static' });
    expect(Object.keys(u.spec.static.serviceSpec.rest.transformations)).toHaveLength(4);
    const again = await run(['discover', dir, '--once']);
    expect(again.stdout).toContain('would write (run with --write to write it):\n  nothing');
  });

  it('an unknown source is a usage error, for discover and for serve', async () => {
    const r = await run(['discover', dir, '--once', '--discovery', 'docker']);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--discovery takes off or a comma-separated list of local, kubernetes, static; not "docker"');
    const s = await run(['serve', dir, '--discovery', 'local,docker', '--no-ui', '--envoy', 'off', '--xds-port', '0']);
    expect(s.code).toBe(2);
    expect(s.stderr).toContain('not "local,docker"');
  });
});
