// What SotW and delta ADS streams share: node identification, snapshot watching, the send
// queue with its backpressure, byte counting, ACK/NACK recording and teardown. Protocol
// decisions live in sotw/ and delta/.
import { status, type ServerDuplexStream } from '@grpc/grpc-js';
import { XDS_TYPES, xdsTypeOf, type XdsResource, type XdsType } from '../../common/xds/xds-snapshot';
import type { XdsNode } from './discovery';
import { endCall } from './drop-call';
import type { NodeRef, StreamKind, XdsFeedback } from './feedback';
import type { XdsLimits } from './limits';
import { isOversized, type OversizedRequest } from './name-count';
import { noProxyWarning, proxyKeyOf } from './node-key';
import type { ServedView, ViewSource } from './served-view';
import { SendQueue } from './send-queue';
import type { SnapshotCache } from './snapshot-cache';
import type { SotwResponseCache } from './sotw/response-body-cache';

/** What every stream needs from the server. */
export interface StreamDeps {
  cache: SnapshotCache;
  /** SotW response bodies shared by every stream. */
  responses: SotwResponseCache;
  feedback: XdsFeedback;
  views: ViewSource;
  limits: XdsLimits;
  now: () => number;
}

/** A server-side ADS call: decoded requests (or an OversizedRequest in place of one) in, encoded response bytes out. */
export type AdsCall<Req> = ServerDuplexStream<Req | OversizedRequest, Buffer>;

/** The request fields the shared code reads. */
interface AnyRequest {
  node?: XdsNode;
  typeUrl: string;
}

let nextStreamId = 1;

/**
 * What a protocol state machine made of one request. `refused`: the request breaks a limit and the stream
 * ends with RESOURCE_EXHAUSTED. `unrecognizedAck`: an ACK whose version_info is not the version this stream
 * sent with that nonce; it is not recorded as ACKed.
 */
export type ProtocolOutcome<Planned> =
  | { kind: 'unknown-type' | 'stale' }
  | { kind: 'refused'; reason: string }
  | {
      kind: 'handled';
      type: XdsType;
      ack?: { version: string };
      nack?: { version: string; error: string; resourceNames: string[] };
      unrecognizedAck?: { version: string };
      response?: Planned;
    };

/** A per-stream protocol state machine: SotwState or DeltaState. */
export interface ProtocolState<Req, Planned> {
  handleRequest(req: Req, view: ServedView): ProtocolOutcome<Planned>;
  onSnapshot(view: ServedView, order: readonly XdsType[]): Planned[];
}

/** Base of one ADS stream: feeds requests and snapshot changes to its protocol state and sends what that plans. */
export abstract class AdsStream<Req extends AnyRequest, Planned = unknown> {
  /** Unique per process; also the key of the stream's row in the node list. */
  readonly id = nextStreamId++;
  private ref?: NodeRef;
  private stopWatching?: () => void;
  private closed = false;
  /** A snapshot changed while the stream was paused; the latest one is pushed when it resumes. */
  private pushDeferred = false;
  private readonly sender: SendQueue;
  private readonly startedAt: number;
  private readonly firstRequestAt = new Map<XdsType, number>();
  private readonly closeListeners: (() => void)[] = [];

  /** Wraps a call; nothing happens until start(). */
  constructor(
    protected readonly call: AdsCall<Req>,
    protected readonly deps: StreamDeps,
    readonly kind: StreamKind,
  ) {
    this.startedAt = deps.now();
    this.sender = new SendQueue(call, deps.limits, {
      onResume: () => this.resume(),
      onOverflow: (reason) => this.drop(reason, true),
    });
  }

  /** Starts reading requests; the stream ends when the client ends it, cancels, or errs. */
  start(): void {
    this.call.on('data', (req: Req | OversizedRequest) => this.receive(req));
    this.call.on('end', () => this.close(true));
    this.call.on('cancelled', () => this.close(false));
    this.call.on('error', () => this.close(false));
  }

  /** Ends the stream from the server side with status OK (used on shutdown). */
  close(endCall = true): void {
    if (this.closed) return;
    this.closed = true;
    this.sender.close();
    this.stopWatching?.();
    this.deps.feedback.disconnected(this.id);
    for (const listener of this.closeListeners) listener();
    if (endCall) {
      try {
        this.call.end();
      } catch {
        // the call is already finished
      }
    }
  }

  /** Calls listener once when the stream ends. */
  onClose(listener: () => void): void {
    this.closeListeners.push(listener);
  }

  /** Whether the stream has ended. */
  get isClosed(): boolean {
    return this.closed;
  }

  /** Bytes of responses not yet flushed to the client (handed to the call, or waiting behind a paused stream). */
  get pendingBytes(): number {
    return this.closed ? 0 : this.sender.unflushedBytes + this.sender.queuedBytes;
  }

  /** The protocol state machine (SotW or Delta) this stream feeds. */
  protected abstract readonly state: ProtocolState<Req, Planned>;

  /** Encodes and writes one planned response. */
  protected abstract send(planned: Planned): void;

