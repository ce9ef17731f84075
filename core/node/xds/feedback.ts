// What connected xDS clients told the server: ACKed versions, NACKs with their error text,
// publication-to-ACK latency, and bytes sent per stream.
import type { XdsType } from '../../common/xds/xds-snapshot';

/** Which ADS variant a stream speaks. */
export type StreamKind = 'sotw' | 'delta';

/** Identifies one connected node (one ADS stream). */
export interface NodeRef {
  readonly streamId: number;
  readonly id: string;
  readonly proxyKey: string;
  readonly kind: StreamKind;
}

/** The last NACK of a type: the rejected version, the client's error text and the resources in that response. */
export interface NackRecord {
  version: string;
  error: string;
  resourceNames: string[];
  at: number;
}

/** Per-type state of one stream. */
export interface TypeFeedback {
  sentVersion?: string;
  ackedVersion?: string;
  ackedAt?: number;
  ackLatencyMs?: number;
  lastNack?: NackRecord;
  /** True from a NACK until the next ACK of this type. */
  nackOutstanding: boolean;
  /** The last ACK whose version_info this stream never sent with that nonce; it was not taken as ACKed. */
  unrecognizedAck?: { version: string; at: number };
}

/** One row of the node list. */
export interface NodeStatus extends NodeRef {
  warning?: string;
  connectedSince: number;
  bytesSent: number;
  responsesSent: number;
  requestsReceived: number;
  types: Partial<Record<XdsType, TypeFeedback>>;
}

/** Called for every ACK: the node, the type, the ACKed version and ms since that version was published (or the type was first requested, if later). */
export type AckListener = (node: NodeRef, type: XdsType, version: string, latencyMs: number) => void;

/** Called for every NACK: the node, the type, the rejected version, the client's error text and the resources that response carried. */
export type NackListener = (node: NodeRef, type: XdsType, version: string, errorText: string, resourceNames: string[]) => void;

/** Called with a stream's final status when it ends. */
export type DisconnectListener = (status: NodeStatus) => void;

function copyStatus(s: NodeStatus): NodeStatus {
  const types: NodeStatus['types'] = {};
  for (const [t, f] of Object.entries(s.types) as [XdsType, TypeFeedback][]) {
    types[t] = {
      ...f,
      lastNack: f.lastNack && { ...f.lastNack, resourceNames: [...f.lastNack.resourceNames] },
      unrecognizedAck: f.unrecognizedAck && { ...f.unrecognizedAck },
    };
  }
  return { ...s, types };
}

/** Records stream feedback and fans it out to listeners; streams report into it, the loop and UI read it. */
export class XdsFeedback {
  private readonly nodes = new Map<number, NodeStatus>();
  private readonly ackListeners = new Set<AckListener>();
  private readonly nackListeners = new Set<NackListener>();
  private readonly disconnectListeners = new Set<DisconnectListener>();
  private readonly changeListeners = new Set<() => void>();

  /** Registers an ACK listener; returns the function that removes it. */
  onAck(listener: AckListener): () => void {
    return add(this.ackListeners, listener);
  }

  /** Registers a NACK listener; returns the function that removes it. */
  onNack(listener: NackListener): () => void {
    return add(this.nackListeners, listener);
  }

  /** Registers a listener for ended streams; returns the function that removes it. */
  onDisconnect(listener: DisconnectListener): () => void {
    return add(this.disconnectListeners, listener);
  }

  /** Registers a listener called after any change to the node list; returns the function that removes it. */
  onChange(listener: () => void): () => void {
    return add(this.changeListeners, listener);
  }

  /** Connected nodes, oldest stream first, as copies. */
  listNodes(): NodeStatus[] {
    return [...this.nodes.values()].map(copyStatus);
  }

  /** One node's status by stream id, as a copy. */
  node(streamId: number): NodeStatus | undefined {
    const s = this.nodes.get(streamId);
    return s && copyStatus(s);
  }

  /** A stream identified its node. */
  connected(ref: NodeRef, at: number, warning?: string): void {
    this.nodes.set(ref.streamId, { ...ref, warning, connectedSince: at, bytesSent: 0, responsesSent: 0, requestsReceived: 0, types: {} });
    this.changed();
  }

  /** Sets or clears a node's warning (e.g. its role names no proxy). */
  setWarning(streamId: number, warning: string | undefined): void {
    const s = this.nodes.get(streamId);
    if (!s || s.warning === warning) return;
    s.warning = warning;
    this.changed();
  }

  /** Counts a request received on a stream. */
  received(streamId: number): void {
    const s = this.nodes.get(streamId);
    if (s) s.requestsReceived++;
  }

  /** Counts a response of `bytes` encoded bytes sent on a stream at `version` of `type`. */
  sent(streamId: number, type: XdsType, version: string, bytes: number): void {
    const s = this.nodes.get(streamId);
    if (!s) return;
    s.bytesSent += bytes;
    s.responsesSent++;
    typeOf(s, type).sentVersion = version;
  }

  /** Records an ACK and tells the ACK listeners. */
  acked(streamId: number, type: XdsType, version: string, latencyMs: number, at: number): void {
    const s = this.nodes.get(streamId);
    if (!s) return;
    Object.assign(typeOf(s, type), { ackedVersion: version, ackedAt: at, ackLatencyMs: latencyMs, nackOutstanding: false });
    for (const l of this.ackListeners) safely(() => l(refOf(s), type, version, latencyMs));
    this.changed();
  }

  /** Notes an ACK naming a version this stream never sent; ackedVersion stays as it was. */
  unrecognizedAck(streamId: number, type: XdsType, version: string, at: number): void {
    const s = this.nodes.get(streamId);
    if (!s) return;
    typeOf(s, type).unrecognizedAck = { version, at };
    this.changed();
  }

  /** Records a NACK and tells the NACK listeners. */
  nacked(streamId: number, type: XdsType, nack: NackRecord): void {
    const s = this.nodes.get(streamId);
    if (!s) return;
    Object.assign(typeOf(s, type), { lastNack: nack, nackOutstanding: true });
    for (const l of this.nackListeners) safely(() => l(refOf(s), type, nack.version, nack.error, [...nack.resourceNames]));
    this.changed();
  }

  /** A stream ended: its row leaves the list and the disconnect listeners get its final status. */
  disconnected(streamId: number): void {
    const s = this.nodes.get(streamId);
    if (!s) return;
    this.nodes.delete(streamId);
    for (const l of this.disconnectListeners) safely(() => l(copyStatus(s)));
    this.changed();
  }

  private changed(): void {
    for (const l of this.changeListeners) safely(l);
  }
}

function add<T>(set: Set<T>, item: T): () => void {
  set.add(item);
  return () => set.delete(item);
}

function typeOf(s: NodeStatus, type: XdsType): TypeFeedback {
  return (s.types[type] ??= { nackOutstanding: false });
}

function refOf(s: NodeStatus): NodeRef {
  return { streamId: s.streamId, id: s.id, proxyKey: s.proxyKey, kind: s.kind };
}

function safely(fn: () => void): void {
  try {
    fn();
  } catch (err) {
    console.error('xds feedback listener failed:', err);
  }
}
