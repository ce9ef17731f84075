// Where an Upstream keeps its ServiceSpec (inside its type: `static.serviceSpec`, `kube.serviceSpec`, as
// Gloo's ServiceSpecGetter/Setter do) and where function discovery may probe it.
import type { ServiceSpecJson } from '../gen/gloo/api/v1/options/service_spec_pb';
import type { Resource } from '../model/resource';

/** The spec of an Upstream. */
export type UpstreamSpec = Resource<'Upstream'>['spec'];

/** The ServiceSpec of an Upstream, when its type has one. */
export function serviceSpecOf(spec: UpstreamSpec): ServiceSpecJson | undefined {
  return spec.static?.serviceSpec ?? spec.kube?.serviceSpec ?? undefined;
}

/** Whether routes read the Upstream's functions: it has a ServiceSpec, or it is an AWS Lambda Upstream (`aws`, with or without lambdaFunctions). */
export function hasFunctions(spec: UpstreamSpec): boolean {
  return !!serviceSpecOf(spec) || !!spec.aws;
}

/** The spec with its ServiceSpec replaced (removed when `serviceSpec` is undefined); specs of types without one are returned as they are. */
export function withServiceSpec(spec: UpstreamSpec, serviceSpec: ServiceSpecJson | undefined): UpstreamSpec {
  if (spec.static) {
    const { serviceSpec: _old, ...rest } = spec.static;
    return { ...spec, static: serviceSpec ? { ...rest, serviceSpec } : rest };
  }
  if (spec.kube) {
    const { serviceSpec: _old, ...rest } = spec.kube;
    return { ...spec, kube: serviceSpec ? { ...rest, serviceSpec } : rest };
  }
  return spec;
}

/** Where function discovery can reach an Upstream from this machine, or why it cannot. */
export type ProbeTarget =
  | { readonly host: string; readonly port: number; readonly tls: boolean }
  | { readonly unreachable: string };

/** The first static host of an Upstream (TLS when useTls is set or the port is 443); other types cannot be probed from here. */
export function probeTargetOf(spec: UpstreamSpec): ProbeTarget {
  if (spec.static) {
    const host = spec.static.hosts?.[0];
    if (!host?.addr || !host.port) return { unreachable: 'the Upstream has no host to probe' };
    const tls = spec.static.useTls ?? host.port === 443;
    return { host: host.addr, port: host.port, tls };
  }
  if (spec.kube) return { unreachable: 'a Kubernetes Service is not reachable from this machine' };
  return { unreachable: 'only static Upstreams can be probed' };
}
