// History of reconcile passes for the timeline: the newest passes in memory with their diffs,
// persisted to a SQLite file when one is given so the timeline survives restarts. Bounded in size.
import Database from 'better-sqlite3';
import type { PassDetail, PassSummary } from '../../common/api/contract';

/** Where passes are kept. */
export interface PassHistory {
  /** Adds a pass; the oldest ones beyond the limit are dropped. */
  add(pass: PassDetail): void;
  /** The newest passes first. */
  list(limit: number): PassSummary[];
  /** One pass with its diffs, or undefined when it was dropped. */
  get(id: number): PassDetail | undefined;
  /** The highest id stored, 0 when empty (new ids continue after it). */
  lastId(): number;
  close(): void;
}

/** Passes kept at most. */
export const HISTORY_LIMIT = 500;

/** A history kept in memory only. */
export function memoryHistory(limit = HISTORY_LIMIT): PassHistory {
  const passes: PassDetail[] = [];
  return {
    add(p) {
      passes.push(p);
      if (passes.length > limit) passes.splice(0, passes.length - limit);
    },
    list: (n) => passes.slice(-n).reverse().map(summaryOf),
    get: (id) => passes.find((p) => p.id === id),
    lastId: () => passes.at(-1)?.id ?? 0,
    close() {},
  };
}

/** A history in a SQLite file (table `passes`), trimmed to the limit on every insert. */
export function sqliteHistory(path: string, limit = HISTORY_LIMIT): PassHistory {
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE IF NOT EXISTS passes (id INTEGER PRIMARY KEY, summary TEXT NOT NULL, detail TEXT NOT NULL)');
  const insert = db.prepare('INSERT OR REPLACE INTO passes (id, summary, detail) VALUES (?, ?, ?)');
  const trim = db.prepare('DELETE FROM passes WHERE id <= (SELECT MAX(id) FROM passes) - ?');
  const list = db.prepare('SELECT summary FROM passes ORDER BY id DESC LIMIT ?');
  const get = db.prepare('SELECT detail FROM passes WHERE id = ?');
  const last = db.prepare('SELECT MAX(id) AS id FROM passes');
  return {
    add(p) {
      db.transaction(() => {
        insert.run(p.id, JSON.stringify(summaryOf(p)), JSON.stringify(p));
        trim.run(limit);
      })();
    },
    list: (n) => (list.all(n) as { summary: string }[]).map((r) => JSON.parse(r.summary) as PassSummary),
    get: (id) => {
      const row = get.get(id) as { detail: string } | undefined;
      return row ? (JSON.parse(row.detail) as PassDetail) : undefined;
    },
    lastId: () => ((last.get() as { id: number | null }).id ?? 0),
    close: () => db.close(),
  };
}

function summaryOf(p: PassDetail): PassSummary {
  const { inputDiff: _i, proxyDiff: _p, xdsDiff: _x, ...summary } = p;
  return summary;
}
