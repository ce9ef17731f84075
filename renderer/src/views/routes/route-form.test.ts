import { describe, expect, it } from 'vitest';
import { asDecision, EMPTY_FORM, parseHeaderLines, requestOfForm } from './route-form';

describe('route tester form', () => {
  it('parses header lines, skipping junk', () => {
    expect(parseHeaderLines('X-Canary: yes\n\nnot a header\nAccept:  text/html ')).toEqual({ 'x-canary': 'yes', accept: 'text/html' });
  });

  it('builds a request, moving the query string into query', () => {
    expect(requestOfForm({ ...EMPTY_FORM, host: ' shop.example.com ', path: '/api/pets?id=7&x=', headers: 'x-user: a' })).toEqual({
      path: '/api/pets', method: 'GET', host: 'shop.example.com', headers: { 'x-user': 'a' }, query: { id: '7', x: '' },
    });
    expect(requestOfForm({ ...EMPTY_FORM, path: 'pets', proxy: 'gloo-system~gateway-proxy' })).toEqual({ path: '/pets', method: 'GET', proxy: 'gloo-system~gateway-proxy' });
  });

  it('recognises decisions', () => {
    expect(asDecision({ matched: false, proxy: 'p', reason: 'no listener' })?.matched).toBe(false);
    expect(asDecision({ whatever: 1 })).toBeUndefined();
  });
});
