import { describe, expect, it } from 'vitest';
import type { HealthCheckJson } from '../../../gen/gloo/api/external/envoy/api/v2/core/health_check_pb';
import type { HealthCheckJson as EnvoyHealthCheck } from '../../../gen/envoy/envoy/config/core/v3/health_check_pb';
import { createPipeline } from '../../pipeline';
import { translateUpstreamAlone } from '../../testing/clusters';
import { obj, snapshot } from '../../testing/objects';
import type { UpstreamSpec } from '../plugin';

const timing = { timeout: '1s', interval: '5s', healthyThreshold: 1, unhealthyThreshold: 3 };

function translate(healthChecks: HealthCheckJson[], more: Partial<UpstreamSpec> = {}, others: Parameters<typeof translateUpstreamAlone>[1] = []) {
  return translateUpstreamAlone(obj('Upstream', 'svc', { static: { hosts: [{ addr: '10.0.0.7', port: 8080 }] }, healthChecks, ...more }), others);
}

describe('health checks plugin', () => {
  it('translates an HTTP check with its path, host, method, statuses, headers and HTTP/2 codec', () => {
    const { cluster, status } = translate([
      {
        ...timing,
        reuseConnection: false,
        httpHealthCheck: {
          path: '/healthz', host: 'svc.local', method: 'HEAD', useHttp2: true, serviceName: 'svc',
          expectedStatuses: [{ start: '200', end: '300' }],
          requestHeadersToAdd: [{ header: { key: 'x-probe', value: '1' } }, { header: { key: 'x-once', value: 'y' }, append: false }],
          requestHeadersToRemove: ['x-drop'],
        },
      },
    ]);
    expect(status.state).toBe('Accepted');
    expect(cluster?.healthChecks).toEqual([
      {
        ...timing,
        reuseConnection: false,
        httpHealthCheck: {
          path: '/healthz', host: 'svc.local', method: 'HEAD', codecClientType: 'HTTP2', serviceNameMatcher: { prefix: 'svc' },
          expectedStatuses: [{ start: '200', end: '300' }],
          requestHeadersToAdd: [{ header: { key: 'x-probe', value: '1' }, appendAction: 'APPEND_IF_EXISTS_OR_ADD' }, { header: { key: 'x-once', value: 'y' }, appendAction: 'OVERWRITE_IF_EXISTS_OR_ADD' }],
          requestHeadersToRemove: ['x-drop'],
        },
      },
    ]);
  });

  it('translates TCP checks with hex payloads and gRPC checks of an HTTP/2 upstream', () => {
    const { cluster, status } = translate(
      [
        { ...timing, tcpHealthCheck: { send: { text: '50494e47' }, receive: [{ text: '504f4e47' }] } },
        { ...timing, noTrafficInterval: '60s', grpcHealthCheck: { serviceName: 'grpc.health.v1.Health', authority: 'svc' } },
      ],
      { useHttp2: true },
    );
    expect(status.state).toBe('Accepted');
    expect(cluster?.healthChecks).toEqual([
      { ...timing, tcpHealthCheck: { send: { text: '50494e47' }, receive: [{ text: '504f4e47' }] } },
      { ...timing, noTrafficInterval: '60s', grpcHealthCheck: { serviceName: 'grpc.health.v1.Health', authority: 'svc' } },
    ]);
  });

  it('adds every header of a header Secret, and rejects a reference to a Secret of another kind', () => {
    const headers = obj('Secret', 'probe-headers', { header: { headers: { authorization: 'Bearer t' } } });
    const tls = obj('Secret', 'generic', { generic: { data: { a: 'b' } } });
    const ok = translate([{ ...timing, httpHealthCheck: { path: '/', requestHeadersToAdd: [{ headerSecretRef: { name: 'probe-headers' } }] } }], {}, [headers]);
    expect(ok.status.state).toBe('Accepted');
    expect(ok.cluster?.healthChecks?.[0].httpHealthCheck?.requestHeadersToAdd).toEqual([{ header: { key: 'authorization', value: 'Bearer t' }, appendAction: 'APPEND_IF_EXISTS_OR_ADD' }]);
    const bad = translate([{ ...timing, httpHealthCheck: { path: '/', requestHeadersToAdd: [{ headerSecretRef: { name: 'generic' } }] } }], {}, [tls]);
    expect(bad.status.reason).toContain('healthChecks[0].httpHealthCheck.requestHeadersToAdd[0].headerSecretRef: Secret default/generic is not a header secret');
  });

  it('re-translates the cluster when its header Secret changes', () => {
    const pipeline = createPipeline();
    const u = obj('Upstream', 'svc', { static: { hosts: [{ addr: '10.0.0.7', port: 8080 }] }, healthChecks: [{ ...timing, httpHealthCheck: { path: '/', requestHeadersToAdd: [{ headerSecretRef: { name: 'h' } }] } }] });
    const headersOf = (token: string) => {
      const result = pipeline.run(snapshot([u, obj('Secret', 'h', { header: { headers: { authorization: token } } })]));
      const cluster = result.xds.get('gloo-system~gateway-proxy')?.resources.cluster.items.get('svc_default')?.json as { healthChecks?: EnvoyHealthCheck[] } | undefined;
      return cluster?.healthChecks?.[0].httpHealthCheck?.requestHeadersToAdd;
    };
    expect(headersOf('one')).toEqual([{ header: { key: 'authorization', value: 'one' }, appendAction: 'APPEND_IF_EXISTS_OR_ADD' }]);
    expect(headersOf('two')).toEqual([{ header: { key: 'authorization', value: 'two' }, appendAction: 'APPEND_IF_EXISTS_OR_ADD' }]);
  });

  it("rejects what Gloo or Envoy would: no thresholds, timeout or checker, an empty path, CONNECT, bad statuses, text payloads, gRPC without HTTP/2", () => {
    const { status } = translate([
      { interval: '0s', httpHealthCheck: { path: '', method: 'CONNECT', expectedStatuses: [{ start: '300', end: '200' }] } },
      { ...timing },
      { ...timing, tcpHealthCheck: { send: { text: 'PING' } } },
      { ...timing, grpcHealthCheck: {} },
    ]);
    expect(status.state).toBe('Rejected');
    for (const m of [
      'healthChecks[0].healthyThreshold is required',
      'healthChecks[0].unhealthyThreshold is required',
      'healthChecks[0].timeout is required',
      'healthChecks[0].interval must be above 0s',
      'healthChecks[0].httpHealthCheck.path is required',
      'healthChecks[0].httpHealthCheck.method CONNECT is not allowed on HTTP health checks',
      'healthChecks[0].httpHealthCheck.expectedStatuses[0] [300, 200) is not a range of HTTP statuses within [100, 600)',
      'healthChecks[1] has no health checker: set httpHealthCheck, tcpHealthCheck or grpcHealthCheck',
      'healthChecks[2].tcpHealthCheck.send.text "PING" is not hex-encoded bytes',
      'healthChecks[3].grpcHealthCheck needs useHttp2: true',
    ]) expect(status.reason).toContain(m);
  });

  it('leaves out a custom checker with a warning, keeping the other checks', () => {
    const { cluster, status } = translate([
      { ...timing, customHealthCheck: { name: 'envoy.health_checkers.redis' } },
      { ...timing, httpHealthCheck: { path: '/ready' } },
    ]);
    expect(status).toMatchObject({ state: 'Warning', reason: expect.stringContaining('healthChecks[0].customHealthCheck is not translated') });
    expect(cluster?.healthChecks).toEqual([{ ...timing, httpHealthCheck: { path: '/ready' } }]);
  });

  it('keeps ignoreHealthOnHostRemoval, with or without health checks', () => {
    expect(translate([], { ignoreHealthOnHostRemoval: true }).cluster?.ignoreHealthOnHostRemoval).toBe(true);
  });
});
