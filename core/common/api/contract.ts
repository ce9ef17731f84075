// The one typed contract between the engine and every UI shell (browser over HTTP/WebSocket,
// Electron over IPC). Shells call EngineApi methods and listen to EngineEvents; nothing else crosses.
import type { ObjectDiff } from '../diff/object-diff';
import type { XdsDiff } from '../diff/xds-diff';
import type { FileProblem } from '../model/errors';
import type { PassChanges } from '../loop/pass-changes';
import type { KindName } from '../model/kinds';
import type { SourceLocation } from '../model/resource';
import type { StatusProblem } from '../translate/types';
import type { SimulatedRequest } from '../route/request';
import type { DiscoveryView } from '../discovery/discovery-view';
import { GITOPS_METHODS, type GitOpsApi } from '../gitops/gitops-contract';

/** State of an object after the last pass. */
export type ObjectState = 'Accepted' | 'Warning' | 'Rejected' | 'Pending';

/** One object as lists show it. */
export interface ResourceView {
  readonly kind: KindName;
  readonly namespace: string;
  readonly name: string;
  readonly state: ObjectState;
  readonly reason: string;
  /** The problems the reason joins, each with its field path in the manifest (`spec.virtualHost.routes[1].matchers[0]`) when known. */
  readonly problems?: readonly StatusProblem[];
  readonly source?: SourceLocation;
  readonly generated?: boolean;
  readonly resourceVersion?: string;
}

/** One object for the editor: its YAML text and status. */
export interface ResourceDetail extends ResourceView {
  readonly yaml: string;
}

/** A reference to an object. */
export interface ObjectKey {
  readonly kind: KindName;
  readonly namespace: string;
  readonly name: string;
}

/** Outcome of saving YAML through the store. */
export type SaveResult =
  | { readonly ok: true; readonly objects: readonly ObjectKey[] }
  | { readonly ok: false; readonly conflict?: boolean; readonly problems: readonly FileProblem[] };

/** A request for the route simulator, and the proxy to ask (`namespace~name`; the only or default proxy when absent). */
export interface RouteRequest extends SimulatedRequest {
  readonly proxy?: string;
}

/** Summary of one reconcile pass, as the timeline lists it. */
export interface PassSummary {
  readonly id: number;
  readonly startedAt: string;
  readonly durationMs: number;
  /** What started it: `store change`, `startup`, `step`, ... */
  readonly trigger: string;
  readonly inputHash: string;
  readonly objectsChanged: number;
  readonly counts: { readonly accepted: number; readonly warning: number; readonly rejected: number; readonly errors: number };
  /** Proxy key → xDS version published by this pass (unchanged proxies omitted). */
  readonly published: Readonly<Record<string, string>>;
  /** Objects whose state changed and file problems that appeared or cleared, compared with the pass before. */
  readonly changes?: PassChanges;
}

/** A pass with its input diff and xDS diff (field-level, as core/common/diff produces them). */
export interface PassDetail extends PassSummary {
  readonly inputDiff: unknown;
  /** The generated Proxies that changed: what the gateway stage made of the input (absent in older history). */
  readonly proxyDiff?: ObjectDiff;
  readonly xdsDiff: unknown;
}

/** A data-plane node connected to the xDS server. */
export interface NodeView {
  readonly id: string;
  readonly proxy: string;
  readonly warning?: string;
  readonly stream: 'sotw' | 'delta';
  readonly connectedAt: string;
  readonly types: Readonly<Record<string, { ackedVersion?: string; nack?: string; ackLatencyMs?: number }>>;
}

/** State of the local Envoy the engine manages. */
export interface EnvoyView {
  readonly state: 'not found' | 'off' | 'starting' | 'ready' | 'crashed';
  readonly message?: string;
  readonly adminUrl?: string;
  readonly logTail: readonly string[];
  /** Differences between Envoy's config_dump and what was served; empty when they agree, absent before the first check. */
  readonly configDiff?: readonly string[];
}

/** The stages of a pass, in order: input snapshot, generated Proxies (gateway stage), xDS (gloo stage), client ACKs. */
export const PASS_STAGES = ['snapshot', 'proxies', 'xds', 'ack'] as const;

/** One stage of a pass. */
export type PassStage = (typeof PASS_STAGES)[number];

/** An object of the input that changed, and the file it is in (when the store has files). */
export interface ChangedObject extends ObjectKey {
  readonly change: 'added' | 'removed' | 'changed';
  readonly file?: string;
}

/** Input that changed since the last pass and waits for Step (teaching mode). */
export interface PendingChange {
  /** Files whose objects or problems changed, sorted. */
  readonly files: readonly string[];
  readonly objects: readonly ChangedObject[];
  /** Files whose problems (syntax, unknown fields) changed. */
  readonly problemFiles: readonly string[];
}

/** A client's answer to one version: ACK, NACK, or none yet. */
export type AckState = 'acked' | 'nacked' | 'waiting';

/** What one data-plane node did with the xDS a stepped pass published. */
export interface ClientAck {
  readonly node: string;
  readonly proxy: string;
  /** `acked`: every type it subscribed to is at this pass's version; `nacked`: it rejected one; `waiting`: neither yet. */
  readonly state: AckState;
  /** The first NACK's error text. */
  readonly error?: string;
  /** The answer per resource type it subscribed to (`listener`, `route`, `cluster`, `endpoint`, `secret`). */
  readonly types: readonly { readonly type: string; readonly state: AckState; readonly error?: string }[];
}

