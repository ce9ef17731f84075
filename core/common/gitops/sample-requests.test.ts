import { describe, expect, it } from 'vitest';
import { sampleForRegex, sampleOf } from './sample-requests';

describe('sample requests', () => {
  it('are made from a route\'s own matcher: path, method, headers and query', () => {
    const s = sampleOf('ns~p', { name: 'vh', domains: ['*', 'shop.example.com'] }, {
      name: 'r', match: {
        prefix: '/api', headers: [{ name: ':method', stringMatch: { exact: 'POST' } }, { name: 'x-canary', stringMatch: { exact: 'true' } }, { name: 'x-no', presentMatch: true, invertMatch: true }],
        queryParameters: [{ name: 'v', stringMatch: { exact: '2' } }],
      },
    }, 8443);
    expect(s?.request).toEqual({ host: 'shop.example.com', path: '/api?v=2', method: 'POST', headers: { 'x-canary': 'true' }, port: 8443 });
    expect(s?.label).toBe('POST shop.example.com/api?v=2 [x-canary: true] (port 8443)');
  });

  it('use a concrete host for wildcard domains, and none for a route nothing can be made up for', () => {
    expect(sampleOf('p', { domains: ['*.example.com'] }, { match: { path: '/x' } }, 8080)?.request.host).toBe('www.example.com');
    expect(sampleOf('p', { domains: ['*'] }, { match: { path: '/x' } }, 8080)?.request.host).toBe('example.com');
    expect(sampleOf('p', { domains: ['a'] }, { match: { safeRegex: { regex: '/(a|b)+[^x]{3}' } } }, 8080)).toBeUndefined();
  });

  it('take a string a simple regex matches, checked against the regex', () => {
    expect(sampleForRegex('/users/[0-9]+')).toBe('/users/1');
    expect(sampleForRegex('^/api/v\\d+/items/[^/]+$')).toBe('/api/v1/items/x');
    expect(sampleForRegex('/docs(/.*)?')).toBe('/docs/');
  });
});
