// The SQLite schema shared by the `sqlite:` store and a folder's state database: objects, statuses and per-kind change counters.
import type Database from 'better-sqlite3';
import { watch, type FSWatcher } from 'node:fs';
import { createRequire } from 'node:module';
import { basename, dirname } from 'node:path';
import { StorageError, StoreError } from '../../common/model/errors';
import { stableStringify } from '../../common/model/hash';
import type { KindName } from '../../common/model/kinds';
import type { Status } from '../../common/model/resource';

/** A better-sqlite3 connection. */
export type SqliteDatabase = Database.Database;

let betterSqlite3: typeof Database | undefined;

/** better-sqlite3, a native module, loaded with the first database opened: commands that open none (check) do not pay for it. */
function sqliteDriver(): typeof Database {
  return (betterSqlite3 ??= createRequire(import.meta.url)('better-sqlite3') as typeof Database);
}

const SCHEMA_VERSION = 1;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value INTEGER NOT NULL) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS resources (
  kind TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL,
  version INTEGER NOT NULL, body TEXT NOT NULL,
  PRIMARY KEY (kind, namespace, name)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS statuses (
  kind TEXT NOT NULL, namespace TEXT NOT NULL, name TEXT NOT NULL, body TEXT NOT NULL,
  PRIMARY KEY (kind, namespace, name)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS kind_changes (kind TEXT PRIMARY KEY, counter INTEGER NOT NULL) WITHOUT ROWID;
INSERT OR IGNORE INTO meta (key, value) VALUES ('version', 0);
`;

/** Opens (creating if needed) a database file in WAL mode with the schema; StorageError when it cannot. */
export function openSqliteDatabase(file: string): SqliteDatabase {
  let db: SqliteDatabase | undefined;
  try {
    db = new (sqliteDriver())(file, { timeout: 5000 });
    db.pragma('journal_mode = WAL');
    // NORMAL in WAL mode: a killed process never loses a committed transaction; only power loss can drop the last ones.
    db.pragma('synchronous = NORMAL');
    db.transaction(() => {
      db!.exec(SCHEMA);
      const row = db!.prepare(`SELECT value FROM meta WHERE key = 'schema'`).get() as { value: number } | undefined;
      if (row && row.value > SCHEMA_VERSION) throw new StorageError(`${file} was written by a newer version (schema ${row.value}); this one reads schema ${SCHEMA_VERSION}`);
      if (!row) db!.prepare(`INSERT INTO meta (key, value) VALUES ('schema', ?)`).run(SCHEMA_VERSION);
    }).immediate();
    return db;
  } catch (err) {
    db?.close();
    throw asStorageError(err, `cannot open SQLite database ${file}`);
  }
}

/** The error as a StoreError: typed store errors pass through, anything else becomes a StorageError. */
export function asStorageError(err: unknown, context: string): StoreError {
  if (err instanceof StoreError) return err;
  return new StorageError(`${context}: ${err instanceof Error ? err.message : String(err)}`, err);
}

/** Statuses and change counters of one database: the parts the SQLite store and a folder's state database share. */
export class StatusTable {
  private readonly getStmt;
  private readonly putStmt;
  private readonly deleteStmt;
  private readonly kindStmt;
  private readonly bumpStmt;
  private readonly countersStmt;

  constructor(readonly db: SqliteDatabase) {
    this.getStmt = db.prepare(`SELECT body FROM statuses WHERE kind = ? AND namespace = ? AND name = ?`);
    this.putStmt = db.prepare(`INSERT INTO statuses (kind, namespace, name, body) VALUES (?, ?, ?, ?)
      ON CONFLICT (kind, namespace, name) DO UPDATE SET body = excluded.body`);
    this.deleteStmt = db.prepare(`DELETE FROM statuses WHERE kind = ? AND namespace = ? AND name = ?`);
    this.kindStmt = db.prepare(`SELECT namespace, name, body FROM statuses WHERE kind = ?`);
    this.bumpStmt = db.prepare(`INSERT INTO kind_changes (kind, counter) VALUES (?, 1)
      ON CONFLICT (kind) DO UPDATE SET counter = counter + 1 RETURNING counter`);
    this.countersStmt = db.prepare(`SELECT kind, counter FROM kind_changes`);
  }

  /** The status of an object, or undefined. */
  get(kind: KindName, namespace: string, name: string): Status | undefined {
    const row = this.getStmt.get(kind, namespace, name) as { body: string } | undefined;
    return row ? (JSON.parse(row.body) as Status) : undefined;
  }

  /** Every status of a kind, keyed `namespace/name`. */
  allOfKind(kind: KindName): Map<string, Status> {
    const rows = this.kindStmt.all(kind) as { namespace: string; name: string; body: string }[];
    return new Map(rows.map((r) => [`${r.namespace}/${r.name}`, JSON.parse(r.body) as Status]));
  }

  /** Stores a status (inside the caller's transaction); false when it was already that. */
  put(kind: KindName, namespace: string, name: string, status: Status): boolean {
    const body = stableStringify(status);
    const row = this.getStmt.get(kind, namespace, name) as { body: string } | undefined;
    if (row?.body === body) return false;
    this.putStmt.run(kind, namespace, name, body);
    return true;
  }

  /** Removes the status of an object, if any. */
  delete(kind: KindName, namespace: string, name: string): void {
    this.deleteStmt.run(kind, namespace, name);
  }

  /** Counts a change of a kind, so other connections notice it; returns the kind's new counter. */
  bump(kind: KindName): number {
    return (this.bumpStmt.get(kind) as { counter: number }).counter;
  }

  /** The change counter of every kind that ever changed. */
  counters(): Map<string, number> {
    const rows = this.countersStmt.all() as { kind: string; counter: number }[];
    return new Map(rows.map((r) => [r.kind, r.counter]));
  }
}

/**
 * Watches a database for commits of other connections with a cheap `PRAGMA data_version` check: right after the kernel
 * reports a write to the database file or its WAL (fs.watch of its folder, so another process's commit is noticed within
 * a millisecond or so), and on a timer as a safety net (every intervalMs, slowed to SAFETY_POLL_MS while the watch runs;
 * timers unref'd; nothing when intervalMs <= 0).
 */
export class ExternalChangePoller {
  private timer?: NodeJS.Timeout;
  private watcher?: FSWatcher;
  private checkQueued = false;
  private retryTimer?: NodeJS.Timeout;
  private dataVersion: number;
  private known: Map<string, number>;

  constructor(private readonly table: StatusTable, intervalMs: number, private readonly onKinds: (kinds: KindName[]) => void, file?: string) {
    this.dataVersion = this.readDataVersion();
    this.known = table.counters();
    if (intervalMs <= 0) return;
    if (file) this.watcher = watchDatabaseFile(file, () => this.checkSoon());
    this.timer = setInterval(() => this.poll(), this.watcher ? Math.max(intervalMs, SAFETY_POLL_MS) : intervalMs);
    this.timer.unref();
  }

  /** Records a counter this connection set itself, so the next poll does not report it as external. */
  noteOwnChange(kind: KindName, counter: number): void {
    // Only when no unseen change of another connection came before ours; otherwise the next poll reports it.
    if ((this.known.get(kind) ?? 0) === counter - 1) this.known.set(kind, counter);
  }

  /** Stops polling and watching. */
  stop(): void {
    clearInterval(this.timer);
    clearTimeout(this.retryTimer);
    this.watcher?.close();
    this.watcher = undefined;
  }

  /**
   * Checks once the current burst of file events is handled, and again a little later while nothing is found: the kernel
   * reports the first write to the WAL, and the transaction commits right after it.
   */
  private checkSoon(): void {
    if (this.checkQueued) return;
    this.checkQueued = true;
    clearTimeout(this.retryTimer);
    setImmediate(() => {
      this.checkQueued = false;
      this.checkWithRetries(0);
    });
  }

  private checkWithRetries(attempt: number): void {
    if (!this.watcher || this.poll().length > 0 || attempt >= RETRY_DELAYS_MS.length) return;
    this.retryTimer = setTimeout(() => this.checkWithRetries(attempt + 1), RETRY_DELAYS_MS[attempt]);
    this.retryTimer.unref();
  }

  /** Checks now; returns the kinds other connections changed since the last check. */
  poll(): KindName[] {
    let changed: KindName[] = [];
    try {
      const v = this.readDataVersion();
      if (v === this.dataVersion) return [];
      this.dataVersion = v;
      const counters = this.table.counters();
      changed = [...counters].filter(([k, c]) => this.known.get(k) !== c).map(([k]) => k as KindName);
      this.known = counters;
    } catch {
      return []; // a busy or closing database: try again on the next tick
    }
    if (changed.length) this.onKinds(changed);
    return changed;
  }

  private readDataVersion(): number {
    return this.table.db.pragma('data_version', { simple: true }) as number;
  }
}

/** How often the data_version check runs while the database's folder is watched (a missed event costs at most this). */
const SAFETY_POLL_MS = 1000;

/** After a write event that showed no commit yet, the check runs again after these pauses. */
const RETRY_DELAYS_MS = [1, 4, 16, 64];

/** Watches the folder of a database file for writes to it, its WAL or its journal; undefined when it cannot be watched. */
function watchDatabaseFile(file: string, onWrite: () => void): FSWatcher | undefined {
  const name = basename(file);
  try {
    const w = watch(dirname(file), { persistent: false }, (_event, changed) => {
      if (changed === null || String(changed).startsWith(name)) onWrite();
    });
    w.on('error', () => w.close());
    return w;
  } catch {
    return undefined; // the timer alone then
  }
}
