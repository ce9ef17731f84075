import { describe, expect, it } from 'vitest';
import { re2FallbackValidator } from '../../regex';
import { routeOptionIssues } from '../run-plugins';
import { obj, upstream } from '../../testing/objects';
import { translateRoutes } from '../../testing/routes';
import { mirrorPolicy } from './shadowing';

const regex = re2FallbackValidator;

describe('shadowing', () => {
  it('mirrors a share of the requests, per million, to the shadow upstream cluster', () => {
    expect(mirrorPolicy({ upstream: { name: 'shadow', namespace: 'test' }, percentage: 12.5 }, 'default')).toEqual({
      cluster: 'shadow_test',
      runtimeFraction: { defaultValue: { numerator: 125_000, denominator: 'MILLION' } },
    });
  });

  it('points an upstream reference without a namespace at the namespace of the route object', () => {
    const vs = obj('VirtualService', 'shop', { virtualHost: { domains: ['*'], routes: [{ matchers: [{ prefix: '/' }], routeAction: { single: { upstream: { name: 'main' } } }, options: { shadowing: { upstream: { name: 'shadow' }, percentage: 100, disableShadowHostSuffixAppend: true } } }] } }, 'shop');
    const out = translateRoutes([vs, upstream('main', '10.0.0.1', 8080, 'shop'), upstream('shadow', '10.0.0.2', 8080, 'shop')]);
    const route = [...out.routes.values()][0];
    expect(route.route?.requestMirrorPolicies).toEqual([{ cluster: 'shadow_shop', runtimeFraction: { defaultValue: { numerator: 1_000_000, denominator: 'MILLION' } }, disableShadowHostSuffixAppend: true }]);
    expect(out.statusOf(vs)?.state).toBe('Accepted');
  });

  it('rejects shadowing without an upstream, with a share above 100, or on a redirect route', () => {
    const noUpstream = routeOptionIssues({ shadowing: { percentage: 10 } }, 'forward', regex);
    expect(noUpstream.map((i) => i.message)).toEqual(['options.shadowing.upstream is required: name the Upstream that receives the copies']);
    const tooMuch = routeOptionIssues({ shadowing: { upstream: { name: 's' }, percentage: 101 } }, 'forward', regex);
    expect(tooMuch.map((i) => i.message)).toEqual(['options.shadowing.percentage 101 is not between 0 and 100']);
    const redirect = routeOptionIssues({ shadowing: { upstream: { name: 's' }, percentage: 1 } }, 'redirect', regex);
    expect(redirect[0].message).toContain('options.shadowing is only available on routes with a routeAction');
  });

  it('warns that a mirror host rewrite is not translated', () => {
    const issues = routeOptionIssues({ shadowing: { upstream: { name: 's' }, percentage: 1, hostRewriteLiteral: 'x.example' } }, 'forward', regex);
    expect(issues).toHaveLength(1);
    expect(issues[0]).toMatchObject({ severity: 'warning' });
    expect(issues[0].message).toMatch(/^options\.shadowing\.hostRewriteLiteral is not translated: Gloo sets it as the mirror policy's host_rewrite_literal, a field Envoy added in 1\.36 /);
    expect(issues[0].message).toMatch(/with "-shadow" appended \(set disableShadowHostSuffixAppend to keep it as it is\)$/);
  });
});
