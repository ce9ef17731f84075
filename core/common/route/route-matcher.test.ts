import { describe, expect, it } from 'vitest';
import type { HeaderMatcherInput, RouteInput } from './envoy-input';
import { defaultRegexMatcher } from './regex';
import { requestView, type SimulatedRequest } from './request';
import { matchHeader, matchRoute, selectRoute, type MatchContext } from './route-matcher';

const ctx = (): MatchContext => ({ regex: defaultRegexMatcher, warnings: [] });
const view = (req: Partial<SimulatedRequest> = {}) => requestView({ host: 'a.com', path: '/', ...req }, false);
const matches = (match: RouteInput['match'], req: Partial<SimulatedRequest> = {}) => matchRoute({ match }, view(req), ctx()) !== undefined;
const header = (h: HeaderMatcherInput, headers: Record<string, string> = {}) => matchHeader(h, view({ headers }).headers, ctx());

describe('path matching', () => {
  it('matches a prefix against the start of the path', () => {
    expect(matches({ prefix: '/api' }, { path: '/api/pets' })).toBe(true);
    expect(matches({ prefix: '/api' }, { path: '/apis' })).toBe(true);
    expect(matches({ prefix: '/api' }, { path: '/ap' })).toBe(false);
    expect(matches({ prefix: '' }, { path: '/anything' })).toBe(true);
  });

  it('matches an exact path only as a whole', () => {
    expect(matches({ path: '/api' }, { path: '/api' })).toBe(true);
    expect(matches({ path: '/api' }, { path: '/api/' })).toBe(false);
  });

  it('full-matches a safe regex against the whole path', () => {
    expect(matches({ safeRegex: { regex: '/pets/[0-9]+' } }, { path: '/pets/12' })).toBe(true);
    expect(matches({ safeRegex: { regex: '/pets/[0-9]+' } }, { path: '/pets/12/photos' })).toBe(false);
    expect(matches({ safeRegex: { regex: 'a|/b' } }, { path: '/b' })).toBe(true);
    expect(matches({ regex: '/v[12]/.*' }, { path: '/v2/x' })).toBe(true);
  });

  it('strips the query string and fragment before matching the path', () => {
    expect(matches({ path: '/api' }, { path: '/api?x=1' })).toBe(true);
    expect(matches({ safeRegex: { regex: '/api' } }, { path: '/api?x=1' })).toBe(true);
    expect(matches({ path: '/api' }, { path: '/api#top' })).toBe(true);
  });

  it('is case sensitive by default and honours case_sensitive false for prefix and path', () => {
    expect(matches({ prefix: '/API' }, { path: '/api' })).toBe(false);
    expect(matches({ prefix: '/API', caseSensitive: false }, { path: '/api/x' })).toBe(true);
    expect(matches({ path: '/API', caseSensitive: false }, { path: '/api' })).toBe(true);
    expect(matches({ path: '/API', caseSensitive: { value: false } }, { path: '/api' })).toBe(true);
  });

  it('ignores case_sensitive for safe regex, as Envoy does', () => {
    expect(matches({ safeRegex: { regex: '/API' }, caseSensitive: false }, { path: '/api' })).toBe(false);
  });

  it('matches a path-separated prefix only at a segment boundary', () => {
    expect(matches({ pathSeparatedPrefix: '/api' }, { path: '/api' })).toBe(true);
    expect(matches({ pathSeparatedPrefix: '/api' }, { path: '/api/x' })).toBe(true);
    expect(matches({ pathSeparatedPrefix: '/api' }, { path: '/apix' })).toBe(false);
  });

  it('never matches a route without a path specifier and says so', () => {
    const c = ctx();
    expect(matchRoute({ match: {} }, view(), c)).toBeUndefined();
    expect(c.warnings[0]).toMatch(/no path specifier/);
  });

  it('treats an invalid regex as not matching, with a warning', () => {
    const c = ctx();
    expect(matchRoute({ match: { safeRegex: { regex: '(' } } }, view(), c)).toBeUndefined();
    expect(c.warnings[0]).toMatch(/could not be compiled/);
  });
});

