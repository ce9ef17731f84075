// Counting object states for summaries (check, timeline).
import type { Status } from '../model/resource';

/** How many objects are in each state, and how many file problems there are. */
export interface StateCounts {
  readonly accepted: number;
  readonly warning: number;
  readonly rejected: number;
  readonly errors: number;
}

/** Counts Accepted/Warning/Rejected among statuses (Pending counts as none) plus the file problems. */
export function countStates(statuses: ReadonlyMap<string, Status>, problems: number): StateCounts {
  let accepted = 0;
  let warning = 0;
  let rejected = 0;
  for (const s of statuses.values()) {
    if (s.state === 'Accepted') accepted++;
    else if (s.state === 'Warning') warning++;
    else if (s.state === 'Rejected') rejected++;
  }
  return { accepted, warning, rejected, errors: problems };
}
