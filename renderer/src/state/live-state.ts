// The live picture of the engine the views share, and the pure reducer that folds events into it.
import { PASS_STAGES, type EngineEvent, type EnvoyView, type LeadershipView, type NodeView, type PassStage, type PassSummary, type ResourceView, type TeachingView } from '../../../core/common/api/contract';
import type { FileProblem } from '../../../core/common/model/errors';
import type { ConnectionState } from '../api/engine-client';

export { PASS_STAGES, type PassStage };

/** What `info()` answers. */
export interface EngineInfo {
  readonly store: string;
  readonly xds?: string;
  readonly paused: boolean;
  readonly version: string;
  /** Which instance serving the store leads (absent when the engine takes part in no election). */
  readonly leadership?: LeadershipView;
}

/** Everything the views read; replaced (never mutated) on every change. */
export interface LiveState {
  readonly connection: ConnectionState;
  readonly info?: EngineInfo;
  readonly loaded: boolean;
  readonly resources: readonly ResourceView[];
  readonly problems: readonly FileProblem[];
  readonly passes: readonly PassSummary[];
  readonly nodes: readonly NodeView[];
  readonly envoy?: EnvoyView;
  readonly logs: readonly string[];
  /** Teaching mode: the pending change and the pass being stepped through. */
  readonly teaching?: TeachingView;
  /** The stages the newest pass has reached so far. */
  readonly stages?: { readonly passId: number; readonly reached: readonly PassStage[] };
  /** Id of the newest pass seen; views that fetch on demand refetch when it changes. */
  readonly lastPassId: number;
  /** The last failed load, shown until the next success. */
  readonly error?: string;
}

/** What must be fetched again after a batch of events. */
export type Reload = 'resources' | 'nodes';

/** The state before anything is loaded. */
export const INITIAL_STATE: LiveState = { connection: 'connecting', loaded: false, resources: [], problems: [], passes: [], nodes: [], logs: [], lastPassId: 0 };

/** Passes kept in the list; older ones are fetched on demand. */
export const MAX_PASSES = 500;
/** Log lines kept. */
export const MAX_LOG_LINES = 1000;

/** Folds a batch of events into the state; also says which lists must be fetched again. */
export function applyEvents(state: LiveState, events: readonly EngineEvent[]): { state: LiveState; reload: Set<Reload> } {
  const reload = new Set<Reload>();
  let next = state;
  let newLogs: string[] | undefined;
  for (const e of events) {
    switch (e.type) {
      case 'pass':
        next = { ...next, passes: mergePasses(next.passes, [e.pass]), lastPassId: Math.max(next.lastPassId, e.pass.id) };
        next = { ...next, stages: reachStage(next.stages, e.pass.id, 'xds') };
        reload.add('resources');
        break;
      case 'stage':
        next = { ...next, stages: reachStage(next.stages, e.passId, e.stage) };
        break;
      case 'nodes':
        if (e.nodes.length) next = { ...next, nodes: e.nodes };
        reload.add('nodes');
        break;
      case 'envoy':
        next = { ...next, envoy: e.envoy };
        break;
      case 'teaching':
        next = { ...next, teaching: e.teaching, ...(next.info ? { info: { ...next.info, paused: e.teaching.paused } } : {}) };
        break;
      case 'leadership':
        if (next.info) next = { ...next, info: { ...next.info, leadership: e.leadership } };
        break;
      case 'log':
        (newLogs ??= []).push(e.line);
        break;
    }
  }
  if (newLogs) next = { ...next, logs: [...next.logs, ...newLogs].slice(-MAX_LOG_LINES) };
  return { state: next, reload };
}

/** Newest-first passes with `added` merged in (same id replaced), at most MAX_PASSES. */
export function mergePasses(current: readonly PassSummary[], added: readonly PassSummary[]): PassSummary[] {
  const byId = new Map<number, PassSummary>();
  for (const p of current) byId.set(p.id, p);
  for (const p of added) byId.set(p.id, p);
  return [...byId.values()].sort((a, b) => b.id - a.id).slice(0, MAX_PASSES);
}

/** The stage lights after `stage` of pass `passId`: a newer pass starts over; earlier stages count as reached. */
export function reachStage(current: LiveState['stages'], passId: number, stage: PassStage): LiveState['stages'] {
  if (current && passId < current.passId) return current;
  if (stage === 'ack' && current && passId === 0) passId = current.passId;
  const upTo = PASS_STAGES.slice(0, PASS_STAGES.indexOf(stage) + 1);
  const reached = current && current.passId === passId ? [...new Set([...current.reached, ...upTo])] : upTo;
  return { passId, reached: PASS_STAGES.filter((s) => reached.includes(s)) };
}

/** How many objects need attention: every Warning, Rejected or Pending object plus every file problem. */
export function attentionCount(state: Pick<LiveState, 'resources' | 'problems'>): number {
  return state.resources.filter((r) => r.state !== 'Accepted' && !r.generated).length + state.problems.length;
}
