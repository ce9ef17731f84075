// Statuses of a folder's objects, kept in `<folder>/.xds-sandbox/state.db` (never in the user's YAML). The database is
// created on the first status written, so reading a folder leaves no trace in it.
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import type { KindName } from '../../common/model/kinds';
import type { Status } from '../../common/model/resource';
import { ExternalChangePoller, openSqliteDatabase, StatusTable } from './sqlite-tables';
import { STATE_DIR } from './folder-paths';

/** Statuses of a folder store, cached per kind, with notice of statuses other processes write. */
export class FolderStatuses {
  private table?: StatusTable;
  private poller?: ExternalChangePoller;
  private readonly cache = new Map<KindName, Map<string, Status>>();
  private readonly file: string;
  private readonly timer?: NodeJS.Timeout;

  /** pollIntervalMs <= 0: never look for other processes' statuses. */
  constructor(root: string, private readonly pollIntervalMs: number, private readonly onExternal: (kinds: KindName[]) => void) {
    this.file = join(root, STATE_DIR, 'state.db');
    if (existsSync(this.file)) this.open();
    else if (pollIntervalMs > 0) {
      this.timer = setInterval(() => this.openIfCreatedElsewhere(), pollIntervalMs);
      this.timer.unref();
    }
  }

  /** The status of an object, or undefined. */
  get(kind: KindName, namespace: string, name: string): Status | undefined {
    if (!this.table) return undefined;
    let m = this.cache.get(kind);
    if (!m) this.cache.set(kind, (m = this.table.allOfKind(kind)));
    return m.get(`${namespace}/${name}`);
  }

  /** Records (or, with undefined, removes) a status; false when nothing changed. */
  set(kind: KindName, namespace: string, name: string, status: Status | undefined): boolean {
    if (!this.table && status === undefined) return false;
    const table = this.table ?? this.open();
    const changed = table.db.transaction(() => {
      if (status === undefined) table.delete(kind, namespace, name);
      else if (!table.put(kind, namespace, name, status)) return false;
      this.poller?.noteOwnChange(kind, table.bump(kind));
      return true;
    }).immediate();
    // Keep the kind's cached statuses (and so the objects served with them) but this one: a pass writes thousands.
    const cached = this.cache.get(kind);
    if (status === undefined) cached?.delete(`${namespace}/${name}`);
    else if (changed) cached?.set(`${namespace}/${name}`, status);
    return changed;
  }

  /** Closes the database. */
  close(): void {
    clearInterval(this.timer);
    this.poller?.stop();
    this.table?.db.close();
    this.table = undefined;
  }

  private open(): StatusTable {
    clearInterval(this.timer);
    mkdirSync(join(this.file, '..'), { recursive: true });
    const table = new StatusTable(openSqliteDatabase(this.file));
    this.table = table;
    this.poller = new ExternalChangePoller(table, this.pollIntervalMs, (kinds) => {
      for (const k of kinds) this.cache.delete(k);
      this.onExternal(kinds);
    }, this.file);
    return table;
  }

  private openIfCreatedElsewhere(): void {
    if (this.table || !existsSync(this.file)) return;
    const kinds = [...this.open().counters().keys()] as KindName[];
    if (kinds.length) this.onExternal(kinds);
  }
}
