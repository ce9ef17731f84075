import { fromBinary } from '@bufbuild/protobuf';
import { base64Decode } from '@bufbuild/protobuf/wire';
import { FileDescriptorSetSchema } from '@bufbuild/protobuf/wkt';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import type { Resource } from '../../../model/resource';
import type { EnvoyCluster, EnvoyRoute } from '../envoy';
import { grpcTranscoderPlugin } from './grpc-transcoder';
import { withHttpRule } from './http-rule';

// The greeter Upstream of the function-routing golden: descriptors as gRPC reflection gave them.
const docs = readFileSync(new URL('../../../../../fixtures/golden/function-routing/input/config.yaml', import.meta.url), 'utf8').split('\n---\n').map((d) => parse(d));
const greeterDoc = docs.find((d) => d.metadata.name === 'greeter');
const greeter = { kind: 'Upstream', metadata: greeterDoc.metadata, spec: greeterDoc.spec } as Resource<'Upstream'>;
const descriptors = greeter.spec.static!.serviceSpec!.grpcJsonTranscoder!.protoDescriptorBin!;
const check = { regex: () => undefined, field: '' };
const ctx = { view: { upstreams: new Map(), groups: new Map(), secrets: new Map(), endpointsByUpstream: new Map(), existing: new Set<string>() }, useFilter: () => undefined };
const grpcTo = (service: string, fn: string) => ({ upstream: { name: 'greeter' }, destinationSpec: { grpc: { package: 'hello.v1', service, function: fn } } });

describe('gRPC functions and JSON transcoding', () => {
  it('an Upstream with descriptors speaks HTTP/2 to its hosts', () => {
    const out: EnvoyCluster = { name: 'greeter_gloo-system' };
    grpcTranscoderPlugin.cluster!(greeter.spec, out, { ...ctx, namespace: 'gloo-system', addSecret: () => undefined });
    expect(JSON.stringify(out.typedExtensionProtocolOptions)).toContain('"explicitHttpConfig":{"http2ProtocolOptions":{}}');
  });

  it('a route to a gRPC function gets an optional per-route transcoder for its service, mapped from the route\'s path', () => {
    let used = false;
    const out: EnvoyRoute = { match: { path: '/hello' }, route: { cluster: 'greeter_gloo-system' } };
    grpcTranscoderPlugin.destination!(grpcTo('Greeter', 'SayHello'), greeter, out, { ...ctx, useFilter: () => { used = true; } });
    expect(used).toBe(true);
    const wrapped = out.typedPerFilterConfig?.['envoy.filters.http.grpc_json_transcoder'] as { '@type': string; isOptional: boolean; config: { services: string[]; protoDescriptorBin: string } };
    expect(wrapped['@type']).toBe('type.googleapis.com/envoy.config.route.v3.FilterConfig');
    expect(wrapped.isOptional).toBe(true);
    expect(wrapped.config.services).toEqual(['hello.v1.Greeter']);
    const method = fromBinary(FileDescriptorSetSchema, base64Decode(wrapped.config.protoDescriptorBin)).file.flatMap((f) => f.service).flatMap((s) => s.method).find((m) => m.name === 'SayHello');
    expect(method?.options?.$unknown?.[0].no).toBe(72295728);
  });

  it('an unknown service or method is an error with the closest name', () => {
    expect(grpcTranscoderPlugin.checkDestination!(grpcTo('Greeter', 'SayHelo'), greeter, check)).toEqual([{ severity: 'error', message: 'destinationSpec.grpc.function: service hello.v1.Greeter has no method "SayHelo"; did you mean "SayHello"?' }]);
    expect(grpcTranscoderPlugin.checkDestination!(grpcTo('Greter', 'SayHello'), greeter, check)[0].message).toBe('destinationSpec.grpc: Upstream gloo-system/greeter has no service "hello.v1.Greter"; did you mean "hello.v1.Greeter"?');
  });

  it('descriptors that do not parse, or services not in them, are errors on the Upstream', () => {
    const bad = (t: object) => ({ static: { hosts: [{ addr: '127.0.0.1', port: 1 }], serviceSpec: { grpcJsonTranscoder: t } } });
    expect(grpcTranscoderPlugin.checkUpstream!(bad({ protoDescriptorBin: 'AAAA' }), check)[0].message).toMatch(/^serviceSpec.grpcJsonTranscoder: protoDescriptorBin is not a valid FileDescriptorSet/);
    expect(grpcTranscoderPlugin.checkUpstream!(bad({ protoDescriptorBin: descriptors, services: ['hello.v1.Greet'] }), check)).toEqual([
      { severity: 'error', message: 'serviceSpec.grpcJsonTranscoder.services: "hello.v1.Greet" is not in protoDescriptorBin; did you mean "hello.v1.Greeter"?' },
    ]);
  });

  it('adding an HTTP rule to a method not in the set leaves the set as it is', () => {
    const set = base64Decode(descriptors);
    expect(withHttpRule(set, 'hello.v1.Greeter', 'Nope', '/x')).toBe(set);
  });
});
