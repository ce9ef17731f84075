// Problems of an Upstream's health checks: what Gloo's createHealthCheckConfig refuses (no
// thresholds, no checker, the CONNECT method), what Envoy's validation refuses (no timeout or
// interval, an empty HTTP path, statuses outside 100-599, payloads that are not hex, gRPC checks of a
// cluster that does not speak HTTP/2), and the parts the sandbox leaves out.
import type { HeaderValueOptionJson as GlooHeaderOption } from '../../../gen/solo-kit/api/external/envoy/api/v2/core/base_pb';
import type { HealthCheckJson as GlooHealthCheck } from '../../../gen/gloo/api/external/envoy/api/v2/core/health_check_pb';
import type { RequestMethodJson } from '../../../gen/envoy/envoy/config/core/v3/base_pb';
import { durationProblem } from '../../durations';
import type { Issue } from '../../served';
import type { UpstreamSpec } from '../plugin';

/** Request methods by their enum number. */
export const METHODS: readonly RequestMethodJson[] = ['METHOD_UNSPECIFIED', 'GET', 'HEAD', 'POST', 'PUT', 'DELETE', 'CONNECT', 'OPTIONS', 'TRACE', 'PATCH'];

const DURATIONS = ['timeout', 'interval', 'initialJitter', 'intervalJitter', 'noTrafficInterval', 'unhealthyInterval', 'unhealthyEdgeInterval', 'healthyEdgeInterval'] as const;
const HEX = /^([0-9a-fA-F]{2})+$/;

function headerProblems(list: readonly GlooHeaderOption[] | undefined, field: string): string[] {
  const out: string[] = [];
  list?.forEach((o, j) => {
    const key = o.header?.key ?? '';
    if (o.header && (key.startsWith(':') || key.toLowerCase() === 'host')) out.push(`${field}[${j}]: the "${key}" header may not be set (pseudo-headers and Host are Envoy's)`);
    else if (o.header && !key) out.push(`${field}[${j}]: header key is required`);
  });
  return out;
}

function checkerProblems(hc: GlooHealthCheck, at: string, spec: UpstreamSpec): string[] {
  const out: string[] = [];
  const h = hc.httpHealthCheck;
  if (h) {
    if (!h.path) out.push(`${at}.httpHealthCheck.path is required`);
    const m: unknown = h.method;
    if (m === 'CONNECT' || m === METHODS.indexOf('CONNECT')) out.push(`${at}.httpHealthCheck.method CONNECT is not allowed on HTTP health checks`);
    h.expectedStatuses?.forEach((r, j) => {
      const start = Number(r.start ?? 0);
      const end = Number(r.end ?? 0);
      if (!(start >= 100 && end <= 600 && start < end)) out.push(`${at}.httpHealthCheck.expectedStatuses[${j}] [${start}, ${end}) is not a range of HTTP statuses within [100, 600)`);
    });
    out.push(...headerProblems(h.requestHeadersToAdd, `${at}.httpHealthCheck.requestHeadersToAdd`));
  }
  const hex = (field: string, text: string | undefined) => {
    if (!HEX.test(text ?? '')) out.push(`${at}.tcpHealthCheck.${field}.text "${text ?? ''}" is not hex-encoded bytes (e.g. "50494e47" for PING)`);
  };
  if (hc.tcpHealthCheck?.send) hex('send', hc.tcpHealthCheck.send.text);
  hc.tcpHealthCheck?.receive?.forEach((r, j) => hex(`receive[${j}]`, r.text));
  if (hc.grpcHealthCheck) {
    if (!spec.useHttp2) out.push(`${at}.grpcHealthCheck needs useHttp2: true (gRPC health checks speak HTTP/2)`);
    out.push(...headerProblems(hc.grpcHealthCheck.initialMetadata, `${at}.grpcHealthCheck.initialMetadata`));
  }
  return out;
}

/** Errors and warnings of an Upstream's health checks. */
export function healthCheckIssues(spec: UpstreamSpec): Issue[] {
  const errors: string[] = [];
  const warnings: string[] = [];
  (spec.healthChecks ?? []).forEach((hc, i) => {
    const at = `healthChecks[${i}]`;
    // createHealthCheckConfig: "The field HealthCheck[i].HealthyThreshold cannot be nil", and the same for the rest.
    if (hc.healthyThreshold === undefined) errors.push(`${at}.healthyThreshold is required`);
    if (hc.unhealthyThreshold === undefined) errors.push(`${at}.unhealthyThreshold is required`);
    for (const f of ['timeout', 'interval'] as const) {
      const v = hc[f];
      if (!v) errors.push(`${at}.${f} is required`);
      else if (Number(v.slice(0, -1)) === 0) errors.push(`${at}.${f} must be above 0s`);
    }
    for (const f of DURATIONS) {
      const bad = durationProblem(`${at}.${f}`, hc[f]);
      if (bad) errors.push(bad);
    }
    if (hc.customHealthCheck) warnings.push(`${at}.customHealthCheck is not translated: custom health checkers are Envoy extensions the sandbox does not serve; this health check is left out`);
    else if (!hc.httpHealthCheck && !hc.tcpHealthCheck && !hc.grpcHealthCheck) errors.push(`${at} has no health checker: set httpHealthCheck, tcpHealthCheck or grpcHealthCheck`);
    errors.push(...checkerProblems(hc, at, spec));
    if (hc.httpHealthCheck?.responseAssertions) warnings.push(`${at}.httpHealthCheck.responseAssertions is not translated: response assertions are a Gloo Enterprise feature; the status codes alone decide health`);
  });
  return [...errors.map((message): Issue => ({ severity: 'error', message })), ...warnings.map((message): Issue => ({ severity: 'warning', message }))];
}
