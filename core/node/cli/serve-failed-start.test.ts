// A `serve` whose start fails after its xDS port, store, lock and election are open exits with the error and leaves
// nothing behind: the port is free and the next serve of the store leads. The failure forced here: Envoy's working
// folder in the state folder is a file, so Envoy cannot be set up. A real process on a real folder, several rounds.
import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { bindable } from '../testing/ports';
import { startServe } from './serve-test-support';

const root = new URL('../../../', import.meta.url).pathname;
const temp = mkdtempSync(join(tmpdir(), 'xds-sandbox-serve-failed-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

/** Runs `serve` to its exit: its code, output, and the xDS port it had listened on. */
async function serveToExit(args: string[]): Promise<{ code: number | null; stderr: string; port: number }> {
  const s = startServe([...args, '--xds-port', '0', '--no-ui', '--no-open'], { cwd: temp });
  const code = await s.exit;
  return { code, stderr: s.stderr(), port: s.port() };
}

describe('serve whose start fails late', () => {
  it('exits with the error, frees its port and releases the lock, round after round', async () => {
    const folder = join(temp, 'hello');
    cpSync(join(root, 'fixtures/getting-started'), folder, { recursive: true });
    mkdirSync(join(folder, '.xds-sandbox'));
    writeFileSync(join(folder, '.xds-sandbox', 'envoy'), 'not a folder\n');
    for (let round = 1; round <= 3; round++) {
      const r = await serveToExit([folder, '--envoy', '/bin/true', '--discovery', 'off']);
      expect(r.code).toBe(1);
      expect(r.stderr).toMatch(/EEXIST|ENOTDIR/);
      expect(r.stderr).not.toContain('shutting down');
      expect(r.port).toBeGreaterThan(0);
      expect(await bindable(r.port)).toBe(true);
    }
  }, 180_000);
});
