// The shapes of a changeset review and of the Git state, shared by the engine, the CLI (`-o json`, a contract scripts
// and pull-request bots read: fields are only ever added) and the UI.
import type { ObjectDiff } from '../diff/object-diff';
import type { XdsDiff } from '../diff/xds-diff';
import type { FileProblem } from '../model/errors';
import type { StateCounts } from '../loop/state-counts';
import type { TrafficOutcome } from './traffic-outcome';

export type { TrafficOutcome } from './traffic-outcome';

/** An object's state and reason in one pass. */
export interface StatusLine {
  readonly state: 'Accepted' | 'Warning' | 'Rejected' | 'Pending';
  readonly reason: string;
}

/** An object whose status differs between the two sides, or that is Rejected after the change. */
export interface StatusChange {
  readonly kind: string;
  readonly namespace: string;
  readonly name: string;
  readonly before?: StatusLine;
  readonly after?: StatusLine;
  /** Rejected after the change and not before it. */
  readonly introduced: boolean;
}

/** One route test's result on one side. */
export interface RouteTestResultLine {
  readonly passed: boolean;
  readonly failures: readonly string[];
  /** Where its request went. */
  readonly outcome: string;
}

/** One test of a RouteTest object, before and after (a side is absent where the test does not exist). */
export interface RouteTestChange {
  /** The RouteTest object, `namespace/name`. */
  readonly routeTest: string;
  readonly test: string;
  readonly before?: RouteTestResultLine;
  readonly after?: RouteTestResultLine;
}

/** A request that goes somewhere else after the change. */
export interface TrafficChange {
  /** `GET petstore.example.com/api/pets`. */
  readonly label: string;
  /** Where the request came from: a route test, or a route it was taken from. */
  readonly origin: string;
  readonly proxy?: string;
  readonly before: TrafficOutcome;
  readonly after: TrafficOutcome;
  /** `90/10 → 70/30 petstore-v1/petstore-v2`. */
  readonly summary: string;
}

/** Every replayed request that routes differently, and how many did not. */
export interface TrafficDiff {
  readonly changes: readonly TrafficChange[];
  /** Replayed requests that go where they went. */
  readonly unchanged: number;
  /** Routes of changed virtual hosts no sample request could be made up for (e.g. a complex regex). */
  readonly unsampled: number;
}

/** What a change of config does: objects, statuses, route tests, traffic and xDS, and what stands in its way. */
export interface ConfigReview {
  readonly objects: ObjectDiff;
  readonly statuses: readonly StatusChange[];
  readonly counts: { readonly before: StateCounts; readonly after: StateCounts };
  /** File problems of the changed config (YAML syntax, unknown kinds, duplicates). */
  readonly problems: readonly FileProblem[];
  readonly routeTests: readonly RouteTestChange[];
  readonly traffic: TrafficDiff;
  readonly xds: XdsDiff;
  /** Why a merge is refused by default: Rejected objects, failing route tests and file problems of the changed config. */
  readonly blocking: readonly string[];
  /** What the change makes worse (what `check --against` fails on): newly Rejected objects, newly failing route tests, new file problems. */
  readonly regressions: readonly string[];
  /** Milliseconds spent translating both sides, and on the traffic diff. */
  readonly timingsMs: { readonly translate: number; readonly traffic: number };
}

/** One changed file of a changeset: its path in the config folder and its unified diff. */
export interface FilePatch {
  readonly path: string;
  readonly change: 'added' | 'modified' | 'deleted';
  readonly patch: string;
}

/** A changeset (a branch on top of the deployed branch) as lists show it. */
export interface ChangesetSummary {
  readonly name: string;
  readonly branch: string;
  readonly commit: string;
  /** The subject of its newest commit. */
  readonly subject: string;
  readonly updatedAt: string;
  /** Commits it has that the deployed branch lacks. */
  readonly ahead: number;
  /** Commits the deployed branch has that it lacks. */
  readonly behind: number;
  /** Nothing of it is left to merge (ahead is 0). */
  readonly merged: boolean;
}

/** A changeset's review: what merging it into the deployed branch would do. */
export interface ChangesetReview extends ConfigReview {
  readonly changeset: ChangesetSummary;
  /** The deployed branch and the commit the review compares with. */
  readonly base: { readonly branch: string; readonly commit: string };
  /** How a merge would go: a fast-forward, a merge commit, or refused for these conflicting files. */
  readonly merge: { readonly fastForward: boolean; readonly conflicts: readonly string[] };
  readonly files: readonly FilePatch[];
  /** Milliseconds the whole review took, Git included. */
  readonly totalMs: number;
}

/** What a merge did, or why it did not. */
export type MergeOutcome =
  | { readonly merged: true; readonly branch: string; readonly commit: string; readonly fastForward: boolean }
  | { readonly merged: false; readonly reason: 'conflict' | 'blocked' | 'dirty' | 'nothing'; readonly message: string; readonly files?: readonly string[]; readonly blocking?: readonly string[] };

/** A file of the served folder that differs from the deployed branch. */
export interface DirtyFile {
  readonly path: string;
  readonly change: 'modified' | 'added' | 'deleted' | 'untracked';
}

/** Whether the served folder is what the deployed branch holds (as Argo CD shows sync state). */
export interface GitSyncStatus {
  /** `synced`: the served config files are the branch's; `dirty`: edited by hand (see dirty/diff); otherwise no deployed branch. */
  readonly state: 'synced' | 'dirty' | 'detached' | 'not-a-repo';
  /** Why there is no deployed branch, for `detached` and `not-a-repo`. */
  readonly message?: string;
  /** The deployed branch (checked out in the served folder) and its commit. */
  readonly branch?: string;
  readonly commit?: string;
  readonly subject?: string;
  /** The config folder's path in the repository ('' at the top). */
  readonly prefix?: string;
  readonly dirty: readonly DirtyFile[];
  /** The unified diff of the tracked dirty files (cut at 200 KB). */
  readonly diff?: string;
  /** The upstream of the deployed branch, with the commits each side has that the other lacks. */
  readonly remote?: { readonly name: string; readonly branch: string; readonly ahead: number; readonly behind: number };
  /** The changeset the UI saves to (changeset mode), when one is selected. */
  readonly changeset?: string;
}
