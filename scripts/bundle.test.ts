// The bundled CLI (scripts/bundle.mjs) gives the same output and exit code as the TypeScript sources run through tsx.
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const OUT = join('dist', `cli-test-${process.pid}`);
const DEMO = join(ROOT, 'fixtures', 'demo');
const BAD = join(ROOT, 'fixtures', 'bad-input');
/** Runs the bundle's `main` through bin/run-bundle.js with process-style argv, as bin/xds-sandbox.js does (argv: loader, bundle, args). */
const RUN_BUNDLE = 'const [loader, bundle] = process.argv.splice(1, 2); const { loadBundle } = await import(loader); ' +
  'const { main, saveCache } = loadBundle(bundle, "test", process.argv[1]); const code = await main([process.argv[0], bundle, ...process.argv.slice(1)]); saveCache(); process.exitCode = code;';

interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

function fromSources(args: string[]): Run {
  const r = spawnSync(process.execPath, [join(ROOT, 'bin', 'xds-sandbox.js'), ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, XDS_SANDBOX_FROM_SOURCE: '1', NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

function fromBundle(args: string[]): Run {
  const bundle = join(ROOT, OUT, 'main.cjs');
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', RUN_BUNDLE, join(ROOT, 'bin', 'run-bundle.js'), bundle, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe('the bundled CLI', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), '--out', OUT], { cwd: ROOT, stdio: 'pipe' });
  }, 120_000);
  afterAll(() => rmSync(join(ROOT, OUT), { recursive: true, force: true }));

  it('is written with the list of files it was built from', () => {
    expect(existsSync(join(ROOT, OUT, 'main.cjs'))).toBe(true);
    expect(existsSync(join(ROOT, OUT, 'inputs.json'))).toBe(true);
  });

  const commands: [string, string[]][] = [
    ['check on the demo', ['check', DEMO]],
    ['translate on the demo', ['translate', DEMO, '-o', 'json']],
    ['get on the demo', ['get', 'virtualservices', '--store', DEMO, '-o', 'yaml']],
    ['check on bad input', ['check', BAD]],
    ['--version', ['--version']],
  ];
  it.each(commands)('prints the same as the sources for %s', (_name, args) => {
    const bundled = fromBundle(args);
    const sources = fromSources(args);
    expect(sources.stdout).not.toBe('');
    expect(bundled).toEqual(sources);
  }, 60_000);
});
