import { describe, expect, it } from 'vitest';
import { re2FallbackValidator } from '../../regex';
import { obj, upstream } from '../../testing/objects';
import { translateRoutes } from '../../testing/routes';
import { routeOptionIssues } from '../run-plugins';

describe('regex rewrite', () => {
  it('puts the pattern and substitution on the route action', () => {
    const vs = obj('VirtualService', 'shop', { virtualHost: { domains: ['*'], routes: [{ matchers: [{ prefix: '/v1/' }], routeAction: { single: { upstream: { name: 'main' } } }, options: { regexRewrite: { pattern: { regex: '^/v1/(.*)$' }, substitution: '/\\1' } } }] } }, 'shop');
    const out = translateRoutes([vs, upstream('main', '10.0.0.1', 8080, 'shop')]);
    expect([...out.routes.values()][0].route?.regexRewrite).toEqual({ pattern: { regex: '^/v1/(.*)$' }, substitution: '/\\1' });
    expect(out.statusOf(vs)?.state).toBe('Accepted');
  });

  it('rejects a pattern that is missing or not RE2, and a rewrite on a redirect route', () => {
    expect(routeOptionIssues({ regexRewrite: { substitution: '/' } }, 'forward', re2FallbackValidator).map((i) => i.message)).toEqual(['options.regexRewrite.pattern.regex is required']);
    expect(routeOptionIssues({ regexRewrite: { pattern: { regex: '(?=x)' }, substitution: '/' } }, 'forward', re2FallbackValidator)[0].message).toContain('is not valid RE2');
    expect(routeOptionIssues({ regexRewrite: { pattern: { regex: 'x' } } }, 'redirect', re2FallbackValidator)[0].message).toContain('only available on routes with a routeAction');
  });
});
