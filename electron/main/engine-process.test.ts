import { spawn } from 'node:child_process';
import { tmpdir } from 'node:os';
import { describe, expect, it } from 'vitest';
import { parseUiUrl, serveArgs, startEngineProcess } from './engine-process';

/** A spawn that runs a one-line Node script instead of the real CLI. */
function fakeServe(script: string): typeof spawn {
  return ((_cmd: string, _args: string[], opts: object) => spawn(process.execPath, ['-e', script], opts as never)) as unknown as typeof spawn;
}

describe('engine process', () => {
  it('runs serve on the store with a free UI port, no browser, and the seed', () => {
    expect(serveArgs({ root: '/app', store: 'sqlite:/d/s.db', seed: '/app/fixtures/demo' }))
      .toEqual(['/app/bin/xds-sandbox.js', 'serve', 'sqlite:/d/s.db', '--ui-port', '0', '--no-open', '--seed', '/app/fixtures/demo']);
    expect(serveArgs({ root: '/app', store: '/yaml' })).not.toContain('--seed');
  });

  it('reads the UI URL from serve output', () => {
    expect(parseUiUrl('xds: 127.0.0.1:18000\nui: http://127.0.0.1:4567/?token=abc_-1\n')).toBe('http://127.0.0.1:4567/?token=abc_-1');
    expect(parseUiUrl('xds: 127.0.0.1:18000\n')).toBeUndefined();
  });

  it('resolves with the URL once printed, and stops the child', async () => {
    const script = "process.stdout.write('xds: x\\nui: http://127.0.0.1:9/?token=t\\n'); setInterval(() => {}, 1000);";
    const engine = await startEngineProcess({ root: tmpdir(), store: 'memory:' }, fakeServe(script));
    expect(engine.url).toBe('http://127.0.0.1:9/?token=t');
    await engine.stop();
    expect(engine.child.exitCode !== null || engine.child.signalCode !== null).toBe(true);
  });

  it('rejects with stderr when the engine exits before it is ready', async () => {
    const script = "process.stderr.write('error: no such store'); process.exit(1);";
    await expect(startEngineProcess({ root: tmpdir(), store: 'x' }, fakeServe(script))).rejects.toThrow(/exited \(code 1\)[\s\S]*no such store/);
  });
});
