// `npm start` on a machine without the Electron binary: one notice line, then the browser UI on the
// default SQLite store, seeded from fixtures/demo.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ensureRendererBuilt, loadStartScript, type StartScript } from './support/renderer-build';
import { ROOT } from './support/serve';

describe('npm start', () => {
  let start: StartScript;
  let dataHome: string;
  beforeAll(async () => {
    await ensureRendererBuilt();
    start = await loadStartScript();
    dataHome = await mkdtemp(join(tmpdir(), 'xds-start-'));
  }, 90_000);
  afterAll(() => rm(dataHome, { recursive: true, force: true }));

  it('puts the default store in the XDG data folder', () => {
    expect(start.defaultStorePath({ XDG_DATA_HOME: '/d' }, '/h')).toBe('/d/xds-sandbox/sandbox.db');
    expect(start.defaultStorePath({}, '/h')).toBe('/h/.local/share/xds-sandbox/sandbox.db');
  });

  it('finds Electron only where a binary exists', async () => {
    expect(start.findElectron({ ELECTRON_BIN: join(dataHome, 'no-such-electron') })).toBeUndefined();
    const fake = join(dataHome, 'electron');
    await writeFile(fake, '');
    expect(start.findElectron({ ELECTRON_BIN: fake })).toBe(fake);
    expect(start.findElectron({})).toBeUndefined();
  });

  it('passes a store and serve options through', () => {
    expect(start.splitArgs(['./yaml', '--no-open'])).toEqual({ store: './yaml', options: ['--no-open'] });
    expect(start.splitArgs(['--xds-port', '0', 'sqlite:/x.db'])).toEqual({ store: 'sqlite:/x.db', options: ['--xds-port', '0'] });
    expect(start.splitArgs(['--no-open'])).toEqual({ store: undefined, options: ['--no-open'] });
  });

  it('without Electron, says so in one line and serves the seeded default store in the browser UI', async () => {
    const env: NodeJS.ProcessEnv = { ...process.env, XDG_DATA_HOME: dataHome };
    delete env.ELECTRON_BIN;
    const child = spawn(process.execPath, [join(ROOT, 'scripts', 'start.mjs'), '--no-open', '--xds-port', '0', '--envoy', 'off'], { cwd: ROOT, env, stdio: ['ignore', 'pipe', 'pipe'] });
    try {
      let out = '';
      const url = await new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => reject(new Error(`no ui: line\n${out}`)), 45_000);
        child.stdout.on('data', (d: Buffer) => {
          out += d.toString();
          const m = /^ui: (\S+)$/m.exec(out);
          if (m) { clearTimeout(timer); resolve(m[1]); }
        });
        child.once('exit', (code) => { clearTimeout(timer); reject(new Error(`npm start exited with ${code}\n${out}`)); });
      });
      expect(out.split('\n')[0]).toBe(start.NO_ELECTRON_MESSAGE);
      expect(existsSync(join(dataHome, 'xds-sandbox', 'sandbox.db'))).toBe(true);
      const u = new URL(url);
      await expect.poll(async () => {
        const res = await fetch(`${u.origin}/api/listResources`, { method: 'POST', headers: { 'Content-Type': 'application/json', Authorization: `Bearer ${u.searchParams.get('token')}` }, body: '[]' });
        return ((await res.json()) as { result: { resources: { name: string }[] } }).result.resources.map((r) => r.name);
      }, { timeout: 10_000 }).toContain('petstore');
      expect((await fetch(`${u.origin}/`)).status).toBe(401);
    } finally {
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await exited;
    }
  }, 60_000);
});
