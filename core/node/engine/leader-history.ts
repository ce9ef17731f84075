// The pass history of an instance that may lead and follow in turn: the history file is the leader's, so passes are
// kept in the file while this instance leads and in memory while it follows. Each switch carries the passes recorded so
// far over, so the timeline loses none of them.
import { HISTORY_LIMIT, memoryHistory, type PassHistory } from './pass-history';

/** A pass history that follows leadership: lead(true) moves it into the file, lead(false) back into memory. */
export interface LeaderHistory extends PassHistory {
  /** Moves the passes into the file (leading) or into memory (following); nothing when already there. */
  lead(leading: boolean): void;
}

/**
 * The history of an instance that leads or not from the start. openFile opens the history file (called on every switch
 * to leading, and once at the start of a follower to learn where the ids go on). A follower numbers its passes after
 * the file's last one, so that on taking over its passes replace the old leader's passes of the same changes (every
 * instance passes over every change) and the old leader's earlier passes stay.
 */
export function leaderHistory(openFile: () => PassHistory, leading: boolean): LeaderHistory {
  let current: PassHistory;
  let inFile = leading;
  let idsAfter = 0;
  if (leading) current = openFile();
  else {
    const file = openFile();
    idsAfter = file.lastId();
    file.close();
    current = memoryHistory();
  }
  return {
    add: (p) => current.add(p),
    list: (n) => current.list(n),
    get: (id) => current.get(id),
    lastId: () => current.lastId() || idsAfter,
    removeFrom: (id) => current.removeFrom(id),
    close: () => current.close(),
    lead(on) {
      if (on === inFile) return;
      const next = on ? openFile() : memoryHistory();
      const passes = current.list(HISTORY_LIMIT).reverse();
      if (passes.length) next.removeFrom(passes[0].id);
      for (const { id } of passes) {
        const detail = current.get(id);
        if (detail) next.add(detail);
      }
      current.close();
      current = next;
      inFile = on;
    },
  };
}
