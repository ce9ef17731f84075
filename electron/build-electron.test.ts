import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { buildElectron } from './build-electron.mjs';

describe('electron bundles', () => {
  let out: string | undefined;
  afterAll(async () => { if (out) await rm(out, { recursive: true, force: true }); });

  it('build a main script and a preload that requires nothing but electron', async () => {
    out = await mkdtemp(join(tmpdir(), 'electron-out-'));
    await buildElectron(fileURLToPath(new URL('..', import.meta.url)), out);
    const preload = await readFile(join(out, 'preload.cjs'), 'utf8');
    const required = new Set([...preload.matchAll(/require\("([^"]+)"\)/g)].map((m) => m[1]));
    expect([...required]).toEqual(['electron']);
    const main = await readFile(join(out, 'main.cjs'), 'utf8');
    expect(main).toContain('require("electron")');
    expect(main).toContain('app://xds-sandbox');
  }, 60_000);
});