  /** Handles one decoded request (the first one has identified the node): records ACK/NACK, sends what is due. */
  protected handle(req: Req, view: ServedView): void {
    const outcome = this.state.handleRequest(req, view);
    if (outcome.kind === 'refused') return this.drop(outcome.reason, false);
    if (outcome.kind !== 'handled') return;
    if (outcome.ack) this.recordAck(outcome.type, outcome.ack.version);
    if (outcome.nack) this.recordNack(outcome.type, outcome.nack);
    if (outcome.unrecognizedAck) this.deps.feedback.unrecognizedAck(this.id, outcome.type, outcome.unrecognizedAck.version, this.deps.now());
    if (outcome.response) this.send(outcome.response);
  }

  /**
   * Sends what a new snapshot makes due, in push order (xDS spec, "Eventual consistency considerations").
   * A paused stream plans nothing: its state machine still records what was sent, so when it resumes one
   * push against the latest snapshot brings it up to date, however many snapshots came in between.
   */
  protected push(view: ServedView): void {
    if (this.sender.paused) {
      this.pushDeferred = true;
      return;
    }
    for (const planned of this.state.onSnapshot(view, XDS_TYPES)) this.send(planned);
  }

  /** The proxy key this stream is served from. */
  protected get proxyKey(): string {
    return this.ref?.proxyKey ?? proxyKeyOf(undefined);
  }

  /** The current view of this stream's proxy; updates the node's warning when the proxy is missing. */
  protected currentView(): ServedView {
    const snapshot = this.deps.cache.getSnapshot(this.proxyKey);
    this.deps.feedback.setWarning(this.id, snapshot ? undefined : noProxyWarning(this.proxyKey));
    return this.deps.views.viewOf(snapshot, this.proxyKey);
  }

  /** The cached protobuf encoding of a resource. */
  protected encode(type: XdsType, resource: XdsResource): Uint8Array {
    return this.deps.cache.encoder.encode(type, resource);
  }

  /** Queues an encoded response for the client and counts its bytes. */
  protected write(type: XdsType, version: string, bytes: Uint8Array): void {
    if (this.closed) return;
    this.deps.feedback.sent(this.id, type, version, bytes.byteLength);
    this.sender.push(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  }

  /** Records an ACK with its latency: from the version's publication, or from the type's first request on this stream if later. */
  protected recordAck(type: XdsType, version: string): void {
    const now = this.deps.now();
    const published = this.deps.cache.publishedAt(this.proxyKey, type, version) ?? 0;
    const since = Math.max(published, this.firstRequestAt.get(type) ?? this.startedAt);
    this.deps.feedback.acked(this.id, type, version, Math.max(0, now - since), now);
  }

  /** Records a NACK. */
  protected recordNack(type: XdsType, nack: { version: string; error: string; resourceNames: string[] }): void {
    this.deps.feedback.nacked(this.id, type, { ...nack, resourceNames: [...nack.resourceNames], at: this.deps.now() });
  }

  /** A nonce prefix unique to this stream. */
  protected get noncePrefix(): string {
    return this.id.toString(36);
  }

  private resume(): void {
    if (this.closed || !this.pushDeferred) return;
    this.pushDeferred = false;
    this.guard(() => this.push(this.currentView()));
  }

  /** Ends the stream with RESOURCE_EXHAUSTED; a paused or stalled client is reset, since it would not read the status. */
  private drop(reason: string, clientStalled: boolean): void {
    if (this.closed) return;
    const reset = clientStalled || this.sender.paused;
    console.error(`xds stream ${this.id} (${this.ref?.id ?? '?'}) dropped: ${reason}`);
    this.close(false);
    endCall(this.call, status.RESOURCE_EXHAUSTED, reason, reset);
  }

  private receive(req: Req | OversizedRequest): void {
    if (this.closed) return;
    if (isOversized(req)) {
      const type = xdsTypeOf(req.typeUrl);
      const what = type ? `a ${type} request` : 'a request of an unknown type';
      return this.drop(`${what} names ${req.names} resources; at most ${this.deps.limits.maxNamesPerRequest} may be named in one request`, false);
    }
    if (!this.ref) this.identify(req.node);
    this.deps.feedback.received(this.id);
    const type = xdsTypeOf(req.typeUrl);
    if (type && !this.firstRequestAt.has(type)) this.firstRequestAt.set(type, this.deps.now());
    this.guard(() => this.handle(req, this.currentView()));
  }

  /** "Basic Protocol Overview": only the first request is guaranteed to carry the node. */
  private identify(node: XdsNode | undefined): void {
    const proxyKey = proxyKeyOf(node);
    this.ref = { streamId: this.id, id: node?.id ?? '', proxyKey, kind: this.kind };
    this.deps.feedback.connected(this.ref, this.deps.now());
    this.stopWatching = this.deps.cache.subscribe(proxyKey, () => {
      if (!this.closed) this.guard(() => this.push(this.currentView()));
    });
  }

  private guard(fn: () => void): void {
    try {
      fn();
    } catch (err) {
      const details = err instanceof Error ? err.message : String(err);
      console.error(`xds stream ${this.id} (${this.ref?.id ?? '?'}): ${details}`);
      this.close(false);
      this.call.emit('error', { code: status.INTERNAL, details });
    }
  }
}
