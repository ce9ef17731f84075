// `serve` as a user runs it: a real process on a real folder, its contract lines, bad input, a second serve, signals.
import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, existsSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;
const temp = mkdtempSync(join(tmpdir(), 'xds-sandbox-serve-'));
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(temp, { recursive: true, force: true });
});

/** Copies config only, never the state a serve of the fixture folder left in it. */
const notState = (src: string) => !src.split('/').includes('.xds-sandbox');

interface Running {
  child: ChildProcessWithoutNullStreams;
  stdout: () => string;
  stderr: () => string;
  exit: Promise<number | null>;
}

function serve(args: string[]): Running {
  const child = spawn(process.execPath, [join(root, 'bin/xds-sandbox.js'), 'serve', ...args], { cwd: temp });
  children.push(child);
  let out = '';
  let err = '';
  child.stdout.on('data', (b) => (out += b));
  child.stderr.on('data', (b) => (err += b));
  const exit = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
  return { child, stdout: () => out, stderr: () => err, exit };
}

async function until(check: () => boolean, what: string, ms = 20_000): Promise<void> {
  const deadline = Date.now() + ms;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('xds-sandbox serve', () => {
  const folder = join(temp, 'bad-input');
  cpSync(join(root, 'fixtures/bad-input'), folder, { recursive: true, filter: notState });

  it('prints the xds line, survives the bad-input folder, runs a second serve as a follower and exits cleanly on SIGTERM', async () => {
    const first = serve([folder, '--xds-port', '0', '--no-ui', '--no-open', '--envoy', 'off']);
    await until(() => /^xds: 127\.0\.0\.1:\d+$/m.test(first.stdout()), 'the xds line');
    await until(() => /pass \d+: /.test(first.stderr()), 'a pass');
    expect(first.stderr()).toMatch(/file errors/);
    expect(first.child.exitCode).toBeNull();

    const second = serve([folder, '--xds-port', '0', '--no-ui', '--no-open', '--envoy', 'off']);
    await until(() => /^xds: /m.test(second.stdout()), 'the second serve');
    expect(second.stderr()).toContain(`leader: pid ${first.child.pid} `);
    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);

    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
  }, 60_000);

  it('a port already in use is a clear error, and the folder is left unlocked and as it was', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await new Promise((r) => blocker.once('listening', r));
    const port = String((blocker.address() as { port: number }).port);
    const fresh = join(temp, 'fresh');
    cpSync(join(root, 'fixtures/demo'), fresh, { recursive: true, filter: notState });
    const before = readdirSync(fresh, { recursive: true }).sort();
    for (const args of [['--xds-port', port, '--no-ui'], ['--xds-port', '0', '--ui-port', port]]) {
      const failed = serve([fresh, ...args, '--no-open', '--envoy', 'off']);
      expect(await failed.exit).toBe(1);
      expect(failed.stderr()).toMatch(new RegExp(`cannot serve (xDS|the UI) on 127.0.0.1:${port}: .*in use`));
      expect(readdirSync(fresh, { recursive: true }).sort()).toEqual(before);
    }
    expect(existsSync(join(fresh, '.xds-sandbox'))).toBe(false);
    blocker.close();
    const again = serve([fresh, '--xds-port', '0', '--no-ui', '--no-open', '--envoy', 'off']);
    await until(() => /^xds: /m.test(again.stdout()), 'the xds line');
    again.child.kill('SIGTERM');
    expect(await again.exit).toBe(0);
  });

  it('runs a second serve of the same SQLite file as a follower naming the leader', async () => {
    const db = `sqlite:${join(temp, 'twice.db')}`;
    const first = serve([db, '--xds-port', '0', '--no-ui', '--no-open', '--envoy', 'off']);
    await until(() => /^xds: /m.test(first.stdout()), 'the xds line');
    const second = serve([db, '--xds-port', '0', '--no-ui', '--no-open', '--envoy', 'off']);
    await until(() => /^xds: /m.test(second.stdout()), 'the second serve');
    expect(second.stderr()).toMatch(new RegExp(`leader: pid ${first.child.pid} on .* writes statuses; this instance serves xDS and takes over if it stops \\(lock file`));
    second.child.kill('SIGTERM');
    expect(await second.exit).toBe(0);
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
  }, 60_000);

  it('serves a SQLite store and says plainly when no Envoy is found', async () => {
    const db = `sqlite:${join(temp, 'serve.db')}`;
    const run = serve([db, '--xds-port', '0', '--no-ui', '--no-open', '--seed', join(root, 'fixtures/demo')]);
    await until(() => /pass \d+: .*published gloo-system~gateway-proxy@/.test(run.stderr()), 'a published pass');
    if (!process.env.ENVOY_BIN) expect(run.stderr()).toMatch(/envoy: no Envoy found .*install Envoy/);
    run.child.kill('SIGINT');
    expect(await run.exit).toBe(0);
  });
});
