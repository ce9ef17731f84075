// The history of an instance whose leadership changes: in the history file while it leads, in memory while it follows,
// every switch carrying the passes recorded so far; a follower numbers its passes after the file's, and on taking over
// its passes replace the old leader's passes of the same ids while the older ones stay. A real SQLite history file.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import type { PassDetail } from '../../common/api/contract';
import { leaderHistory } from './leader-history';
import { sqliteHistory } from './pass-history';

const dir = mkdtempSync(join(tmpdir(), 'xds-leader-history-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));
const file = join(dir, 'history.db');

function pass(id: number, by: string): PassDetail {
  return {
    id, startedAt: new Date(0).toISOString(), durationMs: 1, trigger: `change seen by ${by}`, inputHash: `h${id}`, objectsChanged: 1,
    counts: { accepted: 1, warning: 0, rejected: 0, errors: 0 }, published: {}, inputDiff: null, xdsDiff: null,
  };
}
const triggers = (h: { list(n: number): { id: number; trigger: string }[] }) => h.list(100).map((p) => `${p.id} ${p.trigger}`).reverse();
/** The passes in the history file now. */
function inFile(): string[] {
  const f = sqliteHistory(file);
  try {
    return triggers(f);
  } finally {
    f.close();
  }
}

describe('the history of an instance that leads and follows in turn', () => {
  it('moves into the file on leading and back into memory on following, losing no pass, round after round', () => {
    const oldLeader = sqliteHistory(file);
    for (let id = 1; id <= 3; id++) oldLeader.add(pass(id, 'old'));
    const h = leaderHistory(() => sqliteHistory(file), false);
    expect(h.lastId()).toBe(3); // a follower numbers its passes after the file's
    h.add(pass(4, 'this'));
    oldLeader.add(pass(4, 'old'));
    oldLeader.add(pass(5, 'old'));
    h.add(pass(5, 'this'));
    oldLeader.close();

    h.lead(true);
    expect(inFile()).toEqual(['1 change seen by old', '2 change seen by old', '3 change seen by old', '4 change seen by this', '5 change seen by this']);
    for (let round = 0; round < 3; round++) {
      h.add(pass(6 + 2 * round, 'this'));
      h.lead(false);
      h.add(pass(7 + 2 * round, 'this'));
      h.lead(true);
    }
    expect(triggers(h)).toEqual(inFile());
    expect(triggers(h).slice(3)).toEqual([4, 5, 6, 7, 8, 9, 10, 11].map((id) => `${id} change seen by this`));
    expect(h.lastId()).toBe(11);
    h.close();
  });
});
