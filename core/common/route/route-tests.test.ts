import { describe, expect, it } from 'vitest';
import { buildXdsSnapshot } from '../xds/snapshot-builder';
import type { XdsSnapshot } from '../xds/xds-snapshot';
import { formatRouteTestResults, parseRouteTests, RouteTestsParseError, runRouteTests, type RouteTestProblem } from './route-tests';
import { cluster, gatewaySnapshot, httpListener, PROXY, route, routeConfig, toCluster, vhost } from './testing/xds-fixtures';

const snap = gatewaySnapshot(
  [
    vhost('default', 'petstore', ['petstore.example.com'], [
      route({ prefix: '/api', headers: [{ name: ':method', exactMatch: 'GET' }] }, toCluster('petstore_default', { prefixRewrite: '/v1' }), { kind: 'RouteTable', namespace: 'team', name: 'pets', routeIndex: 0 }),
      route({ path: '/old' }, { redirect: { pathRedirect: '/new' } }, { kind: 'VirtualService', namespace: 'default', name: 'petstore', routeIndex: 1 }),
      route({ prefix: '/ping' }, { directResponse: { status: 200, body: { inlineString: 'pong' } } }),
    ]),
  ],
  ['petstore_default'],
);
const proxies = new Map<string, XdsSnapshot>([[PROXY, snap]]);

const problemsOf = (text: string): RouteTestProblem[] => {
  try {
    parseRouteTests(text, 'routes.yaml');
  } catch (e) {
    if (e instanceof RouteTestsParseError) return [...e.problems];
    throw e;
  }
  throw new Error('expected a parse error');
};

describe('route test files', () => {
  it('parse requests and expectations, coercing scalar header values to strings', () => {
    const file = parseRouteTests(`
proxy: gateway-proxy
tests:
  - name: pets
    request: {host: petstore.example.com, path: /api/pets, method: GET, headers: {x-version: 2}, query: {debug: true}, port: 8080}
    expect: {cluster: petstore_default, upstream: default/petstore, pathAfterRewrite: /v1/pets}
`);
    expect(file).toEqual({
      proxy: 'gateway-proxy',
      tests: [
        {
          name: 'pets',
          request: { host: 'petstore.example.com', path: '/api/pets', method: 'GET', headers: { 'x-version': '2' }, query: { debug: 'true' }, port: 8080 },
          expect: { cluster: 'petstore_default', upstream: 'default/petstore', pathAfterRewrite: '/v1/pets' },
        },
      ],
    });
  });

  it('report YAML syntax errors with their line and column', () => {
    const [p] = problemsOf('tests:\n  - name: a\n   bad: [');
    expect(p.line).toBeGreaterThanOrEqual(2);
    expect(p.message).not.toBe('');
  });

  it('report a missing tests list', () => {
    expect(problemsOf('proxy: x\n')).toEqual([{ line: 1, column: 1, path: '', message: '`tests` is required: a list of tests' }]);
    expect(problemsOf('- a\n')[0].message).toBe('a route test file is a mapping with a `tests` list');
  });

  it('report every problem at once, each at its field', () => {
    const problems = problemsOf(`tests:
  - name: one
    request: {host: a, path: api, port: 70000}
    expect: {statsu: 301}
  - name: one
    request: {path: /}
    expect: {status: 42, action: teleport, upstream: nope}
`);
    expect(problems.map((p) => `${p.line}:${p.column} ${p.path}: ${p.message}`)).toEqual([
      '3:30 tests[0].request.path: path must start with /, got "api"',
      '3:41 tests[0].request.port: port must be an integer from 1 to 65535, got 70000',
      '4:14 tests[0].expect.statsu: unknown field "statsu" (did you mean status?); expected one of matched, virtualHost, route, cluster, upstream, location, pathAfterRewrite, mirror, body, status, action',
      '5:11 tests[1].name: duplicate test name "one" (also tests[0])',
      '7:22 tests[1].expect.status: status must be an HTTP status code (100-599), got 42',
      '7:34 tests[1].expect.action: action must be one of forward, redirect, directResponse, got "teleport"',
      '7:54 tests[1].expect.upstream: upstream is written namespace/name, got "nope"',
    ]);
  });

  it('require name, request path and a non-empty expect', () => {
    const problems = problemsOf('tests:\n  - request: {host: a}\n    expect: {}\n');
    expect(problems.map((p) => p.message)).toEqual([
      'every test needs a non-empty `name`',
      '`path` is required, e.g. /api/pets',
      '`expect` is required: a mapping with at least one of matched, virtualHost, route, cluster, upstream, location, pathAfterRewrite, mirror, body, status, action',
    ]);
  });

  it('refuse matched: false together with other expectations', () => {
    const [p] = problemsOf('tests:\n  - name: a\n    request: {path: /}\n    expect: {matched: false, cluster: c}\n');
    expect(p.message).toBe('matched: false cannot be combined with cluster');
  });

  it('put every problem in the error message as file:line:column', () => {
    expect(() => parseRouteTests('tests: 3', 'r.yaml')).toThrow('1 problem in route tests r.yaml:\n  r.yaml:1:8: tests: `tests` must be a non-empty list');
  });
});

