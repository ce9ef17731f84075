// Benchmark (not a test): time from a write to the watcher's list showing it, for each backend.
// Run: npx tsx core/node/store/bench-watch-latency.ts [writes]
// Prints one JSON line per case: {"name":"store_write_to_watch","size":"<backend>","median_ms":..,"p90_ms":..,"p99_ms":..,"max_ms":..}
// Cases: memory, sqlite and folder write through the store's client; folder-file-edit writes a YAML file directly (the
// watcher path a user's editor takes), round-robin over 20 files.
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { resourceToManifest } from '../../common/model/manifest';
import type { Resource } from '../../common/model/resource';
import { ALL_NAMESPACES, type ResourceStore } from '../../common/store/resource-client';
import { openStore } from './open-store';

const WRITES = Number(process.argv[2] ?? 200);
const FILES = 20;

function upstream(i: number, port: number): Resource<'Upstream'> {
  return { kind: 'Upstream', metadata: { name: `u${i}`, namespace: 'default' }, spec: { static: { hosts: [{ addr: '127.0.0.1', port }] } } };
}

/** Resolves with the ms from calling write() until the watcher saw object i with port. */
function timeOne(seen: Map<string, number>, waiters: Map<string, () => void>, i: number, port: number, write: () => unknown): Promise<number> {
  const key = `u${i}:${port}`;
  return new Promise((resolve, reject) => {
    const start = performance.now();
    waiters.set(key, () => resolve(performance.now() - start));
    const timeout = setTimeout(() => reject(new Error(`no watch event for ${key}`)), 5000);
    timeout.unref();
    Promise.resolve(write()).catch(reject);
    if (seen.get(`u${i}`) === port) waiters.get(key)?.();
  });
}

async function measure(store: ResourceStore, write: (i: number, port: number) => unknown): Promise<number[]> {
  const seen = new Map<string, number>();
  const waiters = new Map<string, () => void>();
  const sub = store.client('Upstream').watch(ALL_NAMESPACES, (list) => {
    for (const r of list) {
      const port = r.spec.static?.hosts?.[0]?.port ?? 0;
      seen.set(r.metadata.name, port);
      const key = `${r.metadata.name}:${port}`;
      const w = waiters.get(key);
      if (w) {
        waiters.delete(key);
        w();
      }
    }
  });
  await new Promise((r) => setTimeout(r, 100));
  const times: number[] = [];
  for (let n = 0; n < WRITES; n++) {
    const i = n % FILES;
    times.push(await timeOne(seen, waiters, i, 10_000 + n, () => write(i, 10_000 + n)));
    await new Promise((r) => setTimeout(r, 5));
  }
  sub.stop();
  return times;
}

function report(size: string, times: number[]): void {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)];
  const round = (n: number) => Math.round(n * 1000) / 1000;
  console.log(JSON.stringify({ name: 'store_write_to_watch', size, median_ms: round(at(0.5)), p90_ms: round(at(0.9)), p99_ms: round(at(0.99)), max_ms: round(sorted[sorted.length - 1]) }));
}

async function viaClient(size: string, spec: string): Promise<void> {
  const store = await openStore(spec);
  try {
    const c = store.client('Upstream');
    for (let i = 0; i < FILES; i++) await c.write(upstream(i, 1), { overwrite: true });
    report(size, await measure(store, (i, port) => c.write(upstream(i, port), { overwrite: true })));
  } finally {
    await store.close();
  }
}

async function viaFiles(dir: string): Promise<void> {
  const file = (i: number) => join(dir, `u${i}.yaml`);
  for (let i = 0; i < FILES; i++) writeFileSync(file(i), stringify(resourceToManifest(upstream(i, 1))));
  const store = await openStore(dir);
  try {
    report('folder-file-edit', await measure(store, (i, port) => writeFileSync(file(i), stringify(resourceToManifest(upstream(i, port))))));
  } finally {
    await store.close();
  }
}

async function main(): Promise<void> {
  const tmp = mkdtempSync(join(tmpdir(), 'xds-bench-store-'));
  try {
    await viaClient('memory', 'memory:');
    await viaClient('sqlite', `sqlite:${join(tmp, 'bench.db')}`);
    mkdirSync(join(tmp, 'folder'));
    mkdirSync(join(tmp, 'edits'));
    await viaClient('folder', join(tmp, 'folder'));
    await viaFiles(join(tmp, 'edits'));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

await main();
