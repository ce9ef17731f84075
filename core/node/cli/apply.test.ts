// `apply` validates as Gloo's validation webhook does: refuses what would be Rejected unless --force, prints Warnings,
// --dry-run shows the states and writes nothing, and each written object says which file it went to.
import { execFile } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;
const bin = join(root, 'bin/xds-sandbox.js');
const temp = mkdtempSync(join(tmpdir(), 'xds-sandbox-apply-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

function run(args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: temp, timeout: 60_000, env: { ...process.env, NO_COLOR: '1' } }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

const folder = join(temp, 'hello');
cpSync(join(root, 'fixtures/getting-started'), folder, { recursive: true });
const original = readFileSync(join(folder, 'hello-vs.yaml'), 'utf8');
const typo = join(temp, 'typo.yaml');
writeFileSync(typo, original.replace('name: hello-backend', 'name: hello-backnd'));
const badRegex = join(temp, 'bad-regex.yaml');
writeFileSync(badRegex, original.replace('prefix: /greet', 'regex: "/gr(eet"'));

describe('xds-sandbox apply', () => {
  it('refuses a file whose object would be Rejected, saying why, and writes nothing', async () => {
    const r = await run(['apply', '-f', badRegex, '--store', folder]);
    expect(r.code).toBe(1);
    expect(r.stderr).toContain('error: virtualservice default/hello would be Rejected: route 1 (`/gr(eet`): matcher 1 (regex "/gr(eet"): invalid regex');
    expect(r.stderr).toContain('nothing applied: 1 object would be Rejected; fix it, or apply anyway with --force');
    expect(readFileSync(join(folder, 'hello-vs.yaml'), 'utf8')).toBe(original);
  }, 120_000);

  it('--dry-run prints the state each object would get and writes nothing', async () => {
    const r = await run(['apply', '-f', typo, '--store', folder, '--dry-run']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('virtualservice default/hello configured (dry run): Warning: route 1 (`/greet`): routeAction.single: Upstream default/hello-backnd not found (did you mean default/hello-backend?), so requests to this route get 503\n');
    expect(readFileSync(join(folder, 'hello-vs.yaml'), 'utf8')).toBe(original);
  }, 120_000);

  it('applies an object with a Warning, printing the Warning and the file it wrote', async () => {
    const r = await run(['apply', '-f', typo, '--store', folder]);
    expect(r.code).toBe(0);
    expect(r.stderr).toContain('warning: virtualservice default/hello: route 1 (`/greet`): routeAction.single: Upstream default/hello-backnd not found (did you mean default/hello-backend?)');
    expect(r.stdout).toBe('virtualservice default/hello configured in hello-vs.yaml\n');
    expect(readFileSync(join(folder, 'hello-vs.yaml'), 'utf8')).toContain('name: hello-backnd');
  }, 120_000);

  it('--force applies what would be Rejected', async () => {
    const r = await run(['apply', '-f', badRegex, '--store', folder, '--force']);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe('virtualservice default/hello configured in hello-vs.yaml\n');
    expect(readFileSync(join(folder, 'hello-vs.yaml'), 'utf8')).toContain('- regex: /gr(eet');
  }, 120_000);

  it('writes a new object beside the objects of its kind and namespace, and says where', async () => {
    const second = join(temp, 'second.yaml');
    writeFileSync(second, original.replace('name: hello\n', 'name: second\n').replaceAll('hello.local', 'second.local'));
    const r = await run(['apply', '-f', second, '--store', folder]);
    expect(r.stdout).toBe('virtualservice default/second created in virtualservice-second.yaml\n');
    expect(readFileSync(join(folder, 'virtualservice-second.yaml'), 'utf8')).toContain('second.local');
  }, 120_000);
});
