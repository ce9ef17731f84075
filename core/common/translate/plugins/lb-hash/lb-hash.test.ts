import { describe, expect, it } from 'vitest';
import { re2FallbackValidator } from '../../regex';
import { routeOptionIssues } from '../run-plugins';
import { forward, upstream, virtualService } from '../../testing/objects';
import { translateRoutes } from '../../testing/routes';
import { hashPolicy } from './lb-hash';

describe('route hash policies', () => {
  it('hash a header, a cookie or the source IP, keeping terminal', () => {
    expect(hashPolicy({ header: 'x-user' })).toEqual({ header: { headerName: 'x-user' } });
    expect(hashPolicy({ cookie: { name: 'session', ttl: '3600s', path: '/' }, terminal: true })).toEqual({ cookie: { name: 'session', ttl: '3600s', path: '/' }, terminal: true });
    expect(hashPolicy({ sourceIp: true })).toEqual({ connectionProperties: { sourceIp: true } });
  });

  it('go on the route action in order', () => {
    const route = { ...forward('/', 'web'), options: { lbHash: { hashPolicies: [{ header: 'x-user', terminal: true }, { sourceIp: true }] } } };
    const out = translateRoutes([virtualService('web', ['*'], [route]), upstream('web')]);
    expect([...out.routes.values()][0].route?.hashPolicy).toEqual([{ header: { headerName: 'x-user' }, terminal: true }, { connectionProperties: { sourceIp: true } }]);
  });

  it('reject a policy with no key or two, a cookie without a name, and hashing on a redirect route', () => {
    const issues = routeOptionIssues({ lbHash: { hashPolicies: [{ terminal: true }, { header: 'a', sourceIp: true }, { cookie: {} }] } }, 'forward', re2FallbackValidator);
    expect(issues.map((i) => i.message)).toEqual([
      'options.lbHash.hashPolicies[0] must set exactly one of header, cookie or sourceIp',
      'options.lbHash.hashPolicies[1] must set exactly one of header, cookie or sourceIp',
      'options.lbHash.hashPolicies[2].cookie.name is required',
    ]);
    expect(routeOptionIssues({ lbHash: { hashPolicies: [{ sourceIp: true }] } }, 'redirect', re2FallbackValidator)[0].message).toContain('options.lbHash is only available on routes with a routeAction');
  });
});
