// Benchmark (not a test): what the folder store's rescan costs at a folder size, and what folder writes cost.
// Run: npx tsx core/node/store/bench-folder-rescan.ts [files] [rounds]
// Prints one JSON line per measure, e.g. {"name":"folder_rescan_unchanged","files":10000,"median_ms":..,"max_ms":..}:
// - folder_listing: the stat-only listing alone (wall ms, busy ms spent in file-system calls, longest event-loop stall);
// - folder_rescan_unchanged / folder_rescan_1pct_changed: a whole rescan of a watching store (listing, compare, reading
//   what changed), wall ms;
// - folder_open_watching: opening a watching store of the folder (its walk and reading every file);
// - folder_write_shared_file: one write through the store into a file of 20 objects (lock, read, rewrite, fsync, read back).
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { stringify } from 'yaml';
import { resourceToManifest } from '../../common/model/manifest';
import type { Resource } from '../../common/model/resource';
import { listFolder } from './folder-scan';
import { openFolderStore } from './folder-store';

const FILES = Number(process.argv[2] ?? 10_000);
const ROUNDS = Number(process.argv[3] ?? 7);
const PER_DIR = 100;

function upstream(name: string, port: number): Resource<'Upstream'> {
  return { kind: 'Upstream', metadata: { name, namespace: 'default' }, spec: { static: { hosts: [{ addr: '127.0.0.1', port }] } } };
}

function fileOf(dir: string, i: number): string {
  return join(dir, `d${Math.floor(i / PER_DIR)}`, `u${i}.yaml`);
}

function fill(dir: string, port: number, every = 1): void {
  for (let i = 0; i < FILES; i += every) {
    if (i % PER_DIR === 0) mkdirSync(join(dir, `d${i / PER_DIR}`), { recursive: true });
    writeFileSync(fileOf(dir, i), stringify(resourceToManifest(upstream(`u${i}`, port))));
  }
}

function report(name: string, values: number[], extra: Record<string, number> = {}): void {
  const sorted = [...values].sort((a, b) => a - b);
  const round = (n: number) => Math.round(n * 10) / 10;
  const rounded = Object.fromEntries(Object.entries(extra).map(([k, v]) => [k, round(v)]));
  console.log(JSON.stringify({ name, files: FILES, median_ms: round(sorted[sorted.length >> 1]), max_ms: round(sorted[sorted.length - 1]), ...rounded }));
}

/** Runs fn while measuring the longest gap between two turns of the event loop. */
async function withStallMeter<T>(fn: () => Promise<T>): Promise<{ result: T; stallMs: number }> {
  let stallMs = 0;
  let last = performance.now();
  let running = true;
  const tick = () => {
    const now = performance.now();
    stallMs = Math.max(stallMs, now - last);
    last = now;
    if (running) setImmediate(tick);
  };
  setImmediate(tick);
  const result = await fn();
  running = false;
  return { result, stallMs };
}

async function time(fn: () => Promise<unknown>): Promise<number> {
  const start = performance.now();
  await fn();
  return performance.now() - start;
}

async function main(): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'xds-bench-rescan-'));
  try {
    fill(dir, 1);
    const wall: number[] = [];
    const busy: number[] = [];
    const stalls: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      const start = performance.now();
      const { result, stallMs } = await withStallMeter(() => listFolder(dir));
      wall.push(performance.now() - start);
      busy.push(result.busyMs);
      stalls.push(stallMs);
    }
    report('folder_listing', wall, { busy_median_ms: busy.sort((a, b) => a - b)[busy.length >> 1], stall_max_ms: Math.max(...stalls) });

    let store: Awaited<ReturnType<typeof openFolderStore>> | undefined;
    report('folder_open_watching', [await time(async () => (store = await openFolderStore(dir, { rescanIntervalMs: 0 })))]);
    try {
      await store!.rescanNow();
      const unchanged: number[] = [];
      for (let r = 0; r < ROUNDS; r++) unchanged.push(await time(() => store!.rescanNow()));
      report('folder_rescan_unchanged', unchanged);
      const changed: number[] = [];
      for (let r = 0; r < ROUNDS; r++) {
        fill(dir, 100 + r, 100);
        changed.push(await time(() => store!.rescanNow()));
      }
      report('folder_rescan_1pct_changed', changed);
    } finally {
      await store!.close();
    }

    const writeDir = join(dir, 'writes');
    mkdirSync(writeDir);
    writeFileSync(join(writeDir, 'shared.yaml'), Array.from({ length: 20 }, (_, i) => stringify(resourceToManifest(upstream(`w${i}`, 1)))).join('---\n'));
    const writer = await openFolderStore(writeDir, { watch: false });
    try {
      const writes: number[] = [];
      for (let r = 0; r < ROUNDS * 4; r++) writes.push(await time(() => writer.client('Upstream').write(upstream(`w${r % 20}`, 1000 + r), { overwrite: true })));
      report('folder_write_shared_file', writes);
    } finally {
      await writer.close();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

await main();
