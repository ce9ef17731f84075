// Real servers on loopback for discovery tests: OpenAPI documents at chosen paths, an HTML page, a server
// that never answers, one that closes while probed, and gRPC Greeter servers with and without reflection.
import { createServer as createHttpServer, type Server } from 'node:http';
import { createServer as createTcpServer, type Socket } from 'node:net';
import { fileURLToPath } from 'node:url';
import { Server as GrpcServer, ServerCredentials, loadPackageDefinition, type GrpcObject, type ServiceClientConstructor } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { ReflectionService } from '@grpc/reflection';

/** A running test server. */
export interface TestServer {
  readonly port: number;
  close(): Promise<void>;
}

/** An HTTP server answering `routes` (path → [content type, body]) and 404 elsewhere. */
export async function httpServer(routes: Readonly<Record<string, readonly [string, string]>>): Promise<TestServer> {
  const server = createHttpServer((req, res) => {
    const route = routes[(req.url ?? '/').split('?')[0]];
    if (!route) {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': route[0] }).end(route[1]);
  });
  return listenHttp(server);
}

async function listenHttp(server: Server): Promise<TestServer> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    port: (server.address() as { port: number }).port,
    close: () => new Promise((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** A TCP server that accepts connections and never answers; openConnections() counts those its clients have not closed. */
export async function hangingServer(): Promise<TestServer & { openConnections(): number }> {
  const sockets = new Set<Socket>();
  // Reads and drops what clients send (so a client's close is seen), and never answers.
  const server = createTcpServer((s) => { sockets.add(s); s.on('close', () => sockets.delete(s)).resume(); });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    openConnections: () => sockets.size,
    port: (server.address() as { port: number }).port,
    close: () => new Promise((resolve) => { for (const s of sockets) s.destroy(); server.close(() => resolve()); }),
  };
}

/** A TCP server that, on its first connection, stops listening and drops the connection: the port closes while it is probed. */
export async function closingServer(): Promise<TestServer> {
  const server = createTcpServer((s) => {
    server.close();
    s.destroy();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { port: (server.address() as { port: number }).port, close: () => new Promise((resolve) => { server.close(() => resolve()); }) };
}

const PROTO = fileURLToPath(new URL('../fixtures/hello.proto', import.meta.url));

/** The Greeter's package definition, as @grpc/proto-loader loads it. */
export function greeterPackage() {
  return loadSync(PROTO, { includeDirs: [fileURLToPath(new URL('../fixtures/', import.meta.url))] });
}

/** A gRPC Greeter on loopback (SayHello answers `hello <name> from <tag>`), with server reflection when asked. */
export async function greeterServer(o: { reflection: boolean; tag?: string; port?: number }): Promise<TestServer> {
  const pkg = greeterPackage();
  const proto = loadPackageDefinition(pkg) as unknown as { hello: { v1: GrpcObject } };
  const server = new GrpcServer();
  const greeter = proto.hello.v1.Greeter as ServiceClientConstructor;
  server.addService(greeter.service, {
    SayHello: (call: { request: { name: string } }, cb: (e: null, r: { message: string }) => void) => cb(null, { message: `hello ${call.request.name} from ${o.tag ?? 'greeter'}` }),
    SayGoodbye: (call: { request: { name: string } }, cb: (e: null, r: { message: string }) => void) => cb(null, { message: `goodbye ${call.request.name}` }),
  });
  if (o.reflection) new ReflectionService(pkg).addToServer(server);
  const port = await new Promise<number>((resolve, reject) => server.bindAsync(`127.0.0.1:${o.port ?? 0}`, ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))));
  return { port, close: () => new Promise((resolve) => server.tryShutdown(() => resolve())) };
}
