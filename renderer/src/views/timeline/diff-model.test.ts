import { describe, expect, it } from 'vitest';
import { diffJson } from '../../../../core/common/diff/json-diff';
import { diffObjects } from '../../../../core/common/diff/object-diff';
import { diffXds } from '../../../../core/common/diff/xds-diff';
import type { Resource } from '../../../../core/common/model/resource';
import { gatewaySnapshot, route, toCluster, vhost } from '../../../../core/common/route/testing/xds-fixtures';
import { countEntries, diffModel, fieldRows, flattenJson } from './diff-model';

const upstream = (name: string, port: number): Resource => ({
  kind: 'Upstream', metadata: { name, namespace: 'default' }, spec: { static: { hosts: [{ addr: '10.0.0.1', port }] } },
} as unknown as Resource);

describe('diffModel', () => {
  it('reads an object diff: added, removed and changed objects with their fields', () => {
    const d = diffObjects([upstream('a', 80), upstream('b', 80)], [upstream('a', 8080), upstream('c', 80)]);
    const model = diffModel(JSON.parse(JSON.stringify(d)));
    expect(model.equal).toBe(false);
    const entries = model.sections[0].entries;
    expect(entries.map((e) => `${e.change} ${e.title}`)).toEqual(['added Upstream default/c', 'removed Upstream default/b', 'changed Upstream default/a']);
    expect(entries[2].fields).toEqual([{ path: 'spec.static.hosts[0].port', op: 'replace', before: 80, after: 8080 }]);
    expect(entries[2].object).toEqual({ kind: 'Upstream', namespace: 'default', name: 'a' });
    expect(countEntries(model)).toEqual({ added: 1, removed: 1, changed: 1 });
  });

  it('reads an xDS diff per proxy, with the changed route field', () => {
    const before = gatewaySnapshot([vhost('default', 'shop', ['*'], [route({ prefix: '/' }, toCluster('a_default'))])]);
    const after = gatewaySnapshot([vhost('default', 'shop', ['*'], [route({ prefix: '/v2' }, toCluster('a_default'))])]);
    const model = diffModel(JSON.parse(JSON.stringify(diffXds([before], [after]))));
    expect(model.sections.map((s) => s.title)).toEqual(['proxy gloo-system~gateway-proxy']);
    const [entry] = model.sections[0].entries;
    expect(entry).toMatchObject({ change: 'changed', title: 'route listener-::-8080-routes', resource: { type: 'route', name: 'listener-::-8080-routes' } });
    expect(entry.fields[0]).toMatchObject({ path: 'virtualHosts[0].routes[0].match.prefix', before: '/', after: '/v2' });
  });

  it('treats empty and equal diffs as equal and keeps unknown shapes raw', () => {
    expect(diffModel(undefined)).toEqual({ equal: true, sections: [] });
    expect(diffModel({ equal: true, proxies: [] }).equal).toBe(true);
    expect(diffModel({ equal: true, added: [], removed: [], changed: [] }).equal).toBe(true);
    expect(diffModel({ something: 1 }).raw).toEqual({ something: 1 });
    expect(diffModel(diffJson({ a: 1 }, { a: 2 })).sections[0].entries[0].fields).toHaveLength(1);
  });
});

describe('fieldRows', () => {
  const after = { match: { prefix: '/v2' }, route: { cluster: 'a', timeout: '5s' }, tags: ['x'] };
  const fields = diffJson({ match: { prefix: '/' }, route: { cluster: 'a' }, tags: ['x'], old: 1 }, after);

  it('lists only the changes by default', () => {
    expect(fieldRows(fields).map((r) => `${r.kind} ${r.path}`).sort()).toEqual(['added route.timeout', 'changed match.prefix', 'removed old']);
  });

  it('with the full value, shows every field in order with unchanged ones marked', () => {
    expect(fieldRows(fields, after).map((r) => `${r.kind} ${r.path}`)).toEqual([
      'changed match.prefix', 'unchanged route.cluster', 'added route.timeout', 'unchanged tags[0]', 'removed old',
    ]);
  });

  it('flattens values to leaf paths', () => {
    expect(flattenJson({ a: { 'b.c': [1, {}] }, d: [] })).toEqual([{ path: 'a["b.c"][0]', value: 1 }, { path: 'a["b.c"][1]', value: {} }, { path: 'd', value: [] }]);
  });
});
