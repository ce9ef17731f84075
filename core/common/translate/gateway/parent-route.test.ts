import { describe, expect, it } from 'vitest';
import type { MatcherJson } from '../../gen/gloo/api/v1/core/matchers/matchers_pb';
import { delegateMatcher, mergeParentRoute, type ParentMatch } from './parent-route';

const parent = (matcher: MatcherJson, inherit = false, inheritPath = false): ParentMatch => ({ matcher, inheritableMatchers: inherit, inheritablePathMatchers: inheritPath });

describe('delegated routes', () => {
  it('get prefix / when they have no matchers, and are then outside any longer parent prefix', () => {
    expect(mergeParentRoute({}, parent({ prefix: '/' }))).toMatchObject({ ok: true, matchers: [{ prefix: '/' }] });
    expect(mergeParentRoute({}, parent({ prefix: '/api' }))).toEqual({ ok: false, problem: 'matcher 1 (prefix "/") does not start with the parent\'s prefix "/api"' });
  });

  it('must repeat the parent conditions themselves: nothing is copied', () => {
    const p = parent({ prefix: '/api', headers: [{ name: 'x-team', value: 'a' }], methods: ['GET'], queryParameters: [{ name: 'v', value: '1' }] });
    const full: MatcherJson = { prefix: '/api/a', headers: [{ name: 'x-team', value: 'a' }], methods: ['GET', 'POST'], queryParameters: [{ name: 'v', value: '1' }] };
    expect(mergeParentRoute({ matchers: [full] }, p)).toMatchObject({ ok: true, matchers: [full] });
    expect(mergeParentRoute({ matchers: [{ ...full, headers: [] }] }, p)).toEqual({ ok: false, problem: 'matcher 1 must repeat the parent\'s header condition "x-team: a"' });
    expect(mergeParentRoute({ matchers: [{ ...full, headers: [{ name: 'x-team', value: 'b' }] }] }, p)).toMatchObject({ ok: false });
    expect(mergeParentRoute({ matchers: [{ ...full, queryParameters: undefined }] }, p)).toEqual({ ok: false, problem: 'matcher 1 must repeat the parent\'s query parameter condition "v=1"' });
    expect(mergeParentRoute({ matchers: [{ ...full, methods: undefined }] }, p)).toEqual({ ok: false, problem: 'matcher 1 must allow the parent\'s methods GET (it lists none)' });
  });

  it('must match the parent caseSensitive, unset and false being different', () => {
    expect(mergeParentRoute({ matchers: [{ prefix: '/api/x', caseSensitive: false }] }, parent({ prefix: '/api' }))).toEqual({ ok: false, problem: 'matcher 1 must have the parent\'s caseSensitive (parent: unset, matcher: false)' });
    expect(mergeParentRoute({ matchers: [{ prefix: '/api/x', caseSensitive: false }] }, parent({ prefix: '/api', caseSensitive: false }))).toMatchObject({ ok: true });
  });

  it('check regexes and exact paths against the parent prefix as text, and need a path', () => {
    expect(mergeParentRoute({ matchers: [{ regex: '/api/v[0-9]+' }] }, parent({ prefix: '/api' }))).toMatchObject({ ok: true });
    expect(mergeParentRoute({ matchers: [{ regex: '.*' }] }, parent({ prefix: '/api' }))).toMatchObject({ ok: false });
    expect(mergeParentRoute({ matchers: [{ headers: [{ name: 'a' }] }] }, parent({ prefix: '/' }))).toEqual({ ok: false, problem: 'matcher 1 names no path, but a delegated route\'s paths must start with the parent\'s prefix "/"' });
  });

  it('take the parent conditions with inheritableMatchers, prepended to their own', () => {
    const p = parent({ prefix: '/api', headers: [{ name: 'x-team', value: 'a' }], methods: ['GET'] }, true);
    const merged = mergeParentRoute({ matchers: [{ prefix: '/api/a', headers: [{ name: 'y', value: '2' }] }] }, p);
    expect(merged).toEqual({ ok: true, inheritableMatchers: true, inheritablePathMatchers: false, matchers: [{ prefix: '/api/a', headers: [{ name: 'x-team', value: 'a' }, { name: 'y', value: '2' }], methods: ['GET'] }] });
    expect(mergeParentRoute({ inheritableMatchers: false, matchers: [{ prefix: '/api/a' }] }, p), 'a route may switch inheritance off').toMatchObject({ ok: false });
  });

  it('take the parent path and caseSensitive with inheritablePathMatchers', () => {
    const p = parent({ prefix: '/api', caseSensitive: true }, false, true);
    expect(mergeParentRoute({}, p)).toMatchObject({ ok: true, matchers: [{ prefix: '/api', caseSensitive: true }], inheritablePathMatchers: true });
    expect(mergeParentRoute({ matchers: [{ exact: '/other', methods: ['GET'] }] }, p)).toMatchObject({ ok: true, matchers: [{ prefix: '/api', caseSensitive: true, methods: ['GET'] }] });
  });
});

describe('delegating routes', () => {
  it('have one prefix matcher: none or a pathless one means prefix /', () => {
    expect(delegateMatcher([])).toEqual({ ok: true, matcher: { prefix: '/' } });
    expect(delegateMatcher([{ headers: [{ name: 'a' }] }])).toEqual({ ok: true, matcher: { prefix: '/' } });
    expect(delegateMatcher([{ prefix: '/api' }])).toEqual({ ok: true, matcher: { prefix: '/api' } });
    expect(delegateMatcher([{ prefix: '/a' }, { prefix: '/b' }])).toEqual({ ok: false, problem: 'a route with delegateAction must have one matcher at most (it has 2)' });
    expect(delegateMatcher([{ exact: '/a' }])).toEqual({ ok: false, problem: 'a route with delegateAction must use a prefix matcher (found exact "/a")' });
  });
});