/** A pass being stepped through stage by stage; each stage's result appears once the stage is reached. */
export interface StagedPass {
  /** The id the pass has (or will have, before it is recorded). */
  readonly passId: number;
  /** Stages shown so far, in order; the last is the current one. */
  readonly reached: readonly PassStage[];
  /** Stage 1: the input objects that changed. */
  readonly snapshotDiff?: ObjectDiff;
  /** Stage 2: the generated Proxies that changed. */
  readonly proxyDiff?: ObjectDiff;
  /** Stage 3: the xDS resources that changed, and the proxy versions published (proxy key → version, '' when removed). */
  readonly xdsDiff?: XdsDiff;
  readonly published?: Readonly<Record<string, string>>;
  /** Stage 4: what each connected node of a published proxy did with it. */
  readonly acks?: readonly ClientAck[];
}

/** The built-in proxyless gRPC client the engine can run so that the ACK stage has a client. */
export interface BuiltinClientView {
  readonly nodeId: string;
  /** The `xds:///HOST` target it dials. */
  readonly host: string;
  readonly proxy: string;
}

/** Teaching mode's picture of the loop. */
export interface TeachingView {
  readonly paused: boolean;
  /** The change a paused loop has not stepped into yet. */
  readonly pending?: PendingChange;
  /** The pass being stepped through (kept after it completes, until the next one starts). */
  readonly staged?: StagedPass;
  readonly builtinClient?: BuiltinClientView;
}

/** Which of the instances serving one store leads: the leader writes statuses and generated Proxies, every instance serves xDS. */
export interface LeadershipView {
  /** Whether this instance leads. */
  readonly isLeader: boolean;
  /** The leading instance, when known. */
  readonly leader?: { readonly hostname: string; readonly pid: number; readonly since: string; readonly label?: string };
  /** How the instances elect: `etcd lease`, `lock file` or `single instance`. */
  readonly via: string;
  /** How long a dead leader keeps leadership before another takes over, in ms (0: no election). */
  readonly leaseMs: number;
}

/** Everything a shell can ask of the engine. */
export interface EngineApi extends GitOpsApi {
  /** The store's URL and engine flags, and which instance serving the store leads. */
  info(): Promise<{ store: string; xds?: string; paused: boolean; version: string; leadership?: LeadershipView }>;
  /** Every object with its status, plus the store's file problems. */
  listResources(): Promise<{ resources: ResourceView[]; problems: FileProblem[] }>;
  /** One object as YAML. */
  getResource(key: ObjectKey): Promise<ResourceDetail>;
  /** Writes the objects in a YAML text; honours metadata.resourceVersion (conflicts are reported, never overwritten). */
  saveYaml(yaml: string): Promise<SaveResult>;
  /** Deletes an object. */
  deleteResource(key: ObjectKey): Promise<void>;
  /** The generated xDS per proxy, as `xds-sandbox translate -o json` prints it. */
  getXds(): Promise<unknown>;
  /** Where a request would go. */
  simulateRoute(req: RouteRequest): Promise<unknown>;
  /** The newest passes first, at most `limit`. */
  listPasses(limit?: number): Promise<PassSummary[]>;
  /** One pass with its diffs. */
  getPass(id: number): Promise<PassDetail>;
  /** Connected data-plane nodes. */
  listNodes(): Promise<NodeView[]>;
  /** Local Envoy state. */
  envoy(): Promise<EnvoyView>;
  /** Teaching mode: pause or resume the loop. */
  setPaused(paused: boolean): Promise<void>;
  /** Teaching mode: run exactly one pass on the current snapshot while paused. */
  step(): Promise<void>;
  /** Teaching mode: the pending change and the pass being stepped through. */
  teaching(): Promise<TeachingView>;
  /** Teaching mode: advance one stage while paused (starting a pass on the pending change after the ACK stage). */
  stepStage(): Promise<TeachingView>;
  /** Starts the built-in proxyless gRPC client on the default proxy's first domain (no-op when running). */
  startBuiltinClient(): Promise<BuiltinClientView>;
  /** Stops the built-in client. */
  stopBuiltinClient(): Promise<void>;
  /** Discovery: each source and what it found, what every Upstream was probed for and the outcome, the discovery loop's passes. */
  discovery(): Promise<DiscoveryView>;
  /** Discovery: makes a discovered Upstream the user's own object, without the `discovered_by` label; discovery stops managing it. */
  adoptUpstream(key: ObjectKey): Promise<ObjectKey>;
}

/** Events pushed to shells. */
export type EngineEvent =
  | { readonly type: 'pass'; readonly pass: PassSummary }
  | { readonly type: 'stage'; readonly passId: number; readonly stage: PassStage }
  | { readonly type: 'teaching'; readonly teaching: TeachingView }
  | { readonly type: 'nodes'; readonly nodes: NodeView[] }
  | { readonly type: 'envoy'; readonly envoy: EnvoyView }
  | { readonly type: 'leadership'; readonly leadership: LeadershipView }
  | { readonly type: 'log'; readonly line: string };

/** The names of the EngineApi methods: the only calls a shell may make. */
export const ENGINE_METHODS = [
  'info', 'listResources', 'getResource', 'saveYaml', 'deleteResource', 'getXds', 'simulateRoute',
  'listPasses', 'getPass', 'listNodes', 'envoy', 'setPaused', 'step', 'teaching', 'stepStage', 'startBuiltinClient', 'stopBuiltinClient',
  'discovery', 'adoptUpstream',
  ...GITOPS_METHODS,
] as const satisfies readonly (keyof EngineApi)[];
