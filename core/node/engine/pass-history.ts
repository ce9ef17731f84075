// History of reconcile passes for the timeline: the newest passes in memory with their diffs,
// persisted to a SQLite file when one is given so the timeline survives restarts. Bounded in count and in bytes.
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
  /** Drops the passes whose id is this or higher. */
  removeFrom(id: number): void;
  close(): void;
}

/** Passes kept at most. */
export const HISTORY_LIMIT = 500;
/** Bytes of pass records (their JSON) kept at most: a first pass over a large config records every object as added. */
export const HISTORY_MAX_BYTES = 32 * 1024 * 1024;

/** How many passes and how many bytes of them (JSON length) a history keeps; the newest pass is always kept. */
export interface HistoryBounds {
  readonly limit?: number;
  readonly maxBytes?: number;
}

/** A history kept in memory only, each pass as its JSON text (one compact copy, parsed again when asked for). */
export function memoryHistory(bounds: HistoryBounds = {}): PassHistory {
  const limit = bounds.limit ?? HISTORY_LIMIT;
  const maxBytes = bounds.maxBytes ?? HISTORY_MAX_BYTES;
  const passes: { id: number; summary: PassSummary; detail: string }[] = [];
  let bytes = 0;
  return {
    add(p) {
      const detail = JSON.stringify(p);
      passes.push({ id: p.id, summary: summaryOf(p), detail });
      bytes += detail.length;
      while (passes.length > 1 && (passes.length > limit || bytes > maxBytes)) bytes -= passes.shift()!.detail.length;
    },
    list: (n) => passes.slice(-n).reverse().map((p) => p.summary),
    get: (id) => {
      const found = passes.find((p) => p.id === id);
      return found ? (JSON.parse(found.detail) as PassDetail) : undefined;
    },
    lastId: () => passes.at(-1)?.id ?? 0,
    removeFrom(id) {
      while (passes.length && passes.at(-1)!.id >= id) bytes -= passes.pop()!.detail.length;
    },
    close() {},
  };
}

/** A history in a SQLite file (table `passes`), trimmed to the bounds on every insert. */
export function sqliteHistory(path: string, bounds: HistoryBounds = {}): PassHistory {
  const limit = bounds.limit ?? HISTORY_LIMIT;
  const maxBytes = bounds.maxBytes ?? HISTORY_MAX_BYTES;
  const db = new Database(path);
  db.pragma('journal_mode = WAL');
  db.exec('CREATE TABLE IF NOT EXISTS passes (id INTEGER PRIMARY KEY, summary TEXT NOT NULL, detail TEXT NOT NULL)');
  const insert = db.prepare('INSERT OR REPLACE INTO passes (id, summary, detail) VALUES (?, ?, ?)');
  const trim = db.prepare('DELETE FROM passes WHERE id <= (SELECT MAX(id) FROM passes) - ?');
  const sizes = db.prepare('SELECT id, length(detail) AS bytes FROM passes ORDER BY id DESC');
  const dropUpTo = db.prepare('DELETE FROM passes WHERE id <= ?');
  const list = db.prepare('SELECT summary FROM passes ORDER BY id DESC LIMIT ?');
  const get = db.prepare('SELECT detail FROM passes WHERE id = ?');
  const last = db.prepare('SELECT MAX(id) AS id FROM passes');
  const removeFrom = db.prepare('DELETE FROM passes WHERE id >= ?');
  /** Drops the oldest passes beyond maxBytes, keeping the newest whatever its size. */
  const trimBytes = () => {
    let total = 0;
    for (const [i, row] of (sizes.all() as { id: number; bytes: number }[]).entries()) {
      total += row.bytes;
      if (i > 0 && total > maxBytes) {
        dropUpTo.run(row.id);
        return;
      }
    }
  };
  return {
    add(p) {
      db.transaction(() => {
        insert.run(p.id, JSON.stringify(summaryOf(p)), JSON.stringify(p));
        trim.run(limit);
        trimBytes();
      })();
    },
    list: (n) => (list.all(n) as { summary: string }[]).map((r) => JSON.parse(r.summary) as PassSummary),
    get: (id) => {
      const row = get.get(id) as { detail: string } | undefined;
      return row ? (JSON.parse(row.detail) as PassDetail) : undefined;
    },
    lastId: () => ((last.get() as { id: number | null }).id ?? 0),
    removeFrom: (id) => void removeFrom.run(id),
    close: () => db.close(),
  };
}

function summaryOf(p: PassDetail): PassSummary {
  const { inputDiff: _i, proxyDiff: _p, xdsDiff: _x, ...summary } = p;
  return summary;
}