describe('running route tests', () => {
  const run = (yaml: string, map = proxies) => runRouteTests(map, parseRouteTests(yaml));

  it('pass when every expectation holds', () => {
    const [r] = run(`tests:
  - name: pets
    request: {host: petstore.example.com, path: /api/pets}
    expect: {matched: true, virtualHost: default/petstore, route: team/pets, cluster: petstore_default, upstream: default/petstore, action: forward, pathAfterRewrite: /v1/pets}
`);
    expect(r).toMatchObject({ name: 'pets', passed: true, failures: [] });
    expect(r.decision.matched).toBe(true);
  });

  it('accept names as well as sources for virtual hosts and routes', () => {
    const [r] = run('tests:\n  - name: n\n    request: {host: petstore.example.com, path: /api}\n    expect: {virtualHost: default_petstore, route: team_pets-route-0}\n');
    expect(r.passed).toBe(true);
  });

  it('check redirects and direct responses', () => {
    const results = run(`tests:
  - name: redirect
    request: {host: petstore.example.com, path: /old?a=1}
    expect: {status: 301, location: "http://petstore.example.com/new?a=1", action: redirect}
  - name: ping
    request: {host: petstore.example.com, path: /ping}
    expect: {status: 200, body: pong}
`);
    expect(results.map((r) => [r.name, r.failures])).toEqual([
      ['redirect', []],
      ['ping', []],
    ]);
  });

  it('see 503 for a forward to a cluster that does not exist', () => {
    const gone = gatewaySnapshot([vhost('default', 'shop', ['shop.example.com'], [route({ prefix: '/' }, toCluster('gone_default'))])], []);
    const [r] = run('tests:\n  - name: gone\n    request: {host: shop.example.com, path: /}\n    expect: {status: 503, upstream: default/gone}\n', new Map([[PROXY, gone]]));
    expect(r.failures).toEqual([]);
  });

  it('explain each broken expectation in one sentence', () => {
    const [r] = run(`tests:
  - name: wrong
    request: {host: petstore.example.com, path: /api/pets}
    expect: {cluster: other_default, upstream: x/y, status: 302, location: /x, virtualHost: a/b}
`);
    expect(r.passed).toBe(false);
    expect(r.failures).toEqual([
      'virtualHost: expected "a/b", got "default_petstore" / "default/petstore"',
      'cluster: expected "other_default", got "petstore_default"',
      'upstream: expected "x/y", got "default/petstore"',
      'status: expected 302, got a forward',
      'location: expected "/x", got a forward',
    ]);
  });

  it('fail on an unexpected match or an unexpected miss, with the reason', () => {
    const results = run(`tests:
  - name: miss expected
    request: {host: petstore.example.com, path: /api/pets}
    expect: {matched: false}
  - name: match expected
    request: {host: petstore.example.com, path: /api/pets, method: POST}
    expect: {cluster: petstore_default}
  - name: miss ok
    request: {host: other.org, path: /}
    expect: {matched: false}
`);
    expect(results.map((r) => r.failures)).toEqual([
      ['expected no match, but route #1 team_pets-route-0 of default_petstore matched'],
      ['expected a match, but no route in virtual host default_petstore matches'],
      [],
    ]);
  });

  it('pick the proxy by key, namespace/name or bare name, and explain unknown proxies', () => {
    const other = buildXdsSnapshot('ns~edge', {
      listener: [httpListener(8080, 'r')],
      route: [routeConfig('r', [vhost('ns', 'edge', ['*'], [route({ prefix: '/' }, toCluster('edge_ns'))])])],
      cluster: [cluster('edge_ns')],
    });
    const two = new Map([[PROXY, snap], ['ns~edge', other]]);
    const results = run(
      `tests:
  - {name: key, proxy: ns~edge, request: {path: /}, expect: {cluster: edge_ns}}
  - {name: slash, proxy: ns/edge, request: {path: /}, expect: {cluster: edge_ns}}
  - {name: bare, proxy: edge, request: {path: /}, expect: {cluster: edge_ns}}
  - {name: default, request: {host: petstore.example.com, path: /api}, expect: {cluster: petstore_default}}
  - {name: unknown, proxy: nope, request: {path: /}, expect: {matched: false}}
`,
      two,
    );
    expect(results.map((r) => [r.name, r.passed])).toEqual([
      ['key', true],
      ['slash', true],
      ['bare', true],
      ['default', true],
      ['unknown', false],
    ]);
    expect(results[4].failures).toEqual(['no proxy nope; known proxies: gloo-system~gateway-proxy, ns~edge']);
  });

  it('format results with a summary line', () => {
    const results = run(`tests:
  - {name: good, request: {host: petstore.example.com, path: /ping}, expect: {status: 200}}
  - {name: bad, request: {host: petstore.example.com, path: /ping}, expect: {status: 404}}
`);
    expect(formatRouteTestResults(results)).toBe('✓ good\n✗ bad\n    status: expected 404, got 200\n1 passed, 1 failed');
  });
});
