// The embedded xDS server: SotW and incremental ADS on one @grpc/grpc-js server, serving the
// snapshots of a SnapshotCache to Envoy and to proxyless gRPC clients.
import * as grpc from '@grpc/grpc-js';
import { adsServerService } from './ads-service';
import type { AdsCall, AdsStream, StreamDeps } from './ads-stream';
import { DeltaStream } from './delta/delta-stream';
import type { DeltaDiscoveryRequest, DiscoveryRequest } from './discovery';
import { XdsFeedback, type NodeStatus } from './feedback';
import { DEFAULT_XDS_LIMITS, type XdsLimits } from './limits';
import { ViewSource } from './served-view';
import type { RouteConfigChooser } from './api-listener';
import type { SnapshotCache } from './snapshot-cache';
import { SotwResponseCache } from './sotw/response-body-cache';
import { SotwStream } from './sotw/sotw-stream';

/** Options of startXdsServer; host defaults to 127.0.0.1 and port to 0 (any free port). */
export interface XdsServerOptions {
  cache: SnapshotCache;
  host?: string;
  port?: number;
  /** Where feedback goes; a new XdsFeedback when omitted. */
  feedback?: XdsFeedback;
  /** Picks the route configuration API listeners point proxyless clients at (default: port 8080, else first plain HTTP listener). */
  grpcRouteConfig?: RouteConfigChooser;
  /** Clock in ms, for ACK latency. */
  now?: () => number;
  /** How long close() waits for a graceful shutdown before forcing it (ms). */
  shutdownGraceMs?: number;
  /** Overrides of DEFAULT_XDS_LIMITS. */
  limits?: Partial<XdsLimits>;
}

/** A running xDS server. */
export interface XdsServerHandle {
  /** The port actually bound. */
  readonly port: number;
  /** ACK/NACK feedback and the node list. */
  readonly feedback: XdsFeedback;
  /** Connected nodes with per-type ACK/NACK state (same as feedback.listNodes()). */
  listNodes(): NodeStatus[];
  /** Resolves once every stream has flushed what it was sent (checked every millisecond), or after maxWaitMs (default 1000). */
  flushed(maxWaitMs?: number): Promise<void>;
  /** Ends every stream with OK, then stops the server; resolves when it has stopped. */
  close(): Promise<void>;
}

/** Starts the xDS server and resolves once it listens. */
export async function startXdsServer(options: XdsServerOptions): Promise<XdsServerHandle> {
  const feedback = options.feedback ?? new XdsFeedback();
  const limits: XdsLimits = { ...DEFAULT_XDS_LIMITS, ...options.limits };
  const deps: StreamDeps = {
    cache: options.cache,
    responses: new SotwResponseCache(),
    feedback,
    views: new ViewSource(options.grpcRouteConfig, options.cache.encoder),
    limits,
    now: options.now ?? Date.now,
  };
  const streams = new Set<AdsStream<DiscoveryRequest> | AdsStream<DeltaDiscoveryRequest>>();
  const track = (stream: AdsStream<DiscoveryRequest> | AdsStream<DeltaDiscoveryRequest>) => {
    streams.add(stream);
    stream.onClose(() => streams.delete(stream));
    stream.start();
  };
  const server = new grpc.Server({
    'grpc.max_receive_message_length': limits.maxRequestBytes,
    'grpc.max_concurrent_streams': limits.maxStreamsPerConnection,
  });
  server.addService(adsServerService(limits.maxNamesPerRequest), {
    StreamAggregatedResources: (call: AdsCall<DiscoveryRequest>) => track(new SotwStream(call, deps)),
    DeltaAggregatedResources: (call: AdsCall<DeltaDiscoveryRequest>) => track(new DeltaStream(call, deps)),
  });
  const port = await bind(server, `${options.host ?? '127.0.0.1'}:${options.port ?? 0}`);
  return {
    port,
    feedback,
    listNodes: () => feedback.listNodes(),
    flushed: (maxWaitMs = 1000) => whenFlushed(streams, maxWaitMs),
    close: () => shutdown(server, streams, options.shutdownGraceMs ?? 2000),
  };
}

/** Resolves once no stream has bytes waiting to reach its client, or after maxWaitMs (a client that stopped reading). */
function whenFlushed(streams: ReadonlySet<{ readonly pendingBytes: number }>, maxWaitMs: number): Promise<void> {
  const deadline = Date.now() + maxWaitMs;
  const pending = () => [...streams].some((s) => s.pendingBytes > 0);
  return new Promise((resolve) => {
    const check = () => (!pending() || Date.now() >= deadline ? resolve() : setTimeout(check, 1));
    check();
  });
}

function bind(server: grpc.Server, address: string): Promise<number> {
  return new Promise((resolve, reject) => {
    server.bindAsync(address, grpc.ServerCredentials.createInsecure(), (err, port) => {
      if (!err) return resolve(port);
      const inUse = /EADDRINUSE/.test(err.message);
      reject(new Error(`cannot serve xDS on ${address}: ${inUse ? 'the port is in use (pick another with --xds-port, or 0 for any free port)' : err.message}`));
    });
  });
}

async function shutdown(server: grpc.Server, streams: Set<{ close(endCall?: boolean): void }>, graceMs: number): Promise<void> {
  for (const stream of [...streams]) stream.close(true);
  streams.clear();
  await new Promise<void>((resolve) => {
    const timer = setTimeout(() => {
      server.forceShutdown();
      resolve();
    }, graceMs);
    server.tryShutdown(() => {
      clearTimeout(timer);
      resolve();
    });
  });
}
