// What a pass changed in the objects' states and in the files' problems, compared with the pass before it:
// the timeline lists these so that each entry says what happened and why.
import type { FileProblem } from '../model/errors';
import { parseRefKey, type Status } from '../model/resource';
import type { KindName } from '../model/kinds';

/** The state names an object can have after a pass (as the API's ObjectState). */
type State = 'Accepted' | 'Warning' | 'Rejected' | 'Pending';

/** One object whose state or reason changed; `from` is absent for a new object, `to` for a removed one. */
export interface StateChange {
  readonly kind: KindName;
  readonly namespace: string;
  readonly name: string;
  readonly from?: State;
  readonly to?: State;
  /** The reason after the pass ('' when none or removed). */
  readonly reason: string;
}

/** What a pass changed, for the timeline. */
export interface PassChanges {
  /** Objects whose state or reason changed, at most MAX_STATE_CHANGES (new objects of a first pass are not listed). */
  readonly states: readonly StateChange[];
  /** How many state changes were left out of `states`. */
  readonly statesOmitted: number;
  readonly problemsAppeared: readonly FileProblem[];
  readonly problemsCleared: readonly FileProblem[];
  /** Files that had no problem before this pass and have one now: their objects are served as last read from here on. */
  readonly filesBroken: readonly string[];
  /** Files whose problems all cleared in this pass. */
  readonly filesFixed: readonly string[];
}

/** State changes listed per pass at most. */
export const MAX_STATE_CHANGES = 100;

/** One side of the comparison: a pass's statuses by refKey and its file problems. */
export interface PassSide {
  readonly statuses: ReadonlyMap<string, Status>;
  readonly problems: readonly FileProblem[];
}

/** The changes from `before` (absent for the first pass) to `after`. */
export function passChanges(before: PassSide | undefined, after: PassSide): PassChanges {
  const states: StateChange[] = [];
  let count = 0;
  const add = (c: StateChange) => {
    if (++count <= MAX_STATE_CHANGES) states.push(c);
  };
  if (before) {
    for (const [key, s] of after.statuses) {
      const old = before.statuses.get(key);
      if (old && old.state === s.state && (old.reason ?? '') === (s.reason ?? '')) continue;
      add({ ...parseRefKey(key), ...(old ? { from: old.state as State } : {}), to: s.state as State, reason: s.reason ?? '' });
    }
    for (const [key, old] of before.statuses) if (!after.statuses.has(key)) add({ ...parseRefKey(key), from: old.state as State, reason: '' });
  }
  const id = (p: FileProblem) => `${p.file}\u0000${p.line}\u0000${p.column}\u0000${p.message}`;
  const beforeIds = new Set((before?.problems ?? []).map(id));
  const afterIds = new Set(after.problems.map(id));
  const filesBefore = new Set((before?.problems ?? []).map((p) => p.file));
  const filesAfter = new Set(after.problems.map((p) => p.file));
  return {
    states, statesOmitted: Math.max(0, count - MAX_STATE_CHANGES),
    problemsAppeared: after.problems.filter((p) => !beforeIds.has(id(p))),
    problemsCleared: (before?.problems ?? []).filter((p) => !afterIds.has(id(p))),
    filesBroken: [...filesAfter].filter((f) => !filesBefore.has(f)).sort(),
    filesFixed: [...filesBefore].filter((f) => !filesAfter.has(f)).sort(),
  };
}
