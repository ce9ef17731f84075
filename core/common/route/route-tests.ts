// Route tests: requests with expected routing outcomes, run through the simulator against the xDS
// each proxy is served (in the spirit of Envoy's router_check_tool). The file format is in
// docs/route-tests.md; the parser is in route-tests-parser.ts.
import type { XdsSnapshot } from '../xds/xds-snapshot';
import type { RouteDecision } from './decision';
import type { SimulatedRequest } from './request';
import { simulateRequest, type SimulateOptions } from './simulator';
import { tcpProxyExpectationFailures } from './tcp-proxy';
import type { ACTION_TYPES } from './route-tests-parser';
import { DEFAULT_PROXY_KEY } from '../xds/proxy-keys';

export { ACTION_TYPES, parseRouteTests, RouteTestsParseError, type RouteTestProblem } from './route-tests-parser';

export { DEFAULT_PROXY_KEY };

/** What a test expects; every field given must hold. */
export interface RouteTestExpect {
  readonly matched?: boolean;
  /** Virtual host name (`<ns>_<name>`) or the VirtualService as `ns/name`. */
  readonly virtualHost?: string;
  /** The Gloo route's name, the Envoy route's name, or the VirtualService / RouteTable that defined the route as `ns/name`. */
  readonly route?: string;
  /** A cluster among the destinations. */
  readonly cluster?: string;
  /** An upstream among the destinations, as `ns/name`. */
  readonly upstream?: string;
  readonly action?: (typeof ACTION_TYPES)[number];
  /** Status of a redirect or direct response; 503 for a forward whose clusters all do not exist. */
  readonly status?: number;
  readonly location?: string;
  readonly pathAfterRewrite?: string;
  /** A cluster, or an upstream as `ns/name`, the request is mirrored to. */
  readonly mirror?: string;
  /** Body of a direct response. */
  readonly body?: string;
}

/** One route test. */
export interface RouteTest {
  readonly name: string;
  /** Proxy key `ns~name`, `ns/name` or a bare proxy name. */
  readonly proxy?: string;
  readonly request: SimulatedRequest;
  readonly expect: RouteTestExpect;
}

/** A parsed route test file: an optional default proxy and the tests, in order. */
export interface RouteTestFile {
  readonly proxy?: string;
  readonly tests: readonly RouteTest[];
}

/** The outcome of one test: passed when `failures` is empty; `decision` is what the simulator answered. */
export interface RouteTestResult {
  readonly name: string;
  readonly passed: boolean;
  readonly failures: string[];
  readonly decision: RouteDecision;
}

/** Runs every test against the snapshot of its proxy, in order; never throws on failing expectations. */
export function runRouteTests(
  xdsByProxy: ReadonlyMap<string, XdsSnapshot>,
  tests: RouteTestFile | readonly RouteTest[],
  opts: SimulateOptions = {},
): RouteTestResult[] {
  const file: RouteTestFile = isFile(tests) ? tests : { tests };
  return file.tests.map((t) => {
    const proxy = resolveProxy(xdsByProxy, t.proxy ?? file.proxy);
    if ('error' in proxy) {
      const decision: RouteDecision = { matched: false, proxy: t.proxy ?? file.proxy ?? '', reason: proxy.error };
      return { name: t.name, passed: false, failures: [proxy.error], decision };
    }
    const decision = simulateRequest(proxy.xds, t.request, opts);
    const failures = checkExpectations(t.expect, decision);
    return { name: t.name, passed: failures.length === 0, failures, decision };
  });
}

function isFile(t: RouteTestFile | readonly RouteTest[]): t is RouteTestFile {
  return !Array.isArray(t);
}

/** The snapshot a test names (`ns~name`, `ns/name` or a unique bare name), or the only / default one when it names none. */
export function resolveProxy(xdsByProxy: ReadonlyMap<string, XdsSnapshot>, wanted: string | undefined): { xds: XdsSnapshot } | { error: string } {
  const known = [...xdsByProxy.keys()].sort();
  const list = known.length ? known.join(', ') : 'none';
  if (wanted === undefined || wanted === '') {
    if (xdsByProxy.size === 1) return { xds: [...xdsByProxy.values()][0] };
    const d = xdsByProxy.get(DEFAULT_PROXY_KEY);
    return d ? { xds: d } : { error: `no proxy named and no ${DEFAULT_PROXY_KEY}; set proxy to one of: ${list}` };
  }
  const exact = xdsByProxy.get(wanted) ?? xdsByProxy.get(wanted.replace('/', '~'));
  if (exact) return { xds: exact };
  const byName = known.filter((k) => k.slice(k.indexOf('~') + 1) === wanted);
  if (byName.length === 1) return { xds: xdsByProxy.get(byName[0])! };
  if (byName.length > 1) return { error: `proxy ${wanted} is ambiguous (${byName.join(', ')}); write it as namespace~name` };
  return { error: `no proxy ${wanted}; known proxies: ${list}` };
}

