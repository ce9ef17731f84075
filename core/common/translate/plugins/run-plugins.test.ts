import { describe, expect, it } from 'vitest';
import { re2FallbackValidator } from '../regex';
import { httpFiltersFor, routeOptionIssues, virtualHostOptionIssues } from './run-plugins';
import { PLUGINS } from './registry';

const regex = re2FallbackValidator;

describe('plugin registry', () => {
  it('gives every plugin a unique name and claims each option field once per place', () => {
    const names = PLUGINS.map((p) => p.name);
    expect(new Set(names).size).toBe(names.length);
    const route = PLUGINS.flatMap((p) => p.routeOptions ?? []);
    expect(new Set(route).size).toBe(route.length);
  });

  it('orders HTTP filters by Gloo stage with the router last', () => {
    const names = httpFiltersFor(new Set(['cors', 'faults'])).map((f) => f.name);
    expect(names).toEqual(['envoy.filters.http.fault', 'envoy.filters.http.cors', 'envoy.filters.http.router']);
    expect(httpFiltersFor(new Set()).map((f) => f.name)).toEqual(['envoy.filters.http.router']);
  });
});

describe('route option checks', () => {
  it('warn, and do not reject, for an option no plugin translates', () => {
    const issues = routeOptionIssues({ transformations: {} }, 'forward', regex);
    expect(issues).toEqual([{ severity: 'warning', message: "options.transformations is not translated: it needs Gloo's own Envoy filter" }]);
  });

  it('reject forwarding options on a redirect route, as Gloo does', () => {
    const issues = routeOptionIssues({ prefixRewrite: '/x', timeout: '1s' }, 'redirect', regex);
    expect(issues.map((i) => i.severity)).toEqual(['error', 'error']);
    expect(issues[0].message).toContain('options.prefixRewrite is only available on routes with a routeAction');
  });

  it('accept forwarding options on a delegating route, whose children inherit them', () => {
    expect(routeOptionIssues({ prefixRewrite: '/x', retries: { numRetries: 2 } }, 'delegate', regex)).toEqual([]);
  });

  it('reject adding Host or a pseudo-header', () => {
    const o = { headerManipulation: { requestHeadersToAdd: [{ header: { key: ':authority', value: 'a' } }, { header: { key: 'Host', value: 'b' } }, { header: { key: 'x-ok', value: 'c' } }] } };
    const issues = routeOptionIssues(o, 'forward', regex);
    expect(issues.map((i) => i.message)).toEqual([
      'options.headerManipulation.requestHeadersToAdd[0]: the ":authority" header may not be set (pseudo-headers and Host are Envoy\'s); use hostRewrite to change the upstream Host',
      'options.headerManipulation.requestHeadersToAdd[1]: the "Host" header may not be set (pseudo-headers and Host are Envoy\'s); use hostRewrite to change the upstream Host',
    ]);
  });

  it('name the virtual host field in virtual host option problems', () => {
    const issues = virtualHostOptionIssues({ cors: { allowOriginRegex: ['('] } }, regex);
    expect(issues[0].message).toMatch(/^virtualHost\.options\.cors\.allowOriginRegex invalid regex "\("/);
  });
});
