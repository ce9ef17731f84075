// The `sqlite:PATH` backend: one WAL database, one transaction per write, integer resourceVersions, statuses in their own table.
import { realpathSync } from 'node:fs';
import { resolve } from 'node:path';
import { NotFoundError } from '../../common/model/errors';
import type { KindName } from '../../common/model/kinds';
import type { Resource, Status } from '../../common/model/resource';
import type { Scope } from '../../common/store/resource-client';
import { BackendStore } from '../../common/store/backend-store';
import { checkDeletePrecondition, checkWritePrecondition, deepFreeze, type StoreBackend, type StoreChange, type WritePrecondition } from '../../common/store/store-backend';
import { asStorageError, ExternalChangePoller, openSqliteDatabase, StatusTable, type SqliteDatabase } from './sqlite-tables';

/** Options of the SQLite store. */
export interface SqliteStoreOptions {
  /** How often to check for commits of other processes, in ms (default 100; 0: never). */
  readonly pollIntervalMs?: number;
}

interface Row {
  namespace: string;
  name: string;
  version: number;
  body: string;
  status: string | null;
}

/** Backends of this process per database file, so a write reaches the other stores on the same file without polling. */
const openBackends = new Map<string, Set<SqliteBackend>>();

class SqliteBackend implements StoreBackend {
  private readonly statuses: StatusTable;
  private readonly poller: ExternalChangePoller;
  private readonly cache = new Map<string, Resource>();
  private listener: (change: StoreChange) => void = () => {};
  private readonly stmts;

  constructor(readonly url: string, private readonly file: string, private readonly db: SqliteDatabase, opts: SqliteStoreOptions) {
    this.statuses = new StatusTable(db);
    this.stmts = {
      get: db.prepare(`SELECT r.namespace, r.name, r.version, r.body, s.body AS status FROM resources r
        LEFT JOIN statuses s USING (kind, namespace, name) WHERE r.kind = ? AND r.namespace = ? AND r.name = ?`),
      listAll: db.prepare(`SELECT r.namespace, r.name, r.version, r.body, s.body AS status FROM resources r
        LEFT JOIN statuses s USING (kind, namespace, name) WHERE r.kind = ?`),
      listNs: db.prepare(`SELECT r.namespace, r.name, r.version, r.body, s.body AS status FROM resources r
        LEFT JOIN statuses s USING (kind, namespace, name) WHERE r.kind = ? AND r.namespace = ?`),
      version: db.prepare(`SELECT version FROM resources WHERE kind = ? AND namespace = ? AND name = ?`),
      nextVersion: db.prepare(`UPDATE meta SET value = value + 1 WHERE key = 'version' RETURNING value`),
      upsert: db.prepare(`INSERT INTO resources (kind, namespace, name, version, body) VALUES (?, ?, ?, ?, ?)
        ON CONFLICT (kind, namespace, name) DO UPDATE SET version = excluded.version, body = excluded.body`),
      remove: db.prepare(`DELETE FROM resources WHERE kind = ? AND namespace = ? AND name = ?`),
    };
    this.poller = new ExternalChangePoller(this.statuses, opts.pollIntervalMs ?? 100, (kinds) => this.listener({ kinds }), file);
    let siblings = openBackends.get(file);
    if (!siblings) openBackends.set(file, (siblings = new Set()));
    siblings.add(this);
  }

  get(kind: KindName, namespace: string, name: string): Resource | undefined {
    const row = this.guard('read', () => this.stmts.get.get(kind, namespace, name) as Row | undefined);
    return row && this.fromRow(kind, row);
  }

  list(kind: KindName, scope: Scope): Resource[] {
    const rows = this.guard('list', () =>
      (typeof scope === 'string' && scope !== '' ? this.stmts.listNs.all(kind, scope) : this.stmts.listAll.all(kind)) as Row[]);
    return rows.map((row) => this.fromRow(kind, row));
  }

