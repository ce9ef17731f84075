// Shared types of the translation pipeline: options, findings, route origins and the result others integrate against.
import type { Resource, Status } from '../model/resource';
import type { XdsSnapshot } from '../xds/xds-snapshot';

/** How bad a finding is: an error rejects the object, a warning only reports. */
export type Severity = 'error' | 'warning';

/** One thing a pass found about one object (refKey `Kind.ns.name`), for one proxy (its refKey) or for none. */
export interface Finding {
  readonly ref: string;
  readonly severity: Severity;
  readonly message: string;
  readonly proxy?: string;
  /** Field path in the object's spec (`virtualHost.routes[1].matchers[0]`); '' for none; absent: read from the message's leading field. */
  readonly path?: string;
}

/**
 * One problem behind an object's status and where it is: `path` is a field path into the object's manifest, 0-based
 * (`spec.virtualHost.routes[1].routeAction.single.upstream`); absent when the problem is about the object as a whole.
 */
export interface StatusProblem {
  readonly severity: Severity;
  readonly message: string;
  readonly path?: string;
}

/** Checks a regular expression with RE2 semantics; returns why it is invalid, or undefined when RE2 accepts it. */
export type RegexValidator = (pattern: string) => string | undefined;

/** Options of a pipeline; every one has a default. */
export interface PipelineOptions {
  /** Clock for "serving the last accepted version from <time>" (default: the system clock). */
  readonly now?: () => Date;
  /** RE2 check for every regex in routes (default: a pure approximation of RE2's syntax rules). */
  readonly regexValidator?: RegexValidator;
  /** Namespace of generated Proxies (Gloo's write namespace, default `gloo-system`). */
  readonly writeNamespace?: string;
  /** Consistency check run before publishing a snapshot (default: checkConsistency of xds/snapshot-builder). */
  readonly checkConsistency?: (snapshot: XdsSnapshot) => string[];
}

/** Where an object's route came from: the object the user wrote, and the delegation chain that led to it. */
export interface RouteSource {
  readonly kind: 'VirtualService' | 'RouteTable' | 'Proxy';
  readonly namespace: string;
  readonly name: string;
  readonly routeIndex: number;
}

/** One Envoy route of a proxy's snapshot and the user object it came from. */
export interface RouteOrigin {
  readonly listener: string;
  readonly routeConfiguration: string;
  readonly virtualHost: string;
  /** Index of the route inside the Envoy virtual host. */
  readonly envoyRouteIndex: number;
  readonly routeName: string;
  /** The object whose route this is (the last element of `chain`). */
  readonly source: RouteSource;
  /** The VirtualService route first, then each RouteTable route it was delegated through. */
  readonly chain: readonly RouteSource[];
}

/** Counters of one pass; cache hits show how much was reused. */
export interface PipelineStats {
  readonly virtualServicesTranslated: number;
  readonly virtualServiceCacheHits: number;
  readonly virtualHostsTranslated: number;
  readonly virtualHostCacheHits: number;
  readonly clustersTranslated: number;
  readonly clusterCacheHits: number;
  /** Rounds of the serve-set fixpoint (1 when nothing was rejected). */
  readonly gatewayRounds: number;
  /** Milliseconds spent judging gloo-side objects, in the gateway stage, in the gloo stage and building statuses. */
  readonly timingsMs: { readonly glooObjects: number; readonly gatewayStage: number; readonly glooStage: number; readonly statuses: number };
}

/** What one pass produced. Keys: proxy key `namespace~name` for xds/published/publishProblems/routeOrigins, refKey for statuses. */
export interface PipelineResult {
  /** Hash of the ApiSnapshot translated. */
  readonly snapshotHash: string;
  /** Proxies generated from Gateways (labelled GENERATED_LABEL), then the Proxies the user wrote, sorted by namespace/name. */
  readonly proxies: readonly Resource<'Proxy'>[];
  /** The snapshot to serve per proxy: this pass's when it passed the consistency check, else the last one that did. */
  readonly xds: ReadonlyMap<string, XdsSnapshot>;
  /** A status for every input object (every kind) and every proxy, by refKey. */
  readonly statuses: ReadonlyMap<string, Status>;
  /** The problems behind each status that has any, with their field paths, by refKey. */
  readonly problems?: ReadonlyMap<string, readonly StatusProblem[]>;
  /** Per proxy: true when this pass's snapshot passed the consistency check and is the one in `xds`. */
  readonly published: ReadonlyMap<string, boolean>;
  /** Per proxy whose new snapshot was refused: the consistency problems. */
  readonly publishProblems: ReadonlyMap<string, readonly string[]>;
  /** Per proxy: every Envoy route with the object it came from. */
  readonly routeOrigins: ReadonlyMap<string, readonly RouteOrigin[]>;
  readonly stats: PipelineStats;
}
