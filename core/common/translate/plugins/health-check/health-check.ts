// Health checks answered by Envoy itself, after Gloo's healthcheck plugin (projects/gloo/pkg/plugins/
// healthcheck/plugin.go: HttpFilters): `httpGateway.options.healthCheck.path` becomes Envoy's
// health_check filter, not in pass-through mode, matching that exact path, so Envoy answers 200 (503
// while draining) without forwarding. Gloo stages it after authorization. Gloo matches with the
// deprecated exact_match; the sandbox writes the same match as string_match.exact.
import type { HealthCheckJson } from '../../../gen/envoy/envoy/extensions/filters/http/health_check/v3/health_check_pb';
import { packAny, typeUrl } from '../../../xds/envoy-any';
import type { Plugin } from '../plugin';
import { FilterStage } from '../plugin';

/** Name of Envoy's health check HTTP filter. */
export const HEALTH_CHECK_FILTER = 'envoy.filters.http.health_check';
const HEALTH_CHECK_TYPE = typeUrl<HealthCheckJson>('envoy.extensions.filters.http.health_check.v3.HealthCheck');

/** Envoy's health check filter config answering on `path`. */
export function healthCheckConfig(path: string): HealthCheckJson {
  return { passThroughMode: false, headers: [{ name: ':path', stringMatch: { exact: path } }] };
}

/** The health check plugin. */
export const healthCheckPlugin: Plugin = {
  name: 'health-check',
  httpListenerOptions: ['healthCheck'],
  checkHttpListener: (o, ctx) => (o.healthCheck && !o.healthCheck.path ? [{ severity: 'error', message: `${ctx.field}.healthCheck.path is required: it is the path Envoy answers health checks on` }] : []),
  listenerHttpFilters: (o) =>
    o.healthCheck?.path ? [{ stage: FilterStage.AuthZ, weight: 1, filter: { name: HEALTH_CHECK_FILTER, typedConfig: packAny(HEALTH_CHECK_TYPE, healthCheckConfig(o.healthCheck.path)) } }] : [],
};