  put(obj: Resource, pre: WritePrecondition): Resource {
    const { namespace, name } = obj.metadata;
    const { resourceVersion: _rv, ...metadata } = obj.metadata;
    const version = this.writeTransaction(obj.kind, 'write', () => {
      const row = this.stmts.version.get(obj.kind, namespace, name) as { version: number } | undefined;
      checkWritePrecondition(obj.kind, namespace, name, row ? String(row.version) : undefined, pre);
      const next = (this.stmts.nextVersion.get() as { value: number }).value;
      this.stmts.upsert.run(obj.kind, namespace, name, next, JSON.stringify({ metadata, spec: obj.spec }));
      return next;
    });
    const status = this.statuses.get(obj.kind, namespace, name);
    const stored = deepFreeze({ kind: obj.kind, metadata: { ...metadata, resourceVersion: String(version) }, spec: structuredClone(obj.spec), ...(status ? { status } : {}) }) as Resource;
    return stored;
  }

  remove(kind: KindName, namespace: string, name: string, expected?: string): boolean {
    return this.writeTransaction(kind, 'delete', () => {
      const row = this.stmts.version.get(kind, namespace, name) as { version: number } | undefined;
      checkDeletePrecondition(kind, namespace, name, row ? String(row.version) : undefined, expected);
      this.statuses.delete(kind, namespace, name);
      this.cache.delete(`${kind}/${namespace}/${name}`);
      return this.stmts.remove.run(kind, namespace, name).changes > 0;
    });
  }

  putStatus(kind: KindName, namespace: string, name: string, status: Status): boolean {
    return this.writeTransaction(kind, 'write status of', () => {
      if (!this.stmts.version.get(kind, namespace, name)) throw new NotFoundError(kind, namespace, name);
      return this.statuses.put(kind, namespace, name, status);
    });
  }

  problems(): [] {
    return [];
  }

  onExternalChange(listener: (change: StoreChange) => void): void {
    this.listener = listener;
  }

  /** Tells this backend that another store of this process changed a kind. */
  siblingChanged(kind: KindName): void {
    this.listener({ kinds: [kind] });
  }

  async close(): Promise<void> {
    this.poller.stop();
    openBackends.get(this.file)?.delete(this);
    if (openBackends.get(this.file)?.size === 0) openBackends.delete(this.file);
    this.cache.clear();
    this.db.close();
  }

  /** Runs fn in one IMMEDIATE transaction (so check and write are atomic across processes); a true/defined result counts as a change. */
  private writeTransaction<T>(kind: KindName, what: string, fn: () => T): T {
    let counter = 0;
    const result = this.guard(what, () => this.db.transaction(() => {
      const r = fn();
      if (r !== false) counter = this.statuses.bump(kind);
      return r;
    }).immediate());
    if (counter) {
      this.poller.noteOwnChange(kind, counter);
      for (const sibling of openBackends.get(this.file) ?? []) if (sibling !== this) sibling.siblingChanged(kind);
    }
    return result;
  }

  private guard<T>(what: string, fn: () => T): T {
    try {
      return fn();
    } catch (err) {
      throw asStorageError(err, `${this.url}: cannot ${what} object`);
    }
  }

  private fromRow(kind: KindName, row: Row): Resource {
    const key = `${kind}/${row.namespace}/${row.name}`;
    let base = this.cache.get(key);
    if (!base || base.metadata.resourceVersion !== String(row.version)) {
      const body = JSON.parse(row.body) as Pick<Resource, 'metadata' | 'spec'>;
      base = deepFreeze({ kind, metadata: { ...body.metadata, resourceVersion: String(row.version) }, spec: body.spec }) as Resource;
      this.cache.set(key, base);
    }
    return row.status ? { ...base, status: JSON.parse(row.status) as Status } : base;
  }
}

/** Opens (creating if needed) the SQLite store at a file path. */
export function openSqliteStore(path: string, opts: SqliteStoreOptions = {}): BackendStore {
  const file = resolve(path);
  const db = openSqliteDatabase(file);
  let key = file;
  try {
    key = realpathSync(file);
  } catch {
    // keep the resolved path
  }
  return new BackendStore(new SqliteBackend(`sqlite:${path}`, key, db, opts));
}
