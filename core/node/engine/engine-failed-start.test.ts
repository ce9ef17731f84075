// A start that fails after the xDS port, the store and the election are open leaves nothing behind: the port is free,
// the serve lock is released (the next start leads), and what the start created beside the store is taken back. Real
// ports, a real folder, its lock and its state database; in-process here, as a `serve` process in serve-failed-start.test.ts.
import { cpSync, existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { SourceKind } from '../../common/discovery/discovery-config';
import { startEngine } from './engine';
import { bindable } from '../testing/ports';

const root = new URL('../../../', import.meta.url).pathname;
const temp = mkdtempSync(join(tmpdir(), 'xds-sandbox-failed-start-'));
afterAll(() => rmSync(temp, { recursive: true, force: true }));

describe('a start that fails after the port and the store are open', () => {
  it('rejects with the error of Discovery, frees the port, releases the lock and takes back the state folder, round after round', async () => {
    const folder = join(temp, 'hello');
    cpSync(join(root, 'fixtures/getting-started'), folder, { recursive: true });
    for (let round = 1; round <= 3; round++) {
      let port = 0;
      const failed = startEngine({ store: folder, xdsPort: 0, envoy: 'off', discovery: ['nowhere' as SourceKind], onListening: (p) => (port = p) });
      await expect(failed).rejects.toThrow('unknown discovery source "nowhere"; known sources: local, kubernetes, static');
      expect(port).toBeGreaterThan(0);
      expect(await bindable(port)).toBe(true);
      expect(existsSync(join(folder, '.xds-sandbox'))).toBe(false);
    }
    const next = await startEngine({ store: folder, xdsPort: 0, envoy: 'off', discovery: 'off' });
    try {
      expect((await next.api.info()).leadership?.isLeader).toBe(true);
    } finally {
      await next.close();
    }
  });
});