/** Every expectation the decision breaks, each as one readable sentence; empty when all hold. */
export function checkExpectations(expect: RouteTestExpect, d: RouteDecision): string[] {
  const wantsMatch = Object.keys(expect).some((k) => k !== 'matched') || expect.matched === true;
  if (expect.matched === false) return d.matched ? [`expected no match, but route #${d.route.index + 1} ${d.route.name} of ${d.virtualHost.name} matched`] : [];
  if (!d.matched) return d.tcpProxy ? tcpProxyExpectationFailures(expect, d.tcpProxy) : wantsMatch ? [`expected a match, but ${d.reason}`] : [];
  const out: string[] = [];
  const check = (field: string, want: string | number | undefined, ok: boolean, got: string) => {
    if (want !== undefined && !ok) out.push(`${field}: expected ${JSON.stringify(want)}, got ${got}`);
  };
  const vh = d.virtualHost;
  check('virtualHost', expect.virtualHost, expect.virtualHost === vh.name || expect.virtualHost === nsName(vh.source), quoteAll([vh.name, nsName(vh.source)]));
  const r = d.route;
  check('route', expect.route, expect.route === r.name || expect.route === r.source?.routeName || expect.route === nsName(r.source), quoteAll([r.source?.routeName ?? r.name, nsName(r.source)]));
  const a = d.action;
  check('action', expect.action, expect.action === a.type, JSON.stringify(a.type));
  const dests = a.destinations ?? [];
  const clusters = dests.map((x) => x.cluster);
  const upstreams = dests.map((x) => (x.upstream ? `${x.upstream.namespace}/${x.upstream.name}` : ''));
  check('cluster', expect.cluster, clusters.includes(expect.cluster ?? ''), a.type === 'forward' ? quoteAll(clusters) : `a ${a.type}`);
  check('upstream', expect.upstream, upstreams.includes(expect.upstream ?? ''), a.type === 'forward' ? quoteAll(upstreams) : `a ${a.type}`);
  // A forward whose every cluster is missing gets Envoy's 503 (cluster_not_found_response_code).
  const status = a.redirect?.status ?? a.directResponse?.status ?? (dests.length && dests.every((x) => x.missing) ? 503 : undefined);
  check('status', expect.status, status === expect.status, status === undefined ? `a ${a.type}` : String(status));
  check('location', expect.location, a.redirect?.location === expect.location, a.redirect ? JSON.stringify(a.redirect.location) : `a ${a.type}`);
  check('pathAfterRewrite', expect.pathAfterRewrite, a.pathAfterRewrite === expect.pathAfterRewrite, a.pathAfterRewrite !== undefined ? JSON.stringify(a.pathAfterRewrite) : `a ${a.type}`);
  const mirrors = (a.mirrors ?? []).flatMap((m) => [m.cluster, m.upstream ? `${m.upstream.namespace}/${m.upstream.name}` : '']);
  check('mirror', expect.mirror, mirrors.includes(expect.mirror ?? ''), a.type === 'forward' ? quoteAll(mirrors) : `a ${a.type}`);
  check('body', expect.body, a.directResponse?.body === expect.body, a.directResponse ? JSON.stringify(a.directResponse.body ?? '') : `a ${a.type}`);
  return out;
}

function nsName(s: { namespace: string; name: string } | undefined): string {
  return s ? `${s.namespace}/${s.name}` : '';
}

function quoteAll(values: string[]): string {
  const shown = values.filter((v) => v !== '');
  return shown.length ? shown.map((v) => JSON.stringify(v)).join(' / ') : 'nothing';
}

/** Results as text: one ✓/✗ line per test, each failure indented under it, then a `N passed, M failed` summary. */
export function formatRouteTestResults(results: readonly RouteTestResult[]): string {
  const lines: string[] = [];
  for (const r of results) {
    lines.push(`${r.passed ? '✓' : '✗'} ${r.name}`);
    for (const f of r.failures) lines.push(`    ${f}`);
  }
  const failed = results.filter((r) => !r.passed).length;
  lines.push(`${results.length - failed} passed, ${failed} failed`);
  return lines.join('\n');
}