describe('header matching', () => {
  it('matches every string_match form, honouring ignore_case', () => {
    expect(header({ name: 'x', stringMatch: { exact: 'v' } }, { x: 'v' })).toBe(true);
    expect(header({ name: 'x', stringMatch: { exact: 'V', ignoreCase: true } }, { x: 'v' })).toBe(true);
    expect(header({ name: 'x', stringMatch: { exact: 'V' } }, { x: 'v' })).toBe(false);
    expect(header({ name: 'x', stringMatch: { prefix: 'ab' } }, { x: 'abc' })).toBe(true);
    expect(header({ name: 'x', stringMatch: { suffix: 'bc' } }, { x: 'abc' })).toBe(true);
    expect(header({ name: 'x', stringMatch: { contains: 'b' } }, { x: 'abc' })).toBe(true);
    expect(header({ name: 'x', stringMatch: { safeRegex: { regex: 'a.c' } } }, { x: 'abc' })).toBe(true);
    expect(header({ name: 'x', stringMatch: { safeRegex: { regex: 'a' } } }, { x: 'abc' })).toBe(false);
  });

  it('matches the deprecated direct specifiers', () => {
    expect(header({ name: 'x', exactMatch: 'v' }, { x: 'v' })).toBe(true);
    expect(header({ name: 'x', exactMatch: '' }, { x: 'anything' })).toBe(true);
    expect(header({ name: 'x', safeRegexMatch: { regex: '[0-9]+' } }, { x: '42' })).toBe(true);
    expect(header({ name: 'x', prefixMatch: 'a' }, { x: 'ab' })).toBe(true);
    expect(header({ name: 'x', suffixMatch: 'b' }, { x: 'ab' })).toBe(true);
    expect(header({ name: 'x', containsMatch: 'b' }, { x: 'abc' })).toBe(true);
    expect(header({ name: 'x', rangeMatch: { start: '10', end: '20' } }, { x: '19' })).toBe(true);
    expect(header({ name: 'x', rangeMatch: { start: '10', end: '20' } }, { x: '20' })).toBe(false);
    expect(header({ name: 'x', rangeMatch: { start: 0, end: 5 } }, { x: 'x1' })).toBe(false);
  });

  it('compares header names case-insensitively', () => {
    expect(header({ name: 'X-User', exactMatch: 'a' }, { 'x-user': 'a' })).toBe(true);
    expect(header({ name: 'x-user', exactMatch: 'a' }, { 'X-USER': 'a' })).toBe(true);
  });

  it('handles presence: present_match true needs the header, false needs it absent, no specifier means present', () => {
    expect(header({ name: 'x', presentMatch: true }, { x: '' })).toBe(true);
    expect(header({ name: 'x', presentMatch: true })).toBe(false);
    expect(header({ name: 'x', presentMatch: false })).toBe(true);
    expect(header({ name: 'x', presentMatch: false }, { x: '1' })).toBe(false);
    expect(header({ name: 'x' }, { x: '1' })).toBe(true);
    expect(header({ name: 'x' })).toBe(false);
  });

  it('inverts value matches but never turns a missing header into a value match', () => {
    expect(header({ name: 'x', exactMatch: 'a', invertMatch: true }, { x: 'b' })).toBe(true);
    expect(header({ name: 'x', exactMatch: 'a', invertMatch: true }, { x: 'a' })).toBe(false);
    expect(header({ name: 'x', exactMatch: 'a', invertMatch: true })).toBe(false);
    expect(header({ name: 'x', presentMatch: true, invertMatch: true })).toBe(true);
    expect(header({ name: 'x', presentMatch: true, invertMatch: true }, { x: '1' })).toBe(false);
  });

  it('matches a missing header as empty with treat_missing_header_as_empty', () => {
    expect(header({ name: 'x', stringMatch: { exact: 'a' }, invertMatch: true, treatMissingHeaderAsEmpty: true })).toBe(true);
    expect(header({ name: 'x', stringMatch: { exact: '' }, treatMissingHeaderAsEmpty: true })).toBe(true);
  });

  it('matches methods through the :method pseudo-header, GET by default', () => {
    const m = (method?: string) => matches({ prefix: '/', headers: [{ name: ':method', exactMatch: 'POST' }] }, { method });
    expect(m('POST')).toBe(true);
    expect(m('post')).toBe(true);
    expect(m(undefined)).toBe(false);
    expect(matches({ prefix: '/', headers: [{ name: ':method', stringMatch: { exact: 'GET' } }] })).toBe(true);
  });

  it('exposes :authority, :path and :scheme pseudo-headers', () => {
    expect(matches({ prefix: '/', headers: [{ name: ':authority', exactMatch: 'a.com' }] })).toBe(true);
    expect(matches({ prefix: '/', headers: [{ name: ':path', exactMatch: '/x?y=1' }] }, { path: '/x?y=1' })).toBe(true);
    expect(matches({ prefix: '/', headers: [{ name: ':scheme', exactMatch: 'http' }] })).toBe(true);
  });

  it('requires every header matcher of a route to hold', () => {
    const match = { prefix: '/', headers: [{ name: 'a', exactMatch: '1' }, { name: 'b', exactMatch: '2' }] };
    expect(matches(match, { headers: { a: '1', b: '2' } })).toBe(true);
    expect(matches(match, { headers: { a: '1' } })).toBe(false);
  });
});

