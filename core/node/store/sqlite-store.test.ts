// The SQLite store beyond the conformance suite: versions, the status table, WAL, other connections and processes, crashes.
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import { StorageError } from '../../common/model/errors';
import { ALL_NAMESPACES, type ResourceStore } from '../../common/store/resource-client';
import { openSqliteStore } from './sqlite-store';
import { ListRecorder, makeTempDir, removeTempDirs, upstream } from './store-test-helpers';

const CHILD = fileURLToPath(new URL('./sqlite-writer-child.ts', import.meta.url));
const open: ResourceStore[] = [];
function openDb(file: string, pollIntervalMs?: number): ResourceStore {
  const s = openSqliteStore(file, { pollIntervalMs });
  open.push(s);
  return s;
}
afterEach(async () => {
  for (const s of open.splice(0)) await s.close();
});
afterAll(removeTempDirs);

/** Runs the writer child; onLine sees each stdout line and may return true to kill it with SIGKILL. */
function runChild(db: string, mode: 'loop' | 'once', onLine: (line: string) => boolean = () => false): Promise<{ code: number | null; signal: string | null }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', CHILD, db, mode], { stdio: ['ignore', 'pipe', 'inherit'] });
    let buffer = '';
    child.stdout.on('data', (chunk: Buffer) => {
      buffer += chunk.toString();
      const lines = buffer.split('\n');
      buffer = lines.pop()!;
      for (const line of lines) if (onLine(line)) child.kill('SIGKILL');
    });
    child.on('error', reject);
    child.on('exit', (code, signal) => resolve({ code, signal }));
  });
}

describe('sqlite store', () => {
  it('resourceVersions are integers that increase with every write of any kind', async () => {
    const s = openDb(join(makeTempDir(), 'db.sqlite'));
    const versions: number[] = [];
    for (let i = 0; i < 3; i++) {
      versions.push(Number((await s.client('Upstream').write(upstream(`u${i}`))).metadata.resourceVersion));
      versions.push(Number((await s.client('Gateway').write({ kind: 'Gateway', metadata: { name: `g${i}`, namespace: 'default' }, spec: {} })).metadata.resourceVersion));
    }
    expect(versions.every(Number.isInteger)).toBe(true);
    expect(versions).toEqual([...versions].sort((a, b) => a - b));
    expect(new Set(versions).size).toBe(6);
  });

  it('keeps statuses in their own table, in a WAL-mode database', async () => {
    const file = join(makeTempDir(), 'db.sqlite');
    const s = openDb(file);
    await s.client('Upstream').write(upstream('a'));
    await s.client('Upstream').writeStatus({ namespace: 'default', name: 'a' }, { state: 'Accepted' });
    const db = new Database(file, { readonly: true });
    try {
      expect(db.pragma('journal_mode', { simple: true })).toBe('wal');
      const row = db.prepare(`SELECT body FROM resources WHERE name = 'a'`).get() as { body: string };
      expect(row.body).not.toContain('Accepted');
      expect(db.prepare(`SELECT body FROM statuses WHERE name = 'a'`).get()).toEqual({ body: '{"state":"Accepted"}' });
    } finally {
      db.close();
    }
  });

  it('a write through a second store of this process reaches the first one\'s watchers without waiting for a poll', async () => {
    const file = join(makeTempDir(), 'db.sqlite');
    const first = openDb(file, 60_000);
    const second = openDb(file, 60_000);
    const rec = new ListRecorder<'Upstream'>();
    first.client('Upstream').watch(ALL_NAMESPACES, rec.onList);
    await rec.waitFor((l) => l.length === 0);
    await second.client('Upstream').write(upstream('b'));
    await rec.waitFor((l) => l.length === 1, 500);
  });

  it('a write by another process is noticed through the data_version poll', async () => {
    const file = join(makeTempDir(), 'db.sqlite');
    const s = openDb(file, 50);
    const rec = new ListRecorder<'Upstream'>();
    s.client('Upstream').watch(ALL_NAMESPACES, rec.onList);
    await rec.waitFor((l) => l.length === 0);
    expect(await runChild(file, 'once')).toEqual({ code: 0, signal: null });
    await rec.waitFor((l) => l.length === 1 && l[0].metadata.name === 'from-child', 2000);
  }, 30_000);

  it('a writer killed mid-write leaves the database consistent with its last committed write readable', async () => {
    const file = join(makeTempDir(), 'db.sqlite');
    let last = 0;
    const exit = await runChild(file, 'loop', (line) => {
      last = Number(line);
      return last >= 150;
    });
    expect(exit.signal).toBe('SIGKILL');
    const db = new Database(file);
    try {
      expect(db.pragma('integrity_check', { simple: true })).toBe('ok');
    } finally {
      db.close();
    }
    const s = openDb(file);
    const counter = await s.client('Upstream').read('default', 'counter');
    const n = Number(counter.metadata.labels?.n);
    expect(n).toBeGreaterThanOrEqual(last);
    expect(counter.metadata.annotations?.payload).toBe(`${n}:`.repeat(20_000));
    expect(counter.spec.static?.hosts?.[0].port).toBe(n % 65535);
    await s.client('Upstream').write({ ...counter, metadata: { ...counter.metadata, labels: { n: 'after' } } }, { overwrite: true });
  }, 60_000);

  it('a file that is not a SQLite database is refused with StorageError', () => {
    const file = join(makeTempDir(), 'not-a-db.yaml');
    writeFileSync(file, 'apiVersion: v1\nkind: List\n'.repeat(100));
    expect(() => openSqliteStore(file)).toThrow(StorageError);
  });
});
