// Active health checks of an upstream's hosts, after Gloo's createHealthCheckConfig
// (projects/gloo/pkg/translator/clusters.go) and its conversion to Envoy
// (pkg/utils/api_conversion/health_check.go, ToEnvoyHealthCheck; type.go, ToEnvoyHeaderValueOptions):
// HTTP, TCP and gRPC checkers with their intervals and thresholds. Headers from a header Secret are
// added one per key. Custom checkers name extensions the sandbox cannot serve, so they are left out.
// `ignoreHealthOnHostRemoval` is copied as initializeCluster copies it.
import type { HeaderValueOptionJson as GlooHeaderOption } from '../../../gen/solo-kit/api/external/envoy/api/v2/core/base_pb';
import type { HealthCheckJson as GlooHealthCheck, HealthCheck_HttpHealthCheckJson as GlooHttpCheck } from '../../../gen/gloo/api/external/envoy/api/v2/core/health_check_pb';
import type { HeaderValueOptionJson, RequestMethodJson } from '../../../gen/envoy/envoy/config/core/v3/base_pb';
import type { HealthCheckJson, HealthCheck_HttpHealthCheckJson } from '../../../gen/envoy/envoy/config/core/v3/health_check_pb';
import type { GlooView } from '../../gloo/gloo-objects';
import type { Plugin, UpstreamSecretRef, UpstreamSpec } from '../plugin';
import { healthCheckIssues, METHODS } from './health-check-problems';
import { refKey, resolveRef } from '../../../model/resource';

/** The fields Gloo and Envoy name alike (durations, thresholds, flags), without the unset ones. */
function sharedFields(hc: GlooHealthCheck): HealthCheckJson {
  const { timeout, interval, initialJitter, intervalJitter, intervalJitterPercent, unhealthyThreshold, healthyThreshold, reuseConnection } = hc;
  const { noTrafficInterval, unhealthyInterval, unhealthyEdgeInterval, healthyEdgeInterval, eventLogPath, alwaysLogHealthCheckFailures } = hc;
  const all: HealthCheckJson = { timeout, interval, initialJitter, intervalJitter, intervalJitterPercent, unhealthyThreshold, healthyThreshold, reuseConnection };
  Object.assign(all, { noTrafficInterval, unhealthyInterval, unhealthyEdgeInterval, healthyEdgeInterval, eventLogPath, alwaysLogHealthCheckFailures } satisfies HealthCheckJson);
  return Object.fromEntries(Object.entries(all).filter(([, v]) => v !== undefined)) as HealthCheckJson;
}

/** Envoy header options of Gloo's: `append: false` overwrites, anything else appends; a header Secret gives one option per header. */
export function headerOptions(list: readonly GlooHeaderOption[] | undefined, view: GlooView, namespace: string): HeaderValueOptionJson[] {
  const out: HeaderValueOptionJson[] = [];
  for (const o of list ?? []) {
    const appendAction = o.append === false ? 'OVERWRITE_IF_EXISTS_OR_ADD' : 'APPEND_IF_EXISTS_OR_ADD';
    if (o.header) out.push({ header: { key: o.header.key ?? '', value: o.header.value ?? '' }, appendAction });
    else if (o.headerSecretRef) {
      const headers = view.secrets.get(refKey(resolveRef('Secret', o.headerSecretRef, namespace)))?.resource.spec.header?.headers ?? {};
      for (const [key, value] of Object.entries(headers)) out.push({ header: { key, value }, appendAction });
    }
  }
  return out;
}

function httpChecker(h: GlooHttpCheck, view: GlooView, namespace: string): HealthCheck_HttpHealthCheckJson {
  const out: HealthCheck_HttpHealthCheckJson = { path: h.path ?? '' };
  if (h.host) out.host = h.host;
  const add = headerOptions(h.requestHeadersToAdd, view, namespace);
  if (add.length) out.requestHeadersToAdd = add;
  if (h.requestHeadersToRemove?.length) out.requestHeadersToRemove = [...h.requestHeadersToRemove];
  if (h.expectedStatuses?.length) out.expectedStatuses = h.expectedStatuses.map((r) => ({ start: String(r.start ?? 0), end: String(r.end ?? 0) }));
  const raw: unknown = h.method;
  const method = typeof raw === 'number' ? METHODS[raw] : (raw as RequestMethodJson | undefined);
  if (method && method !== 'METHOD_UNSPECIFIED') out.method = method;
  if (h.useHttp2) out.codecClientType = 'HTTP2';
  if (h.serviceName) out.serviceNameMatcher = { prefix: h.serviceName };
  return out;
}

/** The Envoy health check of a Gloo one, or undefined for a custom checker (left out). */
export function envoyHealthCheck(hc: GlooHealthCheck, view: GlooView, namespace: string): HealthCheckJson | undefined {
  const out = sharedFields(hc);
  if (hc.httpHealthCheck) out.httpHealthCheck = httpChecker(hc.httpHealthCheck, view, namespace);
  else if (hc.tcpHealthCheck) {
    const t = hc.tcpHealthCheck;
    out.tcpHealthCheck = { ...(t.send ? { send: { text: t.send.text ?? '' } } : {}), ...(t.receive?.length ? { receive: t.receive.map((p) => ({ text: p.text ?? '' })) } : {}) };
  } else if (hc.grpcHealthCheck) {
    const g = hc.grpcHealthCheck;
    const metadata = headerOptions(g.initialMetadata, view, namespace);
    out.grpcHealthCheck = { ...(g.serviceName ? { serviceName: g.serviceName } : {}), ...(g.authority ? { authority: g.authority } : {}), ...(metadata.length ? { initialMetadata: metadata } : {}) };
  } else return undefined;
  return out;
}

/** The header Secrets the health checks name. */
function secretRefs(spec: UpstreamSpec): UpstreamSecretRef[] {
  const out: UpstreamSecretRef[] = [];
  (spec.healthChecks ?? []).forEach((hc, i) => {
    const lists: [string, readonly GlooHeaderOption[] | undefined][] = [
      [`healthChecks[${i}].httpHealthCheck.requestHeadersToAdd`, hc.httpHealthCheck?.requestHeadersToAdd],
      [`healthChecks[${i}].grpcHealthCheck.initialMetadata`, hc.grpcHealthCheck?.initialMetadata],
    ];
    for (const [field, list] of lists) list?.forEach((o, j) => o.headerSecretRef && out.push({ field: `${field}[${j}].headerSecretRef`, ref: o.headerSecretRef, kind: 'header' }));
  });
  return out;
}

/** The health checks plugin. */
export const healthChecksPlugin: Plugin = {
  name: 'health-checks',
  upstreamFields: ['healthChecks', 'ignoreHealthOnHostRemoval'],
  checkUpstream: (spec) => healthCheckIssues(spec),
  upstreamSecretRefs: secretRefs,
  cluster(spec, out, ctx) {
    // initializeCluster copies it as it is: hosts EDS removes leave at once, whatever their health.
    if (spec.ignoreHealthOnHostRemoval) out.ignoreHealthOnHostRemoval = true;
    const checks = (spec.healthChecks ?? []).map((hc) => envoyHealthCheck(hc, ctx.view, ctx.namespace)).filter((hc): hc is HealthCheckJson => hc !== undefined);
    if (checks.length) out.healthChecks = checks;
  },
};
