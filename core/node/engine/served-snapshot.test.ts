// A serve keeps the xDS it published in its state folder; the next serve of the store serves it at once, marked stale,
// and its first pass replaces it.
import { existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import { DEFAULT_PROXY_KEY } from '../../common/xds/proxy-keys';
import { copyFixture, removeTempDirs } from '../store/store-test-helpers';
import { waitFor } from '../xds/test-support/harness';
import { ResourceEncoder } from '../xds/resource-encoder';
import { startEngine } from './engine';
import { jsonPieces, loadServedSnapshots, saveServedSnapshots, SERVED_FILE } from './served-snapshot';

afterAll(() => removeTempDirs());

/** Runs a serve of `folder` until its first pass is done; returns its log and the version it served at the end. */
async function serveOnce(folder: string): Promise<{ log: string[]; staleAtStart: boolean; staleAfterPass: boolean; version?: string }> {
  const log: string[] = [];
  const engine = await startEngine({ store: folder, xdsPort: 0, envoy: 'off', discovery: 'off', log: (l) => log.push(l) });
  const staleAtStart = log.some((l) => l.startsWith("serving the last run's xDS"));
  try {
    await waitFor(() => engine.loop.latest !== undefined, 20_000, 'the first pass');
    await engine.loop.idle();
    return { log, staleAtStart, staleAfterPass: engine.servingStale, version: engine.cache.getSnapshot(DEFAULT_PROXY_KEY)?.version };
  } finally {
    await engine.close();
  }
}

describe('the served snapshot kept between runs', () => {
  it('is written to the state folder when a serve stops, and reads back equal', async () => {
    const folder = copyFixture('demo');
    const first = await serveOnce(folder);
    const dir = join(folder, '.xds-sandbox');
    expect(existsSync(join(dir, SERVED_FILE))).toBe(true);
    const loaded = loadServedSnapshots(dir);
    if (!('snapshots' in loaded)) throw new Error(`not loaded: ${JSON.stringify(loaded)}`);
    expect(loaded.snapshots.get(DEFAULT_PROXY_KEY)?.version).toBe(first.version);
    const encoder = new ResourceEncoder();
    await saveServedSnapshots(dir, loaded.snapshots, (type, r) => encoder.encode(type, r));
    const again = loadServedSnapshots(dir);
    expect(again).toEqual(loaded);
    for (const e of loaded.encodings) expect(Buffer.from(e.bytes).equals(encoder.encode(e.type, e.resource))).toBe(true);
  });

  it('is served stale at the next start, then replaced by the first pass over the changed config', async () => {
    const folder = copyFixture('demo');
    const first = await serveOnce(folder);
    expect(first.staleAtStart).toBe(false);
    const vs = join(folder, 'petstore-vs.yaml');
    writeFileSync(vs, readFileSync(vs, 'utf8').replace('- petstore.example.com', '- petstore.example.org'));
    for (let round = 0; round < 3; round++) {
      const before = loadServedSnapshots(join(folder, '.xds-sandbox'));
      const second = await serveOnce(folder);
      expect(second.staleAtStart).toBe(true);
      const staleLine = second.log.find((l) => l.startsWith("serving the last run's xDS"));
      const keptVersion = 'snapshots' in before ? before.snapshots.get(DEFAULT_PROXY_KEY)?.version : undefined;
      expect(staleLine).toContain(`${DEFAULT_PROXY_KEY}@${keptVersion}`);
      expect(second.log.some((l) => l.includes("replaced the last run's xDS"))).toBe(true);
      expect(second.staleAfterPass).toBe(false);
      if (round === 0) expect(second.version).not.toBe(first.version);
      else expect(second.version).toBe(keptVersion);
    }
  });

  it('a save stopped midway by a newer publication leaves the kept file as it was and no temporary file', async () => {
    const folder = copyFixture('demo');
    await serveOnce(folder);
    const dir = join(folder, '.xds-sandbox');
    const before = readFileSync(join(dir, SERVED_FILE), 'utf8');
    const loaded = loadServedSnapshots(dir);
    if (!('snapshots' in loaded)) throw new Error('not loaded');
    const encoder = new ResourceEncoder();
    // Each encoding takes a slice's time, so the save yields after every resource and then sees it is superseded.
    const slowEncode: Parameters<typeof saveServedSnapshots>[2] = (type, r) => {
      const until = performance.now() + 10;
      while (performance.now() < until);
      return encoder.encode(type, r);
    };
    expect(await saveServedSnapshots(dir, loaded.snapshots, slowEncode, () => true)).toBe(false);
    expect(readFileSync(join(dir, SERVED_FILE), 'utf8')).toBe(before);
    expect(readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('that cannot be read is named in the log and not served', async () => {
    const folder = copyFixture('demo');
    await serveOnce(folder);
    writeFileSync(join(folder, '.xds-sandbox', SERVED_FILE), '{"format": 1, "snapshots": [');
    const run = await serveOnce(folder);
    expect(run.staleAtStart).toBe(false);
    expect(run.log.find((l) => l.startsWith("not serving the last run's xDS"))).toContain(SERVED_FILE);
    expect(run.version).toBeDefined();
  });
});

describe('jsonPieces', () => {
  it('concatenate to JSON.stringify of the resource, long arrays and left-out values included', () => {
    const value = fc.oneof(fc.jsonValue(), fc.constant(undefined), fc.array(fc.oneof(fc.jsonValue(), fc.constant(undefined)), { minLength: 0, maxLength: 40 }));
    fc.assert(fc.property(fc.dictionary(fc.string(), value), (json) => {
      expect([...jsonPieces(json)].join('')).toBe(JSON.stringify(json));
    }), { numRuns: 500 });
  });

  it('split a long array of a resource between its elements', () => {
    const json = { name: 'routes', virtualHosts: Array.from({ length: 100 }, (_, i) => ({ name: `vh-${i}`, domains: ['*'] })) };
    const pieces = [...jsonPieces(json)];
    expect(pieces.length).toBeGreaterThan(100);
    expect(pieces.join('')).toBe(JSON.stringify(json));
  });
});
