// A stale serve lock as users leave them: the serve that held it is gone, or the folder was copied with `cp -r` while
// served. Either way a new `serve` takes the lock over and says so in one line; beside a live serve of the same folder a
// second one follows: it serves xDS, names the leader, and leads once the first stops.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { cpSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from 'node:fs';
import { hostname, tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';

const root = new URL('../../../', import.meta.url).pathname;
const temp = mkdtempSync(join(tmpdir(), 'xds-sandbox-serve-lock-'));
const children: ChildProcessWithoutNullStreams[] = [];
afterAll(() => {
  for (const c of children) c.kill('SIGKILL');
  rmSync(temp, { recursive: true, force: true });
});
const notState = (src: string) => !src.split('/').includes('.xds-sandbox');

function serve(folder: string) {
  const child = spawn(process.execPath, [join(root, 'bin/xds-sandbox.js'), 'serve', folder, '--xds-port', '0', '--no-ui', '--no-open', '--envoy', 'off'], { cwd: temp });
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

function copyOfDemo(name: string): string {
  const dir = join(temp, name);
  cpSync(join(root, 'fixtures/demo'), dir, { recursive: true, filter: notState });
  return dir;
}

describe('serve and a stale lock', () => {
  it('takes over a lock whose process is gone, with a one-line notice naming it', async () => {
    const folder = copyOfDemo('gone');
    const dead = spawnSync(process.execPath, ['-e', '']).pid;
    mkdirSync(join(folder, '.xds-sandbox'));
    const stale = { pid: dead, hostname: hostname(), since: '2024-01-01T00:00:00.000Z', dir: realpathSync(join(folder, '.xds-sandbox')), token: 'x' };
    writeFileSync(join(folder, '.xds-sandbox', 'lock'), JSON.stringify(stale) + '\n');
    const s = serve(folder);
    await until(() => /^xds: /m.test(s.stdout()), 'the xds line');
    const notices = s.stderr().split('\n').filter((l) => l.startsWith('note: took over the lock'));
    expect(notices).toEqual([`note: took over the lock of ${folder}, left by a serve that is gone (pid ${dead} on ${hostname()}, since 2024-01-01T00:00:00.000Z)`]);
    s.child.kill('SIGTERM');
    expect(await s.exit).toBe(0);
  });

  it('serves a copy of a served folder, saying the lock came with the copy, while a second serve of the original follows the first', async () => {
    const original = copyOfDemo('original');
    const first = serve(original);
    await until(() => /^xds: /m.test(first.stdout()), 'the first serve');
    for (const round of [1, 2]) {
      const copy = join(temp, `copy-${round}`);
      cpSync(original, copy, { recursive: true });
      const second = serve(copy);
      await until(() => /^xds: /m.test(second.stdout()) || second.child.exitCode !== null, 'the serve of the copy');
      expect(second.stderr()).toContain(`note: took over the lock of ${copy}, copied with the folder from ${realpathSync(join(original, '.xds-sandbox'))} (pid ${first.child.pid} `);
      expect(second.child.exitCode).toBeNull();
      second.child.kill('SIGTERM');
      expect(await second.exit).toBe(0);
    }
    const again = serve(original);
    await until(() => /^xds: /m.test(again.stdout()), 'the second serve of the original');
    expect(again.stderr()).toContain(`leader: pid ${first.child.pid} on ${hostname()} writes statuses; this instance serves xDS and takes over if it stops (lock file`);
    expect(again.stderr()).not.toContain('took over the lock');
    first.child.kill('SIGTERM');
    expect(await first.exit).toBe(0);
    await until(() => again.stderr().includes('leader: this instance writes statuses and Proxies (lock file)'), 'the second serve to lead');
    again.child.kill('SIGTERM');
    expect(await again.exit).toBe(0);
  }, 120_000);
});
