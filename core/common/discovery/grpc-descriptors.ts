// Descriptor sets of discovered gRPC services and the grpcJsonTranscoder ServiceSpec Gloo's gRPC
// discovery writes (projects/discovery/pkg/fds/discoveries/grpc/grpc.go: DetectFunctionsOnce): the
// files declaring each service with their dependencies first, the services, matchIncomingRequestRoute.
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { base64Decode, base64Encode } from '@bufbuild/protobuf/wire';
import { FileDescriptorProtoSchema, FileDescriptorSetSchema, type FileDescriptorProto } from '@bufbuild/protobuf/wkt';
import type { GrpcJsonTranscoderJson } from '../gen/gloo/api/v1/options/grpc_json/grpc_json_pb';
import { REFLECTION_SERVICES } from './reflection-messages';

/** One method of a gRPC service. */
export interface GrpcMethod {
  readonly name: string;
  readonly input: string;
  readonly output: string;
  readonly streaming: boolean;
}

/** One gRPC service: its full name (`package.Service`), package, short name and methods. */
export interface GrpcService {
  readonly fullName: string;
  readonly packageName: string;
  readonly name: string;
  readonly methods: readonly GrpcMethod[];
}

/** A FileDescriptorSet of serialized FileDescriptorProtos: each file once, every dependency before the files importing it. */
export function descriptorSetOf(files: readonly Uint8Array[]): Uint8Array {
  const byName = new Map<string, FileDescriptorProto>();
  for (const bytes of files) {
    const file = fromBinary(FileDescriptorProtoSchema, bytes);
    if (!byName.has(file.name)) byName.set(file.name, file);
  }
  const ordered: FileDescriptorProto[] = [];
  const visited = new Set<string>();
  const visit = (name: string) => {
    const file = byName.get(name);
    if (!file || visited.has(name)) return;
    visited.add(name);
    for (const dep of file.dependency) visit(dep);
    ordered.push(file);
  };
  for (const name of [...byName.keys()].sort()) visit(name);
  return toBinary(FileDescriptorSetSchema, create(FileDescriptorSetSchema, { file: ordered }));
}

/** The services a descriptor set declares (reflection itself left out), sorted by full name. */
export function servicesOf(set: Uint8Array): GrpcService[] {
  const out: GrpcService[] = [];
  for (const file of fromBinary(FileDescriptorSetSchema, set).file) {
    for (const s of file.service) {
      const fullName = file.package ? `${file.package}.${s.name}` : s.name;
      if ((REFLECTION_SERVICES as readonly string[]).includes(fullName)) continue;
      out.push({
        fullName, packageName: file.package, name: s.name,
        methods: s.method.map((m) => ({ name: m.name, input: m.inputType.replace(/^\./, ''), output: m.outputType.replace(/^\./, ''), streaming: m.clientStreaming || m.serverStreaming })),
      });
    }
  }
  return out.sort((a, b) => a.fullName.localeCompare(b.fullName));
}

/**
 * The grpcJsonTranscoder ServiceSpec for discovered services: the descriptor set, the services, and
 * matchIncomingRequestRoute as Gloo writes them; autoMapping on as well, so JSON POSTs to
 * `/package.Service/Method` reach methods that carry no google.api.http rule.
 */
export function grpcTranscoderSpec(set: Uint8Array, services: readonly string[]): GrpcJsonTranscoderJson {
  return { protoDescriptorBin: base64Encode(set), services: [...services], matchIncomingRequestRoute: true, autoMapping: true };
}

/** The services of a grpcJsonTranscoder ServiceSpec's descriptors, or why they cannot be read. */
export function transcoderServices(spec: GrpcJsonTranscoderJson | undefined): GrpcService[] | { readonly error: string } {
  if (!spec?.protoDescriptorBin) return { error: 'the grpcJsonTranscoder has no protoDescriptorBin' };
  try {
    return servicesOf(base64Decode(spec.protoDescriptorBin));
  } catch (err) {
    return { error: `protoDescriptorBin is not a valid FileDescriptorSet: ${(err as Error).message}` };
  }
}
