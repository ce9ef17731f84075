// Hostile and careless xDS clients for the limit tests, over real gRPC streams: requests are
// encoded once and written as bytes, responses are not decoded, so the clients cost the test
// process little and the server under test does all the work.
import { connect, constants } from 'node:http2';
import * as grpc from '@grpc/grpc-js';
import { TYPE_URLS, type XdsType } from '../../../common/xds/xds-snapshot';
import { DELTA_ADS_PATH, SOTW_ADS_PATH } from '../ads-service';
import {
  decodeDiscoveryResponse,
  encodeDeltaDiscoveryRequest,
  encodeDiscoveryRequest,
  type DiscoveryResponse,
  type XdsNode,
} from '../discovery';

const passThrough = (b: Buffer): Buffer => b;

/** How a raw stream ended: the gRPC status code and details. */
export interface StreamEnd {
  code: grpc.status;
  details: string;
}

/** An ADS stream writing pre-encoded requests. */
export interface RawStream {
  /** Resolves when the server ends the stream (or the client cancels it). */
  readonly ended: Promise<StreamEnd>;
  /** Response bytes received (0 when not reading). */
  readonly bytesReceived: () => number;
  /** Writes one encoded request. */
  write(request: Uint8Array): void;
  /** Cancels the stream and closes its channel. */
  cancel(): void;
}

/** Opens a SotW or delta ADS stream on its own channel (one HTTP/2 connection each) that reads every response. */
export function rawStream(port: number, kind: 'sotw' | 'delta', options: { client?: grpc.Client } = {}): RawStream {
  const client = options.client ?? new grpc.Client(`127.0.0.1:${port}`, grpc.credentials.createInsecure());
  const call = client.makeBidiStreamRequest(kind === 'sotw' ? SOTW_ADS_PATH : DELTA_ADS_PATH, passThrough, passThrough);
  let received = 0;
  call.on('data', (b: Buffer) => (received += b.length));
  const ended = new Promise<StreamEnd>((resolve) => {
    call.on('error', (err: grpc.ServiceError) => resolve({ code: err.code, details: err.details }));
    call.on('status', (s: grpc.StatusObject) => resolve({ code: s.code, details: s.details }));
  });
  return {
    ended,
    bytesReceived: () => received,
    write: (request) => call.write(Buffer.from(request)),
    cancel: () => {
      call.cancel();
      if (!options.client) client.close();
    },
  };
}

/** A stream that reads nothing until resumed. */
export interface PausedStream extends RawStream {
  /** Starts reading: every response from then on is decoded and passed to onResponse. */
  resume(onResponse: (response: DiscoveryResponse) => void): void;
}

/**
 * A SotW stream on its own HTTP/2 connection that does not read: nothing consumes the response data, so the
 * client's flow-control window (64 KiB) fills and stays full. (A grpc-js client that never reads still drains
 * the connection into its own memory, so this one speaks HTTP/2 directly.) `ended` resolves when the server
 * resets the stream or the connection closes.
 */
export function nonReadingStream(port: number, requests: Uint8Array[]): PausedStream {
  const session = connect(`http://127.0.0.1:${port}`);
  session.on('error', () => undefined);
  const stream = session.request({ ':method': 'POST', ':path': SOTW_ADS_PATH, 'content-type': 'application/grpc', te: 'trailers' });
  stream.on('error', () => undefined);
  const ended = new Promise<StreamEnd>((resolve) => {
    stream.on('close', () => {
      const reset = stream.rstCode === constants.NGHTTP2_ENHANCE_YOUR_CALM;
      resolve({ code: reset ? grpc.status.RESOURCE_EXHAUSTED : grpc.status.CANCELLED, details: `RST_STREAM ${stream.rstCode}` });
    });
  });
  const write = (request: Uint8Array) => stream.write(grpcFrame(request));
  requests.forEach(write);
  let received = 0;
  let pending = Buffer.alloc(0);
  const resume = (onResponse: (response: DiscoveryResponse) => void) => {
    stream.on('data', (chunk: Buffer) => {
      received += chunk.length;
      pending = Buffer.concat([pending, chunk]);
      while (pending.length >= 5 && pending.length >= 5 + pending.readUInt32BE(1)) {
        const end = 5 + pending.readUInt32BE(1);
        onResponse(decodeDiscoveryResponse(pending.subarray(5, end)));
        pending = pending.subarray(end);
      }
    });
  };
  return {
    ended,
    bytesReceived: () => received,
    resume,
    write,
    cancel: () => {
      stream.close(constants.NGHTTP2_CANCEL);
      session.destroy();
    },
  };
}

/** A gRPC length-prefixed message: no compression, 4-byte big-endian length ("gRPC over HTTP2", "Length-Prefixed-Message"). */
function grpcFrame(message: Uint8Array): Buffer {
  const frame = Buffer.alloc(5 + message.length);
  frame.writeUInt32BE(message.length, 1);
  frame.set(message, 5);
  return frame;
}

/** An encoded SotW request for names of a type (node included; empty names = wildcard for LDS/CDS). */
export function sotwRequestBytes(node: XdsNode, type: XdsType, resourceNames: string[] = []): Uint8Array {
  return encodeDiscoveryRequest({ node, typeUrl: TYPE_URLS[type], resourceNames });
}

/** An encoded delta request subscribing to names of a type (node included). */
export function deltaRequestBytes(node: XdsNode, type: XdsType, subscribe: string[]): Uint8Array {
  return encodeDeltaDiscoveryRequest({ node, typeUrl: TYPE_URLS[type], resourceNamesSubscribe: subscribe });
}

/** `count` host names no virtual host of the test proxy's exact domains serves. */
export function unknownNames(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `unknown-${i}.abuse.test`);
}

/** A client that connects, asks for everything, and disconnects, over and over. */
export interface Flapper {
  /** Connections made so far. */
  readonly cycles: () => number;
  /** Stops after the current cycle. */
  stop(): Promise<void>;
}

/** Starts a flapping client: every cycle a new connection asks for all clusters and listeners, then cancels after holdMs. */
export function startFlapping(port: number, node: XdsNode, holdMs = 10): Flapper {
  const requests = [sotwRequestBytes(node, 'cluster'), sotwRequestBytes(node, 'listener')];
  let running = true;
  let cycles = 0;
  const done = (async () => {
    while (running) {
      const stream = rawStream(port, 'sotw');
      for (const r of requests) stream.write(r);
      await new Promise((resolve) => setTimeout(resolve, holdMs));
      stream.cancel();
      cycles++;
    }
  })();
  return {
    cycles: () => cycles,
    stop: async () => {
      running = false;
      await done;
    },
  };
}
