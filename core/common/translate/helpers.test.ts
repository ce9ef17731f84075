import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { MatcherJson } from '../gen/gloo/api/v1/core/matchers/matchers_pb';
import { sortByPath } from './gateway/route-merge';
import { isIP, isIPv4, isIPv6 } from './ip';
import { certificateChainProblem, privateKeyProblem } from './pem';
import { covers, unreachableRoutes } from './reachability';

const CERT = '-----BEGIN CERTIFICATE-----\nMIIBszCCAVmgAwIBAgIUQ2VydA==\n-----END CERTIFICATE-----\n';
const KEY = '-----BEGIN PRIVATE KEY-----\nMIGHAgEAMBMGByqGSM49AgEGCCqGSM49AwEHBG0wawIBAQQg\n-----END PRIVATE KEY-----\n';

describe('PEM checks', () => {
  it('accepts well-formed blocks', () => {
    expect(certificateChainProblem(CERT + CERT)).toBeUndefined();
    expect(privateKeyProblem(KEY)).toBeUndefined();
    expect(privateKeyProblem(KEY.replace(/PRIVATE KEY/g, 'EC PRIVATE KEY'))).toBeUndefined();
  });
  it('names what is wrong', () => {
    expect(certificateChainProblem('')).toContain('no PEM "BEGIN CERTIFICATE" block');
    expect(certificateChainProblem(CERT.replace('MIIB', 'M!IB'))).toContain('not valid base64');
    expect(certificateChainProblem(CERT.replace('END CERTIFICATE', 'END THING'))).toContain('BEGIN CERTIFICATE is closed by END THING');
    expect(privateKeyProblem(CERT)).toContain('no PEM "BEGIN PRIVATE KEY" block');
  });
});

describe('IP recognition', () => {
  it.each(['10.0.0.1', '255.255.255.255', '::', '::1', 'fd00::7', '2001:db8::1:0:0:1', '::ffff:10.0.0.1', '1:2:3:4:5:6:7:8'])('%s is an IP', (a) => expect(isIP(a)).toBe(true));
  it.each(['256.0.0.1', '10.0.0', '01.2.3.4', 'example.com', '1:2:3:4:5:6:7:8:9', ':::', '1::2::3', 'localhost', ''])('%s is not', (a) => expect(isIP(a)).toBe(false));
  it('agrees with dotted quads built from bytes', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: 0, max: 255 }), { minLength: 4, maxLength: 4 }), (b) => isIPv4(b.join('.')) && !isIPv6(b.join('.'))));
  });
  it('takes as IPv4 exactly four dot-separated decimals 0-255 without leading zeros', () => {
    const octets = (t: string) => t.split('.');
    const byParts = (t: string) => octets(t).length === 4 && octets(t).every((p) => /^(0|[1-9]\d{0,2})$/.test(p) && Number(p) <= 255);
    const text = fc.array(fc.constantFrom('0', '1', '2', '5', '9', '.', '25', '255', '256', '01', 'a'), { maxLength: 12 }).map((a) => a.join(''));
    fc.assert(fc.property(text, (t) => isIPv4(t) === byParts(t)), { numRuns: 2000 });
  });
});

describe('route order of equal-weight tables', () => {
  it("sorts as Gloo's SortRoutesByPath: methods, then exact < regex < prefix, then greater path first", () => {
    const ms: MatcherJson[] = [{ prefix: '/a' }, { prefix: '/a/b' }, { regex: '/a/.*' }, { exact: '/a' }, { prefix: '/', methods: ['GET'] }];
    expect(sortByPath(ms, (m) => [m])).toEqual([{ prefix: '/', methods: ['GET'] }, { exact: '/a' }, { regex: '/a/.*' }, { prefix: '/a/b' }, { prefix: '/a' }]);
  });
});

describe('unreachable routes', () => {
  it('knows which matcher covers which', () => {
    expect(covers({ prefix: '/' }, { regex: '.*x' })).toBe(true);
    expect(covers({ prefix: '/api' }, { exact: '/api/x' })).toBe(true);
    expect(covers({ prefix: '/api' }, { prefix: '/ap' })).toBe(false);
    expect(covers({ prefix: '/api', headers: [{ name: 'a', value: 'b' }] }, { prefix: '/api/x' })).toBe(false);
    expect(covers({ prefix: '/api' }, { prefix: '/api/x', headers: [{ name: 'a', value: 'b' }] })).toBe(true);
    expect(covers({ prefix: '/API', caseSensitive: false }, { prefix: '/api/v1' })).toBe(true);
    expect(covers({ prefix: '/API' }, { prefix: '/API/v1', caseSensitive: false })).toBe(false);
    expect(covers({ prefix: '/x', methods: ['GET', 'POST'] }, { prefix: '/x', methods: ['GET'] })).toBe(true);
    expect(covers({ prefix: '/x', methods: ['GET'] }, { prefix: '/x' })).toBe(false);
  });
  it('warns on the owner of the shadowed route, naming the earlier one and where it lives', () => {
    const findings = unreachableRoutes([
      { matchers: [{ prefix: '/' }], owner: 'VirtualService.default.vs', index: 0, name: 'all' },
      { matchers: [{ prefix: '/api' }, { exact: '/x' }], owner: 'RouteTable.default.rt', index: 2 },
    ]);
    expect(findings).toEqual([
      { ref: 'RouteTable.default.rt', severity: 'warning', message: 'route 3 (`/api`) is unreachable: earlier route 1 "all" of VirtualService default/vs (prefix "/") matches every request it matches', path: 'routes[2]' },
    ]);
  });
});
