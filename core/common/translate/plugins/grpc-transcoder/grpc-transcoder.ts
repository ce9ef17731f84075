// gRPC functions and JSON transcoding, after Gloo's grpcjson plugin (projects/gloo/pkg/plugins/grpcjson/plugin.go:
// ProcessUpstream turns an Upstream's grpcJsonTranscoder ServiceSpec into Envoy's grpc_json_transcoder
// config and gives the cluster HTTP/2; ProcessRoute puts that config on every route to the Upstream;
// HttpFilters adds the filter, BeforeStage(OutAuthStage)). A destinationSpec.grpc names one method: its
// service must be in the descriptors (an unknown one is an error with the closest name), the route's
// config lists only that service, and the method is also mapped from the route's own path (POST, as
// Gloo's grpc plugin does). The filter and the per-route configs are optional, so proxyless gRPC
// clients, which lack the filter, ignore them (gRFC A39) and call the methods directly.
import { base64Decode, base64Encode } from '@bufbuild/protobuf/wire';
import { transcoderServices, type GrpcService } from '../../../discovery/grpc-descriptors';
import { serviceSpecOf } from '../../../discovery/service-spec';
import type { GrpcJsonTranscoderJson as GlooTranscoder } from '../../../gen/gloo/api/v1/options/grpc_json/grpc_json_pb';
import type { GrpcJsonTranscoderJson as EnvoyTranscoder } from '../../../gen/envoy/envoy/extensions/filters/http/grpc_json_transcoder/v3/transcoder_pb';
import type { FilterConfigJson } from '../../../gen/envoy/envoy/config/route/v3/route_components_pb';
import type { DestinationJson } from '../../../gen/gloo/api/v1/proxy_pb';
import { closestName } from '../../../model/did-you-mean';
import type { Resource } from '../../../model/resource';
import { packAny, typeUrl } from '../../../xds/envoy-any';
import { httpProtocolOptionsOf } from '../http-protocol/http-protocol';
import type { Issue } from '../../served';
import { FilterStage, type Plugin, type UpstreamSpec } from '../plugin';
import { setPerFilterConfig } from '../per-filter-config';
import type { EnvoyRoute } from '../envoy';
import { withHttpRule } from './http-rule';

/** The transcoder's HTTP filter name. */
export const TRANSCODER_FILTER = 'envoy.filters.http.grpc_json_transcoder';
const TRANSCODER_TYPE = typeUrl<EnvoyTranscoder>('envoy.extensions.filters.http.grpc_json_transcoder.v3.GrpcJsonTranscoder');
const FILTER_CONFIG_TYPE = typeUrl<FilterConfigJson>('envoy.config.route.v3.FilterConfig');
const FIELD = 'destinationSpec.grpc';

function transcoderOf(spec: UpstreamSpec): GlooTranscoder | undefined {
  return serviceSpecOf(spec)?.grpcJsonTranscoder;
}

/** Envoy's transcoder config of Gloo's (translateGlooToEnvoyGrpcJson); a config map is not read here. */
export function envoyTranscoder(t: GlooTranscoder, services = t.services ?? [], descriptor = t.protoDescriptorBin): EnvoyTranscoder {
  const out: EnvoyTranscoder = descriptor ? { protoDescriptorBin: descriptor } : { protoDescriptor: t.protoDescriptor ?? '' };
  out.services = [...services];
  if (t.printOptions) out.printOptions = { ...t.printOptions };
  for (const f of ['matchIncomingRequestRoute', 'autoMapping', 'ignoreUnknownQueryParameters', 'convertGrpcStatus'] as const) if (t[f]) out[f] = true;
  if (t.ignoredQueryParameters?.length) out.ignoredQueryParameters = [...t.ignoredQueryParameters];
  return out;
}

function checkUpstream(spec: UpstreamSpec): Issue[] {
  if (serviceSpecOf(spec)?.grpc) return [{ severity: 'warning', message: 'serviceSpec.grpc (Gloo\'s deprecated gRPC API) is not translated: use serviceSpec.grpcJsonTranscoder, which function discovery writes' }];
  const t = transcoderOf(spec);
  if (!t) return [];
  if (t.protoDescriptorConfigMap) return [{ severity: 'warning', message: 'serviceSpec.grpcJsonTranscoder.protoDescriptorConfigMap is not translated: put the descriptor set in protoDescriptorBin' }];
  if (!t.protoDescriptorBin) return [];
  const services = transcoderServices(t);
  if ('error' in services) return [{ severity: 'error', message: `serviceSpec.grpcJsonTranscoder: ${services.error}` }];
  const names = services.map((s) => s.fullName);
  return (t.services ?? []).filter((s) => !names.includes(s)).map((s) => ({ severity: 'error' as const, message: `serviceSpec.grpcJsonTranscoder.services: "${s}" is not in protoDescriptorBin${hint(s, names)}` }));
}

