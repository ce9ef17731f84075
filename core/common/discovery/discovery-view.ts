// What the Discovery view and `xds-sandbox discover -o json` show: each source and what it found, every
// Upstream's ownership and function-discovery outcome, and the discovery loop's passes with the
// gateway-loop pass each one caused.
import type { FdsMode, SourceKind } from './discovery-config';

/** One thing a source found. */
export interface FoundView {
  /** The Upstream name it becomes. */
  readonly name: string;
  /** In words: `node (pid 4242) on 127.0.0.1:3000`. */
  readonly found: string;
}

/** One source: whether its last scan worked, and what it found. */
export interface DiscoverySourceView {
  readonly kind: SourceKind;
  /** The `discovered_by` label value of its Upstreams. */
  readonly label: string;
  readonly state: 'ok' | 'error' | 'unsupported' | 'waiting';
  readonly message?: string;
  readonly lastScanAt?: string;
  readonly found: readonly FoundView[];
}

/** One probe step and its outcome: `GET /openapi.json` → `404`. */
export interface ProbeStepView {
  readonly what: string;
  readonly outcome: string;
}

/** What function discovery did with one Upstream. */
export interface FdsView {
  readonly state: 'found' | 'not found' | 'probing' | 'not probed' | 'waiting';
  /** One line: `found 12 functions`, `no OpenAPI at any of 6 paths; reflection not enabled`, `timed out after 2 s`. */
  readonly summary: string;
  readonly steps: readonly ProbeStepView[];
  /** Function names (REST operations, or `package.Service/Method`). */
  readonly functions: readonly string[];
  /** Whether the result was written into the Upstream (only into Upstreams discovery owns). */
  readonly written: boolean;
  readonly probedAt?: string;
  readonly nextProbeAt?: string;
}

/** One Upstream as discovery sees it. */
export interface UpstreamDiscoveryView {
  readonly namespace: string;
  readonly name: string;
  readonly owner: 'discovery' | 'user';
  /** The source that wrote it, for Upstreams discovery owns. */
  readonly source?: string;
  /** Why it is the user's (`edited since discovery wrote it`), or what discovery will do (`deleted at 12:00:10 unless it comes back`). */
  readonly note?: string;
  readonly fds: FdsView;
  /** Set for an Upstream discovery deleted: its last status. */
  readonly deleted?: string;
}

/** One write of a discovery pass. */
export interface DiscoveryWriteView {
  readonly op: 'create' | 'update' | 'delete';
  readonly key: string;
  readonly reason: string;
}

/** One pass of the discovery loop that wrote something. */
export interface DiscoveryPassView {
  readonly id: number;
  readonly startedAt: string;
  readonly durationMs: number;
  readonly trigger: string;
  readonly writes: readonly DiscoveryWriteView[];
  /** The gateway-loop pass that picked these writes up, once it ran. */
  readonly gatewayPass?: number;
  /** The xDS versions that pass published (proxy key → version). */
  readonly published?: Readonly<Record<string, string>>;
}

/** The whole discovery picture. */
export interface DiscoveryView {
  /** False when no source runs (discovery is off: nothing is scanned or probed). */
  readonly running: boolean;
  readonly fdsMode: FdsMode;
  readonly writeNamespace: string;
  readonly sources: readonly DiscoverySourceView[];
  readonly upstreams: readonly UpstreamDiscoveryView[];
  /** Newest first. */
  readonly passes: readonly DiscoveryPassView[];
  /** Settings values that could not be used. */
  readonly problems: readonly string[];
}
