// Tiny gRPC echo backends for end-to-end tests: each answers with its own name, so a test
// can see where a call was routed. Messages are JSON; the service is defined by hand.
import * as grpc from '@grpc/grpc-js';

/** What an echo backend answers. */
export interface EchoReply {
  backend: string;
  path: string;
}

const json = {
  serialize: (value: unknown): Buffer => Buffer.from(JSON.stringify(value)),
  deserialize: (bytes: Buffer): unknown => JSON.parse(bytes.toString() || '{}'),
};

/** Paths the echo backends serve: the main service and an admin service (for prefix routing). */
export const ECHO_PATHS = { call: '/echo.Echo/Call', admin: '/echo.Admin/Call' } as const;

function method(path: string): grpc.MethodDefinition<unknown, unknown> {
  return {
    path,
    requestStream: false,
    responseStream: false,
    requestSerialize: json.serialize,
    requestDeserialize: json.deserialize,
    responseSerialize: json.serialize,
    responseDeserialize: json.deserialize,
  };
}

const ECHO_SERVICE: grpc.ServiceDefinition = { Call: method(ECHO_PATHS.call), AdminCall: method(ECHO_PATHS.admin) };

/** A running echo backend. */
export interface EchoServer {
  name: string;
  port: number;
  close(): Promise<void>;
}

/** Starts an echo backend named `name` on 127.0.0.1 and a free port. */
export async function startEchoServer(name: string): Promise<EchoServer> {
  const server = new grpc.Server();
  const reply = (path: string): grpc.handleUnaryCall<unknown, EchoReply> => (_call, callback) => callback(null, { backend: name, path });
  server.addService(ECHO_SERVICE, { Call: reply(ECHO_PATHS.call), AdminCall: reply(ECHO_PATHS.admin) });
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
  );
  return { name, port, close: () => new Promise<void>((resolve) => server.tryShutdown(() => resolve())) };
}

/** Makes one unary echo call on a channel; metadata entries become request headers. */
export function echoCall(client: grpc.Client, path: string, headers: Record<string, string> = {}, timeoutMs = 5000): Promise<EchoReply> {
  const metadata = new grpc.Metadata();
  for (const [k, v] of Object.entries(headers)) metadata.set(k, v);
  return new Promise((resolve, reject) => {
    client.makeUnaryRequest<unknown, EchoReply>(
      path,
      json.serialize,
      (b: Buffer) => json.deserialize(b) as EchoReply,
      {},
      metadata,
      { deadline: Date.now() + timeoutMs },
      (err, reply) => (err ? reject(err) : resolve(reply!)),
    );
  });
}