function hint(name: string, names: readonly string[]): string {
  const near = closestName(name, names);
  return near ? `; did you mean "${near}"?` : names.length ? ` (it has ${names.join(', ')})` : '';
}

/** The service and method a destinationSpec.grpc names, or the error saying why it cannot be routed. */
function grpcTarget(dest: DestinationJson, upstream: Resource<'Upstream'> | undefined): { service: GrpcService; method: string; t: GlooTranscoder } | { problem: string } | undefined {
  const g = dest.destinationSpec?.grpc;
  if (!g || !upstream) return undefined;
  const t = transcoderOf(upstream.spec);
  const name = `${upstream.metadata.namespace}/${upstream.metadata.name}`;
  if (!t?.protoDescriptorBin) return { problem: `Upstream ${name} has no gRPC descriptors (serviceSpec.grpcJsonTranscoder.protoDescriptorBin); function discovery writes them when the service has server reflection` };
  const services = transcoderServices(t);
  if ('error' in services) return { problem: `Upstream ${name}: ${services.error}` };
  const full = g.package ? `${g.package}.${g.service ?? ''}` : g.service ?? '';
  const service = services.find((s) => s.fullName === full);
  if (!service) return { problem: `${FIELD}: Upstream ${name} has no service "${full}"${hint(full, services.map((s) => s.fullName))}` };
  const methods = service.methods.map((m) => m.name);
  if (!g.function || !methods.includes(g.function)) return { problem: `${FIELD}.function: service ${full} has no method "${g.function ?? ''}"${hint(g.function ?? '', methods)}` };
  return { service, method: g.function, t };
}

/** The per-route transcoder config of a route to a destination on an Upstream with descriptors: for a named function, only its service, mapped from the route's path. */
function transcoderConfig(dest: DestinationJson, upstream: Resource<'Upstream'> | undefined, out: EnvoyRoute): ReturnType<typeof packAny> | undefined {
  const t = upstream ? transcoderOf(upstream.spec) : undefined;
  if (!t?.protoDescriptorBin) return undefined;
  const target = grpcTarget(dest, upstream);
  if (target && 'problem' in target) return undefined;
  let config = envoyTranscoder(t);
  if (target) {
    const path = out.match?.path ?? (out.match?.prefix !== undefined ? out.match.prefix.replace(/(.)\/$/, '$1') : undefined);
    const set = path ? withHttpRule(base64Decode(t.protoDescriptorBin), target.service.fullName, target.method, path) : undefined;
    config = envoyTranscoder(t, [target.service.fullName], set ? base64Encode(set) : t.protoDescriptorBin);
  }
  return packAny(FILTER_CONFIG_TYPE, { config: packAny(TRANSCODER_TYPE, config), isOptional: true });
}

/** The gRPC transcoder plugin. */
export const grpcTranscoderPlugin: Plugin = {
  name: 'grpc-transcoder',
  upstreamFields: ['static', 'kube'],
  checkUpstream: (spec) => checkUpstream(spec),
  cluster(spec, out) {
    if (!transcoderOf(spec)?.protoDescriptorBin) return;
    // GRPC transcoding always requires http2 (grpcjson ProcessUpstream).
    const options = httpProtocolOptionsOf(out);
    if (!options.useDownstreamProtocolConfig && !options.explicitHttpConfig?.http2ProtocolOptions) options.explicitHttpConfig = { http2ProtocolOptions: {} };
  },
  checkDestination(dest, upstream) {
    const target = grpcTarget(dest, upstream);
    return target && 'problem' in target ? [{ severity: 'error', message: target.problem }] : [];
  },
  destination(dest, upstream, out, ctx) {
    if (!out.route) return;
    const config = transcoderConfig(dest, upstream, out);
    if (!config) return;
    setPerFilterConfig(out, TRANSCODER_FILTER, config);
    ctx.useFilter();
  },
  // Each weighted destination naming a gRPC function gets its own config on its weighted cluster.
  weightedDestinations(targets, out, ctx) {
    const clusters = out.route?.weightedClusters?.clusters ?? [];
    targets.forEach((t, i) => {
      const config = t.dest.destination?.destinationSpec?.grpc && clusters[i] ? transcoderConfig(t.dest.destination, t.upstream, out) : undefined;
      if (!config) return;
      setPerFilterConfig(clusters[i], TRANSCODER_FILTER, config);
      ctx.useFilter();
    });
  },
  // Listed with no services, the filter does nothing until a route's config names some.
  httpFilter: { stage: FilterStage.OutAuth, weight: -1, filter: { name: TRANSCODER_FILTER, typedConfig: packAny(TRANSCODER_TYPE, { protoDescriptorBin: '', services: [] }), isOptional: true } },
};
