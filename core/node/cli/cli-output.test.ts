// The CLI's kubectl habits as a user meets them: real processes on real folders — get's formats and --watch, -o yaml beside
// -o json, check --problems, colour on a terminal only (and never with NO_COLOR), examples in every --help.
import { execFile, spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { parse, parseAllDocuments } from 'yaml';

const root = new URL('../../../', import.meta.url).pathname;
const bin = join(root, 'bin/xds-sandbox.js');
const demo = join(root, 'fixtures/demo');
const temp = mkdtempSync(join(tmpdir(), 'xds-sandbox-cli-output-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));
const ESC = '\u001b[';
const notState = (src: string) => !src.split('/').includes('.xds-sandbox');
const plainEnv = { ...process.env, NO_COLOR: undefined, FORCE_COLOR: undefined };

function run(args: string[], env: NodeJS.ProcessEnv = plainEnv): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(process.execPath, [bin, ...args], { cwd: temp, timeout: 60_000, env }, (err, stdout, stderr) => {
      resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
    });
  });
}

/** Runs the CLI on a real pseudo-terminal (util-linux `script`), so stdout is a TTY. */
/** Runs the CLI on a pseudo-terminal as a person's shell would: a colour TERM, and no CI variable (with CI set, Node reports 2 colours). */
function runOnTty(args: string[], env: NodeJS.ProcessEnv): string {
  const line = [process.execPath, bin, ...args].map((a) => `'${a}'`).join(' ');
  return spawnSync('script', ['-qec', line, '/dev/null'], { cwd: temp, env: { ...env, TERM: 'xterm-256color', CI: undefined }, encoding: 'utf8', timeout: 60_000 }).stdout;
}
const hasScript = spawnSync('script', ['-qec', 'true', '/dev/null']).status === 0;

function copyOfDemo(name: string): string {
  const dir = join(temp, name);
  cpSync(demo, dir, { recursive: true, filter: notState });
  return dir;
}

