import { describe, expect, it } from 'vitest';
import { gatewaySnapshot, route, toCluster, vhost } from '../../../../core/common/route/testing/xds-fixtures';
import { toTranslateOutput } from '../../../../core/common/xds/translate-output';
import { latestPublished } from '../envoy/EnvoyView';
import { fullValueResolver, objectContentOfYaml, xdsResourceOf } from './full-values';

describe('full values for "show unchanged"', () => {
  const xds = toTranslateOutput([gatewaySnapshot([vhost('default', 'shop', ['*'], [route({ prefix: '/' }, toCluster('a_default'))])], ['a_default'])]);
  const entry = (type: string, name: string) => ({ id: 'x', title: 'x', change: 'changed' as const, fields: [], resource: { node: 'gloo-system~gateway-proxy', type, name } });

  it('find an xDS resource by node, type and name', () => {
    expect(xdsResourceOf(xds, entry('route', 'listener-::-8080-routes'))).toMatchObject({ name: 'listener-::-8080-routes' });
    expect(xdsResourceOf(xds, entry('cluster', 'a_default'))).toMatchObject({ name: 'a_default' });
    expect(xdsResourceOf(xds, entry('cluster', 'nope'))).toBeUndefined();
  });

  it('read an object as the object diff sees it', () => {
    expect(objectContentOfYaml('kind: Upstream\nmetadata: {name: a, resourceVersion: "3"}\nspec: {static: {}}\n')).toEqual({ metadata: { namespace: 'default', name: 'a' }, spec: { static: {} } });
  });

  it('ask the engine once for the xDS of a pass', async () => {
    let calls = 0;
    const resolve = fullValueResolver({ getXds: async () => { calls++; return xds; }, getResource: async () => { throw new Error('unused'); } });
    await resolve(entry('route', 'listener-::-8080-routes'));
    await resolve(entry('cluster', 'a_default'));
    expect(calls).toBe(1);
  });

  it('take the newest published version per proxy', () => {
    expect(latestPublished([{ published: { a: 'v3' } }, { published: { a: 'v2', b: 'w1' } }])).toEqual(new Map([['a', 'v3'], ['b', 'w1']]));
  });
});
