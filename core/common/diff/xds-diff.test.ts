import { describe, expect, it } from 'vitest';
import { buildXdsSnapshot, type XdsResourceInput } from '../xds/snapshot-builder';
import { diffXds, formatXdsDiff } from './xds-diff';

const NODE = 'gloo-system~gateway-proxy';
const rc = (routes: object[]) => ({ name: 'rc', json: { name: 'rc', virtualHosts: [{ name: 'default_vs', domains: ['*'], routes }] } });
const r = (name: string, prefix: string) => ({ name, match: { prefix }, route: { cluster: 'c_default' } });
const snap = (input: XdsResourceInput, node = NODE) => buildXdsSnapshot(node, input);

describe('diffXds', () => {
  const base = snap({ route: [rc([r('a', '/a'), r('b', '/b')])], cluster: [{ name: 'c_default', json: { name: 'c_default', type: 'EDS' } }] });

  it('finds two identical snapshot sets equal', () => {
    expect(diffXds([base], [base])).toEqual({ equal: true, proxies: [] });
    expect(diffXds(new Map([[NODE, base]]), [snap({ route: [rc([r('a', '/a'), r('b', '/b')])], cluster: [{ name: 'c_default', json: { type: 'EDS', name: 'c_default' } }] })]).equal).toBe(true);
  });

  it('lists added, removed and changed resources with field changes', () => {
    const next = snap({ route: [rc([r('a', '/a'), r('b', '/bb')])], cluster: [{ name: 'd_default', json: { name: 'd_default' } }] });
    expect(diffXds([base], [next])).toEqual({
      equal: false,
      proxies: [
        {
          node: NODE,
          state: 'changed',
          added: [{ type: 'cluster', name: 'd_default' }],
          removed: [{ type: 'cluster', name: 'c_default' }],
          changed: [{ type: 'route', name: 'rc', fields: [{ path: 'virtualHosts[0].routes[1].match.prefix', op: 'replace', before: '/b', after: '/bb' }] }],
        },
      ],
    });
  });

  it('reports proxies that appear or disappear with all their resources', () => {
    const other = snap({ listener: [{ name: 'l', json: { name: 'l' } }] }, 'ns~edge');
    const d = diffXds([base], [other]);
    expect(d.proxies.map((p) => [p.node, p.state, p.added.length, p.removed.length])).toEqual([
      [NODE, 'removed', 0, 2],
      ['ns~edge', 'added', 1, 0],
    ]);
  });

  it('formats like kubectl diff', () => {
    const next = snap({ route: [rc([r('a', '/a'), r('x', '/x'), r('b', '/b')])], cluster: [{ name: 'c_default', json: { name: 'c_default', type: 'EDS' } }, { name: 'e_default', json: {} }] });
    expect(formatXdsDiff(diffXds([base], [next]))).toBe(
      [
        'proxy gloo-system~gateway-proxy',
        '+ cluster e_default',
        '~ route rc',
        '  + virtualHosts[0].routes[1]: {"name":"x","match":{"prefix":"/x"},"route":{"cluster":"c_default"}}',
      ].join('\n'),
    );
    expect(formatXdsDiff(diffXds([base], [base]))).toBe('no differences');
  });

  it('diffs a 1,000-route configuration with one inserted and one edited route, looking at each route a bounded number of times', () => {
    // Each route counts the reads of its name: matching routes by name must hash each one once per side (then diff the
    // matched pairs), not compare every route of one side with every route of the other.
    let nameReads = 0;
    const counted = <T extends object>(o: T): T => new Proxy(o, { get: (t, k, rcv) => ((k === 'name' && nameReads++), Reflect.get(t, k, rcv)) });
    const plain = Array.from({ length: 1000 }, (_v, i) => ({
      name: `default_vs-route-${i}`,
      match: { prefix: `/p${i}`, headers: [{ name: ':method', stringMatch: { exact: 'GET' } }] },
      route: { cluster: `u${i % 17}_default`, timeout: '15s' },
      metadata: { filterMetadata: { 'io.xds-sandbox.source': { kind: 'VirtualService', namespace: 'default', name: 'vs', routeIndex: i } } },
    }));
    const edited = plain.slice();
    edited.splice(500, 0, { ...plain[0], name: 'inserted', match: { ...plain[0].match, prefix: '/new' } });
    edited[900] = { ...edited[900], route: { ...edited[900].route, timeout: '30s' } };
    const a = snap({ route: [rc(plain.map(counted))] });
    const b = snap({ route: [rc(edited.map(counted))] });
    nameReads = 0;
    const started = performance.now();
    const d = diffXds([a], [b]);
    console.log(`xDS diff of 1,000 routes, one inserted and one edited: ${(performance.now() - started).toFixed(1)} ms, ${nameReads} reads of a route's name`);
    expect(d.proxies[0].changed[0].fields.map((f) => `${f.op} ${f.path}`)).toEqual(['add virtualHosts[0].routes[500]', 'replace virtualHosts[0].routes[900].route.timeout']);
    expect(nameReads).toBeLessThanOrEqual(4 * (plain.length + edited.length));
  });
});
