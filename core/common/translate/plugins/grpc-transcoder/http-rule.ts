// A google.api.http rule added to one method of a descriptor set, so that Envoy's gRPC-JSON transcoder
// maps a route's own path to that method (as Gloo's grpc plugin does for destinationSpec.grpc:
// projects/gloo/pkg/plugins/grpc/plugin.go, addHttpRulesToProto). The rule is the MethodOptions
// extension 72295728 (google/api/annotations.proto), written as an unknown field: `post: <path>`, `body: "*"`.
import { create, fromBinary, toBinary } from '@bufbuild/protobuf';
import { BinaryWriter, WireType } from '@bufbuild/protobuf/wire';
import { FileDescriptorSetSchema, MethodOptionsSchema } from '@bufbuild/protobuf/wkt';

/** The field number of the google.api.http extension of MethodOptions. */
const HTTP_RULE_EXTENSION = 72295728;

/** The set with `package.Service/Method` mapped from `POST <path>` (body `*`); the set unchanged when the method is not in it. */
export function withHttpRule(set: Uint8Array, service: string, method: string, path: string): Uint8Array {
  const parsed = fromBinary(FileDescriptorSetSchema, set);
  for (const file of parsed.file) {
    for (const s of file.service) {
      if ((file.package ? `${file.package}.${s.name}` : s.name) !== service) continue;
      const m = s.method.find((x) => x.name === method);
      if (!m) continue;
      const rule = new BinaryWriter().tag(4, WireType.LengthDelimited).string(path).tag(7, WireType.LengthDelimited).string('*').finish();
      const options = m.options ?? create(MethodOptionsSchema);
      options.$unknown = [...(options.$unknown ?? []).filter((u) => u.no !== HTTP_RULE_EXTENSION), { no: HTTP_RULE_EXTENSION, wireType: WireType.LengthDelimited, data: new BinaryWriter().bytes(rule).finish() }];
      m.options = options;
      return toBinary(FileDescriptorSetSchema, parsed);
    }
  }
  return set;
}
