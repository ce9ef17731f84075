// `check`, `route` and `translate` on a store a `serve` holds give that serve's answer (the one its UI shows); `serve`
// says per pass what changed state and why; a missing folder is refused unless --create. A copy of a served folder
// (`cp -r`, lock and API record included) is not answered for by the original's serve. Real processes on real folders.
import { execFile, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { startServe, type Serve } from './serve-test-support';

const root = new URL('../../../', import.meta.url).pathname;
const bin = join(root, 'bin/xds-sandbox.js');
const temp = mkdtempSync(join(tmpdir(), 'xds-sandbox-answers-'));
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(temp, { recursive: true, force: true });
});

function serve(args: string[]): Serve {
  const s = startServe([...args, '--xds-port', '0', '--no-open', '--envoy', 'off'], { cwd: temp });
  children.push(s.child);
  return s;
}

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: temp, timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

async function until(check: () => boolean, what: string, ms = 60_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

interface Checked { resources: { kind: string; name: string; state: string; reason: string; problems?: { path?: string }[] }[] }

describe('CLI answers on a served store', () => {
  it('check, route and translate ask the running serve, agree with it, and say so; --offline evaluates here', async () => {
    const folder = join(temp, 'hello');
    cpSync(join(root, 'fixtures/getting-started'), folder, { recursive: true });
    const s = serve([folder, '--ui-port', '0']);
    await until(() => /^ui: /m.test(s.stdout()) && /pass \d+: .*published gloo-system~gateway-proxy@/.test(s.stderr()), 'a published pass');
    const vs = join(folder, 'hello-vs.yaml');
    writeFileSync(vs, readFileSync(vs, 'utf8').replace('prefix: /greet', 'regex: "/gr(eet"'));
    await until(() => s.stderr().includes('VirtualService default/hello Accepted → Rejected: route 1 (`/gr(eet`): matcher 1 (regex "/gr(eet"): invalid regex'), 'the pass line naming the rejection');
    expect(s.stderr()).toMatch(/pass \d+: VirtualService default\/hello Accepted → Rejected: .*; serving the last accepted version from /);

    const check = await run(['check', folder, '-o', 'json']);
    expect(check.stderr).toMatch(/^answer from the serve running on .* \(pid \d+\), as its UI shows it$/m);
    const hello = (JSON.parse(check.stdout) as Checked).resources.find((r) => r.name === 'hello')!;
    expect(hello).toMatchObject({ state: 'Rejected', reason: expect.stringContaining('serving the last accepted version from'), problems: [{ path: 'spec.virtualHost.routes[0].matchers[0]' }] });
    expect(check.code).toBe(1);

    const route = await run(['route', folder, '--host', 'hello.local', '--path', '/greet']);
    expect(route.code).toBe(0);
    expect(route.stdout).toMatch(/forward\s+hello-backend_default → Upstream default\/hello-backend/);
    expect(route.stderr).toMatch(/^answer from the serve running on/m);
    expect(route.stderr).toMatch(/^note: VirtualService default\/hello is Rejected; this answer comes from its last accepted version \(from \d{4}-/m);

    const translate = await run(['translate', folder]);
    expect(translate.stderr).toMatch(/^answer from the serve running on/m);
    expect(JSON.stringify(JSON.parse(translate.stdout))).toContain('/greet');

    const offline = await run(['check', folder, '--offline', '-o', 'json']);
    expect(offline.stderr).toMatch(/^offline evaluation: one pass over .* \(--offline\)$/m);
    expect((JSON.parse(offline.stdout) as Checked).resources.find((r) => r.name === 'hello')?.reason).toContain('not served (no version of it was accepted before)');
    const offlineRoute = await run(['route', folder, '--offline', '--host', 'hello.local', '--path', '/greet']);
    expect(offlineRoute.code).toBe(1);

    const secrets = await run(['translate', folder, '--show-secrets']);
    expect(secrets.stderr).toMatch(/^offline evaluation: .*is not asked: a serve never hands out private keys/m);

    const copy = join(temp, 'hello-copy');
    cpSync(folder, copy, { recursive: true });
    const ofCopy = await run(['check', copy]);
    expect(ofCopy.stderr).toMatch(/^offline evaluation: .*\(no serve is running on it\)$/m);

    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
    expect(existsSync(join(folder, '.xds-sandbox', `endpoint-${s.child.pid}.json`))).toBe(false);
    const after = await run(['check', folder]);
    expect(after.stderr).toMatch(/^offline evaluation: .*\(no serve is running on it\)$/m);
  }, 180_000);

  it('refuses a folder that does not exist, naming --create, and creates it with --create', async () => {
    const missing = join(temp, 'not-yet');
    const refused = serve([missing, '--no-ui']);
    expect(await refused.exit).toBe(1);
    expect(refused.stderr()).toContain(`config folder ${missing} does not exist; create it with \`serve ${missing} --create\``);
    expect(existsSync(missing)).toBe(false);

    const created = serve([missing, '--no-ui', '--create']);
    await until(() => /pass \d+: /.test(created.stderr()), 'a pass');
    expect(created.stderr()).toContain(`created the config folder ${missing}`);
    created.child.kill('SIGTERM');
    expect(await created.exit).toBe(0);
  }, 120_000);
});
