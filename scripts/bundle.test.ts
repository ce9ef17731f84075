// The bundled CLI (scripts/bundle.mjs) gives the same output and exit code as the TypeScript sources run through tsx.
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

/** fromBundle, as a process that runs beside others. */
function fromBundleAsync(args: string[]): Promise<Run> {
  const bundle = join(ROOT, OUT, 'main.cjs');
  return new Promise((resolve, reject) => {
    execFile(process.execPath, ['--input-type=module', '-e', RUN_BUNDLE, join(ROOT, 'bin', 'run-bundle.js'), bundle, ...args], { cwd: ROOT, encoding: 'utf8', env: { ...process.env, NO_COLOR: '1' } },
      (err, stdout, stderr) => (err && typeof err.code !== 'number' ? reject(err) : resolve({ status: err ? Number(err.code) : 0, stdout, stderr })));
  });
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
  it('holds no import() at run time, which the script it runs as cannot do', () => {
    expect(readFileSync(join(ROOT, OUT, 'main.cjs'), 'utf8')).not.toMatch(/[^\w$.]import\(/);
  });

  it('lists every command in its help, as the sources do', async () => {
    const { COMMAND_NAMES } = await import('../core/node/cli/main');
    const help = fromBundle(['--help']);
    expect(help.status).toBe(0);
    for (const name of COMMAND_NAMES) expect(help.stdout).toMatch(new RegExp(`^  ${name} `, 'm'));
    expect(fromBundle(['no-such-command'])).toEqual(fromSources(['no-such-command']));
  }, 60_000);

  it.each(commands)('prints the same as the sources for %s', (_name, args) => {
    const bundled = fromBundle(args);
    const sources = fromSources(args);
    expect(sources.stdout).not.toBe('');
    expect(bundled).toEqual(sources);
  }, 60_000);

  /** The code caches beside the bundle for `command`. */
  const caches = (command: string): string[] => readdirSync(join(ROOT, OUT)).filter((f) => f.includes(`.test.${command}.`) && f.endsWith('.v8cache'));

  it('runs the same from a cache that is damaged, cut short or of another build, and replaces it', () => {
    const args = ['check', DEMO];
    const expected = fromSources(args);
    fromBundle(args);
    const [cache] = caches('check');
    expect(cache).toBeDefined();
    const path = join(ROOT, OUT, cache!);
    const whole = readFileSync(path);
    const damaged = Buffer.from(whole);
    for (let i = 200; i < damaged.length; i += 97) damaged[i] ^= 0x5a;
    const otherBuild = readFileSync(path); // a cache of the same size whose contents are not this build's
    otherBuild.fill(7, 40);
    for (const bad of [damaged, whole.subarray(0, 5000), Buffer.alloc(0), otherBuild]) {
      writeFileSync(path, bad);
      expect(fromBundle(args)).toEqual(expected);
      expect(readFileSync(path).equals(bad)).toBe(false);
    }
    expect(fromBundle(args)).toEqual(expected);
  }, 120_000);

  it('leaves one whole cache when runs without one start together', async () => {
    for (const f of caches('get')) rmSync(join(ROOT, OUT, f));
    const args = ['get', 'virtualservices', '--store', DEMO, '-o', 'yaml'];
    const expected = fromSources(args);
    const runs = await Promise.all(Array.from({ length: 6 }, () => fromBundleAsync(args)));
    for (const run of runs) expect(run).toEqual(expected);
    expect(caches('get')).toHaveLength(1);
    expect(readdirSync(join(ROOT, OUT)).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    expect(fromBundle(args)).toEqual(expected);
  }, 120_000);

  it('leaves no cache for a name that is not a command', () => {
    fromBundle(['no-such-command']);
    expect(caches('no-such-command')).toEqual([]);
  }, 60_000);

  it('drops the code caches of the last build when it bundles again', () => {
    writeFileSync(join(ROOT, OUT, 'main.cjs.1.check.v8cache.123.tmp'), 'half');
    expect(readdirSync(join(ROOT, OUT)).filter((f) => f.endsWith('.v8cache')).length).toBeGreaterThan(0);
    execFileSync(process.execPath, [join(ROOT, 'scripts', 'bundle.mjs'), '--out', OUT], { cwd: ROOT, stdio: 'pipe' });
    expect(readdirSync(join(ROOT, OUT)).sort()).toEqual(['inputs.json', 'main.cjs']);
    expect(fromBundle(['check', DEMO])).toEqual(fromSources(['check', DEMO]));
  }, 120_000);
});