describe('get', () => {
  it('shows a DOMAINS column for VirtualServices, and -o wide adds routes and TLS', async () => {
    const table = await run(['get', 'vs', '--store', demo]);
    expect(table.stdout.split('\n')[0].split(/\s+/)).toEqual(['NAMESPACE', 'NAME', 'STATUS', 'DOMAINS', 'SOURCE', 'REASON']);
    expect(table.stdout).toMatch(/petstore\s+\S+\s+petstore\.example\.com,\*\s+petstore-vs\.yaml:2/);
    const wide = await run(['get', 'vs', '--store', demo, '-o', 'wide']);
    expect(wide.stdout.split('\n')[0].split(/\s+/)).toEqual(['NAMESPACE', 'NAME', 'STATUS', 'DOMAINS', 'ROUTES', 'SSL', 'SOURCE', 'REASON']);
    expect(wide.stdout).toMatch(/petstore\.example\.com,\*\s+5\s+no\s/);
    expect((await run(['get', 'us', '--store', demo, '-o', 'wide'])).stdout).toMatch(/petstore-v1\s+\S+\s+static\s/);
  });

  it('-o name prints kind.group/name, one a line', async () => {
    const r = await run(['get', 'us', '--store', demo, '-o', 'name']);
    expect(r.stdout).toBe('upstream.gloo.solo.io/petstore-v1\nupstream.gloo.solo.io/petstore-v2\nupstream.gloo.solo.io/users\n');
  });

  it('-A lists every namespace like the default, and -A with -n is a usage error', async () => {
    const all = await run(['get', 'us', '-A', '--store', demo]);
    expect(all.code).toBe(0);
    expect(all.stdout).toBe((await run(['get', 'us', '--store', demo])).stdout);
    expect((await run(['get', 'us', '--all-namespaces', '--store', demo])).stdout).toBe(all.stdout);
    const both = await run(['get', 'us', '-A', '-n', 'default', '--store', demo]);
    expect(both.code).toBe(2);
    expect(both.stderr).toContain('give -n NAMESPACE or -A, not both');
  });

  it('-o yaml writes documents without anchors, ending in a newline', async () => {
    const r = await run(['get', 'us', '--store', demo, '-o', 'yaml']);
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout).not.toMatch(/[&*]a\d/);
    expect(parseAllDocuments(r.stdout).map((d) => d.toJS().metadata.name)).toEqual(['petstore-v1', 'petstore-v2', 'users']);
  });

  it('--watch prints the list, then each object that is added, changed or deleted, and exits 0 on SIGTERM', async () => {
    const dir = copyOfDemo('watched');
    const child = spawn(process.execPath, [bin, 'get', 'us', '--watch', '--store', dir], { cwd: temp, env: plainEnv });
    let out = '';
    child.stdout.on('data', (b) => (out += b));
    const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
    const until = async (re: RegExp, what: string) => {
      const deadline = Date.now() + 20_000;
      while (!re.test(out)) {
        if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}; got:\n${out}`);
        await new Promise((r) => setTimeout(r, 50));
      }
    };
    try {
      await until(/users/, 'the first list');
      expect(out.match(/^NAMESPACE/gm)).toHaveLength(1);
      for (const round of [1, 2, 3]) {
        writeFileSync(join(dir, 'extra.yaml'), `apiVersion: gloo.solo.io/v1\nkind: Upstream\nmetadata: {name: extra-${round}, namespace: gloo-system}\nspec:\n  static:\n    hosts: [{addr: 10.0.0.${round}, port: 80}]\n`);
        await until(new RegExp(`extra-${round}\\s`), `extra-${round}`);
        if (round > 1) await until(new RegExp(`extra-${round - 1}\\s+Deleted`), `extra-${round - 1} deleted`);
      }
      expect(out.match(/^NAMESPACE/gm)).toHaveLength(1);
      expect(out.match(/petstore-v1/g)).toHaveLength(1);
    } finally {
      child.kill('SIGTERM');
    }
    expect(await exit).toBe(0);
  });
});

describe('-o yaml beside -o json', () => {
  it('check, route and diff print in YAML what they print in JSON, with the same exit codes', async () => {
    const changed = copyOfDemo('yaml-diff');
    writeFileSync(join(changed, 'petstore-vs.yaml'), readFileSync(join(demo, 'petstore-vs.yaml'), 'utf8').replace('prefix: /docs', 'prefix: /manual'));
    for (const args of [['check', demo], ['route', demo, '--path', '/api/pets'], ['route', demo, '--path', '/none', '--host', 'petstore.example.com'], ['diff', demo, changed]]) {
      const [json, yaml] = [await run([...args, '-o', 'json']), await run([...args, '-o', 'yaml'])];
      expect(yaml.code, args.join(' ')).toBe(json.code);
      expect(yaml.stdout.endsWith('\n')).toBe(true);
      expect(yaml.stdout).not.toMatch(/[&*]a\d/);
      expect(parse(yaml.stdout), args.join(' ')).toEqual(JSON.parse(json.stdout));
    }
  });

  it('translate -o yaml has no anchors even where resources repeat the same object', async () => {
    const r = await run(['translate', demo, '-o', 'yaml']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(/[&*]a\d/);
    expect(parse(r.stdout)).toEqual(JSON.parse((await run(['translate', demo])).stdout));
  });
});

describe('diff text', () => {
  it('ends in a newline and shows long values whole', async () => {
    const long = `/docs-${'x'.repeat(300)}`;
    const changed = copyOfDemo('long-diff');
    writeFileSync(join(changed, 'petstore-vs.yaml'), readFileSync(join(demo, 'petstore-vs.yaml'), 'utf8').replace('prefix: /docs', `prefix: ${long}`));
    const r = await run(['diff', demo, changed]);
    expect(r.code).toBe(1);
    expect(r.stdout.endsWith('\n')).toBe(true);
    expect(r.stdout).toContain(long);
    expect(r.stdout).not.toContain('…');
    expect((await run(['diff', demo, demo])).stdout).toBe('no differences\n');
  });
});

describe('check --problems', () => {
  it('lists only Rejected objects, Warnings and file errors, then the summary of everything, and keeps the exit code', async () => {
    const dir = copyOfDemo('problems');
    const vs = (name: string, matcher: string, upstream: string) => 'apiVersion: gateway.solo.io/v1\nkind: VirtualService\n' +
      `metadata: {name: ${name}, namespace: gloo-system}\nspec:\n  virtualHost:\n    domains: [${name}.example.com]\n    routes:\n` +
      `    - matchers: [${matcher}]\n      routeAction: {single: {upstream: {name: ${upstream}, namespace: gloo-system}}}\n`;
    writeFileSync(join(dir, 'a-warned-vs.yaml'), vs('warned', '{prefix: /}', 'nowhere'));
    writeFileSync(join(dir, 'b-bad-vs.yaml'), vs('bad', '{regex: "(unclosed"}', 'users'));
    writeFileSync(join(dir, 'broken.yaml'), 'apiVersion: gloo.solo.io/v1\nkind: Upstream\nmetadata:\n  name: x\nspec: {nope: 1}\n');
    const full = await run(['check', dir]);
    const problems = await run(['check', dir, '--problems']);
    expect(problems.code).toBe(full.code);
    expect(problems.code).toBe(1);
    const lines = problems.stdout.trimEnd().split('\n');
    expect(lines[0]).toMatch(/^Rejected VirtualService gloo-system\/bad \(b-bad-vs\.yaml:\d+\): /);
    expect(lines[1]).toMatch(/^Warning {2}VirtualService gloo-system\/warned \(a-warned-vs\.yaml:\d+\): .*nowhere/);
    expect(lines.some((l) => l.startsWith('Accepted'))).toBe(false);
    expect(lines.at(-2)).toMatch(/^Error {4}broken\.yaml:5:\d+: /);
    expect(lines.at(-1)).toBe(full.stdout.trimEnd().split('\n').at(-1));
    const json = JSON.parse((await run(['check', dir, '--problems', '-o', 'json'])).stdout);
    expect(json.resources.map((r: { state: string; name: string }) => `${r.state} ${r.name}`)).toEqual(['Rejected bad', 'Warning warned']);
    expect(json.summary).toEqual(JSON.parse((await run(['check', dir, '-o', 'json'])).stdout).summary);
  });
});

describe('colour', () => {
  it('colours states with FORCE_COLOR, never in JSON or YAML, and never with NO_COLOR', async () => {
    const forced = { ...plainEnv, FORCE_COLOR: '1' };
    expect((await run(['check', demo], forced)).stdout).toContain(`${ESC}32mAccepted`);
    expect((await run(['get', 'vs', '--store', demo], forced)).stdout).toContain(ESC);
    for (const args of [['check', demo, '-o', 'json'], ['check', demo, '-o', 'yaml'], ['get', 'vs', '--store', demo, '-o', 'yaml'], ['route', demo, '--path', '/api/pets', '-o', 'json']]) {
      expect((await run(args, forced)).stdout, args.join(' ')).not.toContain(ESC);
    }
    expect((await run(['check', demo], { ...forced, NO_COLOR: '1' })).stdout).not.toContain(ESC);
    expect((await run(['check', demo])).stdout).not.toContain(ESC);
  });

  it.runIf(hasScript)('colours on a terminal unless NO_COLOR is set', () => {
    expect(runOnTty(['check', demo], plainEnv)).toContain(`${ESC}32mAccepted`);
    expect(runOnTty(['route', demo, '--path', '/api/pets'], plainEnv)).toContain(`${ESC}32mforward`);
    expect(runOnTty(['check', demo], { ...plainEnv, NO_COLOR: '1' })).not.toContain(ESC);
    expect(runOnTty(['check', demo, '-o', 'json'], plainEnv)).not.toContain(ESC);
  });
});

describe('--help', () => {
  it('ends every command\'s help with examples of that command', async () => {
    const commands = ['serve', 'check', 'translate', 'route', 'get', 'apply', 'delete', 'diff', 'bootstrap', 'changeset', 'discover'];
    for (const c of commands) {
      const r = await run([c, '--help']);
      expect(r.code, c).toBe(0);
      const examples = r.stdout.split('\nExamples:\n')[1];
      expect(examples, c).toBeDefined();
      expect(examples, c).toMatch(new RegExp(`^ {2}(envoy -c <\\()?xds-sandbox ${c}\\b`, 'm'));
    }
    expect((await run(['--help'])).stdout).toContain('\nExamples:\n');
  });
});

describe('a reader that closes the pipe early', () => {
  it('ends the command quietly, exit 0 and no stack trace (three rounds)', async () => {
    for (let round = 0; round < 3; round++) {
      const child = spawn(process.execPath, [bin, 'translate', demo], { cwd: temp, env: plainEnv });
      child.stdout.destroy(); // closed before the command writes, as `| head` does once it has its lines
      let stderr = '';
      child.stderr.on('data', (b) => (stderr += b));
      const code = await new Promise<number | null>((resolve) => child.on('exit', (c) => resolve(c)));
      expect(stderr, `round ${round}`).not.toContain('EPIPE');
      expect(code, `round ${round}`).toBe(0);
    }
  });
});
