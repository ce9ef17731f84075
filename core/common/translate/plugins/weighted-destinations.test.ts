import { describe, expect, it } from 'vitest';
import { re2FallbackValidator } from '../regex';
import { obj, upstream } from '../testing/objects';
import { translateRoutes } from '../testing/routes';
import { weightedDestinationOptionIssues } from './weighted-destinations';

describe('weighted destination options', () => {
  it('sets header changes on the weighted cluster of each destination, not on the route', () => {
    const multi = { destinations: [
      { weight: 1, destination: { upstream: { name: 'a' } }, options: { headerManipulation: { requestHeadersToAdd: [{ header: { key: 'x-to', value: 'a' } }] } } },
      { weight: 1, destination: { upstream: { name: 'b' } } },
    ] };
    const vs = obj('VirtualService', 'shop', { virtualHost: { domains: ['*'], routes: [{ matchers: [{ prefix: '/' }, { prefix: '/other' }], routeAction: { multi } }] } }, 'shop');
    const out = translateRoutes([vs, upstream('a', '10.0.0.1', 8080, 'shop'), upstream('b', '10.0.0.2', 8080, 'shop')]);
    const [first, second] = [...out.routes.values()];
    expect(first.route?.weightedClusters?.clusters?.[0]?.requestHeadersToAdd).toEqual([{ header: { key: 'x-to', value: 'a' } }]);
    expect(first.route?.weightedClusters?.clusters?.[1]?.requestHeadersToAdd).toBeUndefined();
    expect(first.requestHeadersToAdd).toBeUndefined();
    expect(second.route?.weightedClusters).toEqual(first.route?.weightedClusters);
    expect(out.statusOf(vs)?.state).toBe('Accepted');
  });

  it('warns of an option no plugin translates, naming its field', () => {
    const issues = weightedDestinationOptionIssues({ transformations: {} }, re2FallbackValidator, 'routeAction.multi.destinations[0].options');
    expect(issues.map((i) => i.message)).toEqual(["routeAction.multi.destinations[0].options.transformations is not translated: it needs Gloo's own Envoy filter"]);
  });
});