describe('query parameter matching', () => {
  it('matches a string_match on the first value of a parameter', () => {
    const match = { prefix: '/', queryParameters: [{ name: 'v', stringMatch: { exact: '2' } }] };
    expect(matches(match, { path: '/?v=2' })).toBe(true);
    expect(matches(match, { path: '/?v=1&v=2' })).toBe(false);
    expect(matches(match, { path: '/', query: { v: '2' } })).toBe(true);
    expect(matches(match, { path: '/' })).toBe(false);
  });

  it('needs only presence for present_match or no specifier', () => {
    expect(matches({ prefix: '/', queryParameters: [{ name: 'debug', presentMatch: true }] }, { path: '/?debug' })).toBe(true);
    expect(matches({ prefix: '/', queryParameters: [{ name: 'debug' }] }, { path: '/?debug=' })).toBe(true);
    expect(matches({ prefix: '/', queryParameters: [{ name: 'debug' }] }, { path: '/?other=1' })).toBe(false);
  });

  it('decodes percent-encoded parameters and supports the v2 value/regex form', () => {
    expect(matches({ prefix: '/', queryParameters: [{ name: 'q', stringMatch: { exact: 'a b' } }] }, { path: '/?q=a%20b' })).toBe(true);
    expect(matches({ prefix: '/', queryParameters: [{ name: 'q', value: 'a+', regex: true }] }, { path: '/?q=aaa' })).toBe(true);
    expect(matches({ prefix: '/', queryParameters: [{ name: 'q', value: 'a' }] }, { path: '/?q=aa' })).toBe(false);
  });
});

describe('route selection', () => {
  it('takes the first matching route, not the most specific one', () => {
    const routes = [{ match: { prefix: '/' } }, { match: { path: '/exact' } }];
    expect(selectRoute(routes, view({ path: '/exact' }), ctx())?.index).toBe(0);
  });

  it('reports the matched path: the prefix as configured, or the whole path for regexes', () => {
    expect(selectRoute([{ match: { prefix: '/API', caseSensitive: false } }], view({ path: '/api/x' }), ctx())?.matchedPath).toBe('/API');
    expect(selectRoute([{ match: { safeRegex: { regex: '/a.*' } } }], view({ path: '/abc?q=1' }), ctx())?.matchedPath).toBe('/abc');
  });

  it('requires a gRPC content type for grpc routes', () => {
    expect(matches({ prefix: '/', grpc: {} }, { headers: { 'content-type': 'application/grpc+proto' } })).toBe(true);
    expect(matches({ prefix: '/', grpc: {} }, { headers: { 'content-type': 'application/json' } })).toBe(false);
  });
});
