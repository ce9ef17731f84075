import { describe, expect, it } from 'vitest';
import { buildXdsSnapshot, checkConsistency } from './snapshot-builder';

const listener = { name: 'l', json: { name: 'l', filterChains: [{ filters: [{ typedConfig: { rds: { routeConfigName: 'rc' } } }] }] } };
const routeTo = (validateClusters?: boolean) => ({
  name: 'rc',
  json: {
    name: 'rc',
    ...(validateClusters === undefined ? {} : { validateClusters }),
    virtualHosts: [{ name: 'vh', domains: ['*'], routes: [{ match: { prefix: '/a' }, route: { cluster: 'gone' } }, { match: { prefix: '/' }, route: { weightedClusters: { clusters: [{ name: 'here', weight: 1 }, { name: 'away', weight: 1 }] } } }] }],
  },
});
const here = { name: 'here', json: { name: 'here', type: 'STATIC' } };

describe('snapshot consistency', () => {
  it('accepts routes to clusters that do not exist, as Envoy does over RDS (it answers 503)', () => {
    expect(checkConsistency(buildXdsSnapshot('n', { listener: [listener], route: [routeTo()], cluster: [here] }))).toEqual([]);
    expect(checkConsistency(buildXdsSnapshot('n', { listener: [listener], route: [routeTo(false)], cluster: [here] }))).toEqual([]);
  });

  it('refuses them when the route configuration sets validateClusters', () => {
    expect(checkConsistency(buildXdsSnapshot('n', { listener: [listener], route: [routeTo(true)], cluster: [here] }))).toEqual([
      'route configuration rc sets validateClusters and routes to cluster gone, which does not exist',
      'route configuration rc sets validateClusters and routes to cluster away, which does not exist',
    ]);
  });

  it('still refuses a listener whose route configuration is missing', () => {
    expect(checkConsistency(buildXdsSnapshot('n', { listener: [listener] }))).toEqual(['listener l refers to route configuration rc, which does not exist']);
  });
});
