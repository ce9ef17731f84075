// gRPC server reflection probing, after Gloo's gRPC discovery (projects/discovery/pkg/fds/discoveries/grpc/grpc.go):
// list the services over grpc.reflection.v1 (then v1alpha), fetch the file declaring each one and the
// files it imports, and build one descriptor set. UNIMPLEMENTED means reflection is not enabled; a
// deadline means the server did not answer in time; anything else means it is not a gRPC server.
import { credentials, Client, Metadata, status, type ClientDuplexStream, type ServiceError } from '@grpc/grpc-js';
import { fromBinary } from '@bufbuild/protobuf';
import { FileDescriptorProtoSchema } from '@bufbuild/protobuf/wkt';
import { descriptorSetOf, servicesOf, type GrpcService } from '../../../common/discovery/grpc-descriptors';
import type { ProbeStepView } from '../../../common/discovery/discovery-view';
import { decodeReflectionResponse, encodeReflectionRequest, REFLECTION_SERVICES, type ReflectionRequest, type ReflectionResponse } from '../../../common/discovery/reflection-messages';
import { seconds } from './openapi-probe';

/** Files fetched at most per probe (a guard against a server that keeps naming new imports). */
const MAX_FILES = 500;

/** What the probe found. */
export interface ReflectionProbeResult {
  readonly found?: { readonly set: Uint8Array; readonly services: readonly GrpcService[] };
  readonly steps: readonly ProbeStepView[];
}

/** Probes host:port for gRPC server reflection, v1 first, then v1alpha. */
export async function probeReflection(t: { readonly host: string; readonly port: number; readonly tls: boolean; readonly timeoutMs: number }): Promise<ReflectionProbeResult> {
  const address = `${t.host.includes(':') ? `[${t.host}]` : t.host}:${t.port}`;
  const client = new Client(address, t.tls ? credentials.createSsl() : credentials.createInsecure(), { 'grpc.enable_retries': 0, 'grpc.max_receive_message_length': 32 * 1024 * 1024 });
  const steps: ProbeStepView[] = [];
  try {
    for (const service of REFLECTION_SERVICES) {
      const version = service.split('.')[2];
      const stream = new ReflectionStream(client, `/${service}/ServerReflectionInfo`, Date.now() + t.timeoutMs);
      try {
        const list = await stream.ask({ listServices: true });
        const names = (list.services ?? []).filter((s) => !(REFLECTION_SERVICES as readonly string[]).includes(s));
        const files = await fetchFiles(stream, names);
        const set = descriptorSetOf(files);
        const services = servicesOf(set);
        steps.push({ what: `gRPC reflection ${version}`, outcome: `${services.length} service${services.length === 1 ? '' : 's'}: ${services.map((s) => s.fullName).join(', ') || 'none'}` });
        return { found: { set, services }, steps };
      } catch (err) {
        const e = err as ServiceError;
        if (e.code === status.UNIMPLEMENTED) {
          steps.push({ what: `gRPC reflection ${version}`, outcome: 'reflection not enabled' });
          continue;
        }
        steps.push({ what: `gRPC reflection ${version}`, outcome: e.code === status.DEADLINE_EXCEEDED ? `timed out after ${seconds(t.timeoutMs)}` : `not a gRPC server (${e.details || e.message})` });
        return { steps };
      } finally {
        stream.close();
      }
    }
    return { steps };
  } finally {
    client.close();
  }
}

/** The files declaring the services, and every file they import, asked for by name when the server did not send it. */
async function fetchFiles(stream: ReflectionStream, services: readonly string[]): Promise<Uint8Array[]> {
  const files = new Map<string, Uint8Array>();
  const add = (res: ReflectionResponse) => {
    if (res.error) throw Object.assign(new Error(res.error.message), { code: res.error.code, details: res.error.message });
    for (const bytes of res.files ?? []) files.set(fromBinary(FileDescriptorProtoSchema, bytes).name, bytes);
  };
  for (const s of services) add(await stream.ask({ fileContainingSymbol: s }));
  for (let missing = missingImports(files); missing.length && files.size < MAX_FILES; missing = missingImports(files)) {
    for (const name of missing) {
      const res = await stream.ask({ fileByFilename: name });
      if (res.error) files.set(name, new Uint8Array()); // not served: leave it out rather than ask again
      else add(res);
    }
  }
  return [...files.values()].filter((b) => b.length > 0);
}

function missingImports(files: ReadonlyMap<string, Uint8Array>): string[] {
  const missing = new Set<string>();
  for (const bytes of files.values()) {
    if (!bytes.length) continue;
    for (const dep of fromBinary(FileDescriptorProtoSchema, bytes).dependency) if (!files.has(dep)) missing.add(dep);
  }
  return [...missing];
}

/** One ServerReflectionInfo stream: each ask() writes a request and waits for its response. */
class ReflectionStream {
  private readonly call: ClientDuplexStream<Uint8Array, Uint8Array>;
  private waiting?: { resolve: (r: ReflectionResponse) => void; reject: (e: unknown) => void };
  private failed?: unknown;

  constructor(client: Client, path: string, deadline: number) {
    const identity = (b: Uint8Array) => Buffer.from(b);
    this.call = client.makeBidiStreamRequest(path, identity, (b: Buffer) => new Uint8Array(b), new Metadata(), { deadline });
    this.call.on('data', (b: Uint8Array) => {
      const w = this.waiting;
      this.waiting = undefined;
      try { w?.resolve(decodeReflectionResponse(b)); } catch (err) { w?.reject(err); }
    });
    this.call.on('error', (err) => this.fail(err));
    this.call.on('end', () => this.fail(Object.assign(new Error('the stream ended'), { code: status.UNAVAILABLE, details: 'the stream ended' })));
  }

  ask(req: ReflectionRequest): Promise<ReflectionResponse> {
    if (this.failed) return Promise.reject(this.failed);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
      this.call.write(encodeReflectionRequest(req));
    });
  }

  private fail(err: unknown): void {
    this.failed ??= err;
    const w = this.waiting;
    this.waiting = undefined;
    w?.reject(err);
  }

  close(): void {
    this.call.cancel();
  }
}
