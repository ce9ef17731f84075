// The gRPC server reflection protocol's messages (grpc/reflection/v1/reflection.proto; v1alpha has the
// same fields), encoded and decoded by hand: a request lists services or asks for the file declaring a
// symbol, a response carries service names, serialized FileDescriptorProtos, or an error.
import { BinaryReader, BinaryWriter, WireType } from '@bufbuild/protobuf/wire';

/** The reflection service's full names, newest first. */
export const REFLECTION_SERVICES = ['grpc.reflection.v1.ServerReflection', 'grpc.reflection.v1alpha.ServerReflection'] as const;

/** One ServerReflectionRequest. */
export type ReflectionRequest = { readonly listServices: true } | { readonly fileContainingSymbol: string } | { readonly fileByFilename: string };

/** One ServerReflectionResponse, reduced to what discovery reads. */
export interface ReflectionResponse {
  readonly services?: readonly string[];
  readonly files?: readonly Uint8Array[];
  readonly error?: { readonly code: number; readonly message: string };
}

/** Encodes a ServerReflectionRequest (file_by_filename = 3, file_containing_symbol = 4, list_services = 7). */
export function encodeReflectionRequest(req: ReflectionRequest): Uint8Array {
  const w = new BinaryWriter();
  if ('listServices' in req) w.tag(7, WireType.LengthDelimited).string('*');
  else if ('fileByFilename' in req) w.tag(3, WireType.LengthDelimited).string(req.fileByFilename);
  else w.tag(4, WireType.LengthDelimited).string(req.fileContainingSymbol);
  return w.finish();
}

/** Decodes a ServerReflectionResponse (file_descriptor_response = 4, list_services_response = 6, error_response = 7). */
export function decodeReflectionResponse(bytes: Uint8Array): ReflectionResponse {
  const r = new BinaryReader(bytes);
  let services: string[] | undefined;
  let files: Uint8Array[] | undefined;
  let error: { code: number; message: string } | undefined;
  while (r.pos < r.len) {
    const [no, type] = r.tag();
    if (no === 4 && type === WireType.LengthDelimited) files = repeatedBytes(r.bytes(), 1);
    else if (no === 6 && type === WireType.LengthDelimited) services = repeatedBytes(r.bytes(), 1).map((s) => nameOf(s));
    else if (no === 7 && type === WireType.LengthDelimited) error = errorOf(r.bytes());
    else r.skip(type, no);
  }
  return { ...(services ? { services } : {}), ...(files ? { files } : {}), ...(error ? { error } : {}) };
}

/** Every length-delimited value of field `field` in a message. */
function repeatedBytes(bytes: Uint8Array, field: number): Uint8Array[] {
  const r = new BinaryReader(bytes);
  const out: Uint8Array[] = [];
  while (r.pos < r.len) {
    const [no, type] = r.tag();
    if (no === field && type === WireType.LengthDelimited) out.push(r.bytes());
    else r.skip(type, no);
  }
  return out;
}

/** ServiceResponse.name (field 1). */
function nameOf(bytes: Uint8Array): string {
  const r = new BinaryReader(bytes);
  let name = '';
  while (r.pos < r.len) {
    const [no, type] = r.tag();
    if (no === 1 && type === WireType.LengthDelimited) name = r.string();
    else r.skip(type, no);
  }
  return name;
}

/** ErrorResponse: error_code = 1, error_message = 2. */
function errorOf(bytes: Uint8Array): { code: number; message: string } {
  const r = new BinaryReader(bytes);
  let code = 0;
  let message = '';
  while (r.pos < r.len) {
    const [no, type] = r.tag();
    if (no === 1 && type === WireType.Varint) code = r.int32();
    else if (no === 2 && type === WireType.LengthDelimited) message = r.string();
    else r.skip(type, no);
  }
  return { code, message };
}
