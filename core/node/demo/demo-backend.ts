// A small echo backend for first routes: HTTP/1.1, HTTP/2 (cleartext, as Envoy and gRPC clients speak it) and gRPC on
// one port. HTTP requests get back a JSON description of themselves; a gRPC call gets its own request message back
// (so any service whose reply type is its request type works, e.g. a JSON-codec echo), and `grpc.health.v1.Health/Check`
// answers SERVING. Every answer names the backend, so a route test can see where a request went.
import { createServer as createHttp1Server, type IncomingHttpHeaders } from 'node:http';
import { createServer as createHttp2Server, constants, type ServerHttp2Stream } from 'node:http2';
import { createServer as createNetServer, type AddressInfo, type Socket } from 'node:net';
import { Duplex, type Readable } from 'node:stream';

/** What an HTTP request gets back, as JSON. */
export interface EchoAnswer {
  readonly backend: string;
  readonly protocol: string;
  readonly method: string;
  readonly host: string;
  readonly path: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** A running demo backend. */
export interface DemoBackend {
  readonly port: number;
  close(): Promise<void>;
}

/** Options of the demo backend. */
export interface DemoBackendOptions {
  readonly port: number;
  readonly host?: string;
  /** The name every answer carries (default `demo-backend`). */
  readonly name?: string;
  /** Called with one line per request served. */
  readonly log?: (line: string) => void;
}

/** The first bytes of every HTTP/2 connection (RFC 9113 §3.4): a cleartext client that knows the server speaks HTTP/2 sends them first. */
const H2_PREFACE = Buffer.from('PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n');

/** Body bytes read per request at most; more is cut off. */
const MAX_BODY = 1024 * 1024;

/** Starts the backend; resolves once it listens. */
export async function startDemoBackend(o: DemoBackendOptions): Promise<DemoBackend> {
  const name = o.name ?? 'demo-backend';
  const http1 = createHttp1Server((req, res) => {
    void readBody(req).then((body) => {
      const answer = describe(name, `HTTP/${req.httpVersion}`, req.method ?? 'GET', req.headers.host ?? '', req.url ?? '/', req.headers, body, o.log);
      res.writeHead(200, { 'content-type': 'application/json', 'x-demo-backend': name });
      res.end(JSON.stringify(answer, null, 2) + '\n');
    });
  });
  const http2 = createHttp2Server();
  http2.on('stream', (stream, headers) => {
    const path = String(headers[':path'] ?? '/');
    if (isGrpc(headers['content-type'])) return answerGrpc(stream, path, o.log);
    void readBody(stream).then((body) => {
      const answer = describe(name, 'HTTP/2.0', String(headers[':method'] ?? 'GET'), String(headers[':authority'] ?? ''), path, headers, body, o.log);
      if (stream.destroyed || stream.closed) return;
      stream.respond({ [constants.HTTP2_HEADER_STATUS]: 200, 'content-type': 'application/json', 'x-demo-backend': name });
      stream.end(JSON.stringify(answer, null, 2) + '\n');
    });
    stream.on('error', () => undefined);
  });
  const sockets = new Set<Socket>();
  const net = createNetServer((socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
    // Pick the protocol from the first bytes: the HTTP/2 preface, or anything else for HTTP/1.1.
    socket.once('data', (first: Buffer) => {
      const n = Math.min(first.length, H2_PREFACE.length);
      if (first.subarray(0, n).equals(H2_PREFACE.subarray(0, n))) {
        http2.emit('connection', streamFrom(socket, first));
        return;
      }
      socket.pause();
      socket.unshift(first);
      http1.emit('connection', socket);
      socket.resume();
    });
  });
  await new Promise<void>((resolve, reject) => {
    net.once('error', reject);
    net.listen(o.port, o.host ?? '127.0.0.1', () => resolve());
  });
  return {
    port: (net.address() as AddressInfo).port,
    close: () => new Promise<void>((resolve) => {
      for (const s of sockets) s.destroy();
      net.close(() => resolve());
    }),
  };
}

/**
 * The socket as a plain stream that starts with the bytes already read: the HTTP/2 server reads a net socket through its
 * native handle, where bytes given back with unshift() are not seen, but it reads any other stream through JavaScript.
 */
function streamFrom(socket: Socket, first: Buffer): Duplex {
  const duplex = new Duplex({
    read: () => socket.resume(),
    write: (chunk: Buffer, _encoding, done) => socket.write(chunk, done),
    final: (done) => socket.end(done),
    destroy: (err, done) => {
      socket.destroy(err ?? undefined);
      done(err);
    },
  });
  duplex.push(first);
  socket.on('data', (chunk: Buffer) => {
    if (!duplex.push(chunk)) socket.pause();
  });
  socket.on('end', () => duplex.push(null));
  socket.on('error', (err) => duplex.destroy(err));
  socket.on('close', () => duplex.destroy());
  return duplex;
}

function isGrpc(contentType: string | string[] | undefined): boolean {
  return typeof contentType === 'string' && contentType.startsWith('application/grpc');
}

/** The answer to an HTTP request (pseudo-headers left out), logged as one line. */
function describe(backend: string, protocol: string, method: string, host: string, path: string, raw: IncomingHttpHeaders, body: string, log?: (l: string) => void): EchoAnswer {
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(raw)) if (!k.startsWith(':') && v !== undefined) headers[k] = Array.isArray(v) ? v.join(', ') : String(v);
  log?.(`${method} ${host}${path} (${protocol})`);
  return { backend, protocol, method, host, path, headers, body };
}

function readBody(req: Readable): Promise<string> {
  return new Promise((resolve) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size <= MAX_BODY) chunks.push(c);
    });
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', () => resolve(''));
  });
}

/** gRPC over HTTP/2 (grpc/doc/PROTOCOL-HTTP2.md): the request's length-prefixed messages, echoed; health checks answer SERVING. */
function answerGrpc(stream: ServerHttp2Stream, path: string, log?: (l: string) => void): void {
  const chunks: Buffer[] = [];
  stream.on('data', (c: Buffer) => chunks.push(c));
  stream.on('end', () => {
    log?.(`gRPC ${path}`);
    const request = Buffer.concat(chunks);
    // grpc.health.v1.HealthCheckResponse { status: SERVING (1) }: field 1, varint 1.
    const reply = path === '/grpc.health.v1.Health/Check' ? frame(Buffer.from([0x08, 0x01])) : request.length ? request : frame(Buffer.alloc(0));
    if (stream.destroyed || stream.closed) return; // the client went away first
    stream.respond({ [constants.HTTP2_HEADER_STATUS]: 200, 'content-type': 'application/grpc' }, { waitForTrailers: true });
    stream.on('wantTrailers', () => stream.sendTrailers({ 'grpc-status': '0' }));
    stream.end(reply);
  });
  stream.on('error', () => undefined);
}

/** One uncompressed length-prefixed gRPC message. */
function frame(message: Buffer): Buffer {
  const head = Buffer.alloc(5);
  head.writeUInt32BE(message.length, 1);
  return Buffer.concat([head, message]);
}
