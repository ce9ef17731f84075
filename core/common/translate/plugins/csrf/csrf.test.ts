import { describe, expect, it } from 'vitest';
import { re2FallbackValidator } from '../../regex';
import { routeOptionIssues } from '../run-plugins';
import { httpListenerOptionIssues } from '../run-listener-plugins';
import { forward, obj, upstream, virtualService } from '../../testing/objects';
import { translateRoutes } from '../../testing/routes';
import { CSRF_FILTER, csrfPolicy } from './csrf';

const CSRF_TYPE = 'type.googleapis.com/envoy.extensions.filters.http.csrf.v3.CsrfPolicy';

describe('CSRF', () => {
  it('translates enabled and shadow fractions and additional origins', () => {
    expect(csrfPolicy({ filterEnabled: { defaultValue: { numerator: 50, denominator: 'HUNDRED' }, runtimeKey: 'csrf.on' }, shadowEnabled: { defaultValue: { numerator: 1, denominator: 'TEN_THOUSAND' } }, additionalOrigins: [{ exact: 'a.example' }, { suffix: '.b.example', ignoreCase: true }, { safeRegex: { regex: 'c.*' } }] })).toEqual({
      filterEnabled: { defaultValue: { numerator: 50, denominator: 'HUNDRED' }, runtimeKey: 'csrf.on' },
      shadowEnabled: { defaultValue: { numerator: 1, denominator: 'TEN_THOUSAND' } },
      additionalOrigins: [{ exact: 'a.example' }, { suffix: '.b.example', ignoreCase: true }, { safeRegex: { regex: 'c.*' } }],
    });
  });

  it('leaves the filter off (0%) when no filterEnabled is given, as Gloo does', () => {
    expect(csrfPolicy(undefined)).toEqual({ filterEnabled: { defaultValue: { numerator: 0, denominator: 'HUNDRED' } } });
  });

  it('puts route and virtual host policies in typedPerFilterConfig and adds the filter, off, in the route stage', () => {
    const on = { filterEnabled: { defaultValue: { numerator: 100 } } };
    const vs = obj('VirtualService', 'web', { virtualHost: { domains: ['*'], options: { csrf: on }, routes: [{ ...forward('/', 'web'), options: { csrf: { shadowEnabled: on.filterEnabled } } }] } });
    const out = translateRoutes([vs, upstream('web')]);
    expect(out.virtualHosts[0].typedPerFilterConfig?.[CSRF_FILTER]).toEqual({ '@type': CSRF_TYPE, filterEnabled: { defaultValue: { numerator: 100, denominator: 'HUNDRED' } } });
    expect([...out.routes.values()][0].typedPerFilterConfig?.[CSRF_FILTER]).toMatchObject({ filterEnabled: { defaultValue: { numerator: 0 } }, shadowEnabled: { defaultValue: { numerator: 100 } } });
    expect(out.httpFilters.map((f) => f.name)).toEqual([CSRF_FILTER, 'envoy.filters.http.router']);
    expect(out.httpFilters[0].typedConfig).toEqual({ '@type': CSRF_TYPE, filterEnabled: { defaultValue: { numerator: 0, denominator: 'HUNDRED' } } });
  });

  it('takes the filter config from the HTTP listener options when a Gateway sets one, and adds it once', () => {
    const gw = obj('Gateway', 'gateway-proxy', { bindAddress: '::', bindPort: 8080, proxyNames: ['gateway-proxy'], httpGateway: { options: { csrf: { filterEnabled: { defaultValue: { numerator: 100 } } } } } }, 'gloo-system');
    const vs = virtualService('web', ['*'], [{ ...forward('/', 'web'), options: { csrf: {} } }]);
    const out = translateRoutes([gw, vs, upstream('web')]);
    expect(out.httpFilters.map((f) => f.name)).toEqual([CSRF_FILTER, 'envoy.filters.http.router']);
    expect(out.httpFilters[0].typedConfig).toMatchObject({ filterEnabled: { defaultValue: { numerator: 100 } } });
  });

  it('rejects an additional origin that sets two patterns or an invalid regex', () => {
    const issues = routeOptionIssues({ csrf: { additionalOrigins: [{ exact: 'a', prefix: 'b' }, { safeRegex: { regex: '(' } }] } }, 'forward', re2FallbackValidator);
    expect(issues.map((i) => i.message)).toEqual([
      'options.csrf.additionalOrigins[0] must set exactly one of exact, prefix, suffix or safeRegex',
      expect.stringMatching(/^options\.csrf\.additionalOrigins\[1\]\.safeRegex invalid regex "\(":/),
    ]);
    expect(httpListenerOptionIssues({ csrf: { additionalOrigins: [{}] } }, re2FallbackValidator)[0].message).toBe('httpGateway.options.csrf.additionalOrigins[0] must set exactly one of exact, prefix, suffix or safeRegex');
  });
});
