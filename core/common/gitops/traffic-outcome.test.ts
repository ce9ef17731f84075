import { describe, expect, it } from 'vitest';
import type { RouteDecision } from '../route/decision';
import { describeChange, outcomeOf, percentages } from './traffic-outcome';

const forward = (weights: number[], names: string[], rewrite?: string): RouteDecision => ({
  matched: true, proxy: 'gloo-system~gateway-proxy', listener: 'l', virtualHost: { name: 'vh' }, route: { index: 0, name: 'r' },
  action: {
    type: 'forward', ...(rewrite ? { pathAfterRewrite: rewrite } : {}),
    destinations: names.map((n, i) => ({ cluster: `${n}_gloo-system`, upstream: { namespace: 'gloo-system', name: n }, weight: weights[i] })),
  },
});

describe('traffic outcomes', () => {
  it('say where a request goes in one line: one upstream, a weighted split, a rewrite, a redirect, no route', () => {
    expect(outcomeOf(forward([1], ['v1']), '/a').text).toBe('v1');
    expect(outcomeOf(forward([90, 10], ['v1', 'v2']), '/a').text).toBe('90/10 v1/v2');
    expect(outcomeOf(forward([1], ['v1'], '/a'), '/a').text).toBe('v1');
    expect(outcomeOf(forward([1], ['v1'], '/v2/a'), '/a').text).toBe('v1 (path /v2/a)');
    const redirect: RouteDecision = { ...forward([], []), action: { type: 'redirect', redirect: { location: 'https://x/docs', status: 301 } } } as RouteDecision;
    expect(outcomeOf(redirect).text).toBe('301 → https://x/docs');
    expect(outcomeOf({ matched: false, proxy: 'p', reason: 'no virtual host for host x' }).text).toBe('404 no route (no virtual host for host x)');
  });

  it('weights become percentages, and a change of weights alone reads 90/10 → 70/30 with the names once', () => {
    expect(percentages([1, 2])).toEqual([33.3, 66.7]);
    expect(percentages([0, 0])).toEqual([0, 0]);
    const a = outcomeOf(forward([90, 10], ['petstore-v1', 'petstore-v2']), '/');
    const b = outcomeOf(forward([70, 30], ['petstore-v1', 'petstore-v2']), '/');
    expect(describeChange(a, b)).toBe('90/10 → 70/30 petstore-v1/petstore-v2');
    expect(describeChange(a, outcomeOf(forward([1], ['petstore-v1']), '/'))).toBe('90/10 petstore-v1/petstore-v2 → petstore-v1');
  });
});
