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
  private timer?: NodeJS.Timeout;
  private polling: boolean;

  /** pollIntervalMs <= 0: never look for other processes' statuses. */
  constructor(root: string, private readonly pollIntervalMs: number, private readonly onExternal: (kinds: KindName[]) => void) {
    this.file = join(root, STATE_DIR, 'state.db');
    this.polling = pollIntervalMs > 0;
    if (existsSync(this.file)) this.open();
    else this.waitForDatabase();
  }

  /**
   * Starts or stops looking for other processes' statuses (not when made with pollIntervalMs <= 0). Starting again
   * drops the cached statuses and tells every kind as changed, so what was written meanwhile is read.
   */
  setPolling(on: boolean): void {
    if (this.pollIntervalMs <= 0 || on === this.polling) return;
    this.polling = on;
    if (!on) {
      clearInterval(this.timer);
      this.poller?.stop();
      return;
    }
    if (!this.table) return this.waitForDatabase();
    this.poller = this.newPoller(this.table);
    this.cache.clear();
    const kinds = [...this.table.counters().keys()] as KindName[];
    if (kinds.length) this.onExternal(kinds);
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
    this.poller = this.newPoller(table);
    return table;
  }

  /** A poller of other processes' statuses (one that only counts this process's own changes while not polling). */
  private newPoller(table: StatusTable): ExternalChangePoller {
    return new ExternalChangePoller(table, this.polling ? this.pollIntervalMs : 0, (kinds) => {
      for (const k of kinds) this.cache.delete(k);
      this.onExternal(kinds);
    }, this.file);
  }

  private waitForDatabase(): void {
    if (!this.polling) return;
    this.timer = setInterval(() => this.openIfCreatedElsewhere(), this.pollIntervalMs);
    this.timer.unref();
  }

  private openIfCreatedElsewhere(): void {
    if (this.table || !existsSync(this.file)) return;
    const kinds = [...this.open().counters().keys()] as KindName[];
    if (kinds.length) this.onExternal(kinds);
  }
}
