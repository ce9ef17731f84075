// The simulator agrees with a plain, separate reading of a RouteConfiguration on random configs and requests.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { simulateRequest } from './simulator';
import { gatewaySnapshot } from './testing/xds-fixtures';

// ---- generators ------------------------------------------------------------------------------

type J = Record<string, any>;

const DOMAINS = ['a.com', 'A.b.com', 'api.a.com', 'a.com:8080', '*.a.com', '*.com', '*-x.a.com', 'api.*', 'a.*', 'b.*', '*'];
const HOSTS = ['a.com', 'A.COM', 'a.com:8080', 'a.com:9', 'api.a.com', 'api.a.com:8080', 'x.api.a.com', 'q-x.a.com', '-x.a.com', 'a.b.com', 'api.b.org', 'a.', 'b.com', 'zzz', ''];
const PATHS = ['/', '/a', '/ab', '/a/b', '/A', '/Ab/c', '/ab?q=1', '/b', '/a?q=2', '/a/?x=1&q=1', '/ba'];
const REGEX_TOKENS = ['/', 'a', 'b', 'A', '.', '.*', '[ab]', '(a|b)', 'a+', 'b?', '[^/]*', '/?'];
const VALUES = ['a', 'A', 'ab', 'GET', 'POST', ''];

const regexArb = fc.array(fc.constantFrom(...REGEX_TOKENS), { minLength: 1, maxLength: 4 }).map((t) => t.join(''));

const pathSpecArb: fc.Arbitrary<J> = fc.oneof(
  fc.constantFrom('', '/', '/a', '/ab', '/A', '/a/').map((prefix) => ({ prefix })),
  fc.constantFrom('/a', '/ab', '/a/b', '/A').map((path) => ({ path })),
  regexArb.map((regex) => ({ safeRegex: { regex } })),
);

const stringMatchArb: fc.Arbitrary<J> = fc
  .tuple(fc.constantFrom('exact', 'prefix', 'suffix', 'contains'), fc.constantFrom(...VALUES), fc.boolean())
  .map(([k, v, ignoreCase]) => ({ [k]: v, ...(ignoreCase ? { ignoreCase } : {}) }));

const headerArb: fc.Arbitrary<J> = fc
  .tuple(
    fc.constantFrom('x-a', 'X-B', ':method'),
    fc.oneof(
      fc.constantFrom(...VALUES).map((exactMatch) => ({ exactMatch })),
      stringMatchArb.map((stringMatch) => ({ stringMatch })),
      fc.boolean().map((presentMatch) => ({ presentMatch })),
      regexArb.map((regex) => ({ safeRegexMatch: { regex } })),
      fc.constant({}),
    ),
    fc.boolean(),
  )
  .map(([name, spec, invertMatch]) => ({ name, ...spec, ...(invertMatch ? { invertMatch } : {}) }));

const queryArb: fc.Arbitrary<J> = fc.oneof(
  fc.constantFrom('1', '2').map((exact) => ({ name: 'q', stringMatch: { exact } })),
  fc.constant({ name: 'q', presentMatch: true }),
);

const actionArb: fc.Arbitrary<J> = fc
  .tuple(
    fc.oneof(
      fc.constantFrom('c1_ns', 'c2_ns').map((cluster) => ({ cluster })),
      fc.tuple(fc.nat(100), fc.nat(100)).map(([w1, w2]) => ({ weightedClusters: { clusters: [{ name: 'c1_ns', weight: w1 }, { name: 'w_other', weight: w2 }] } })),
    ),
    fc.constantFrom(undefined, '/', '/x'),
  )
  .map(([target, prefixRewrite]) => ({ route: { ...target, ...(prefixRewrite ? { prefixRewrite } : {}) } }));

const routeArb: fc.Arbitrary<J> = fc
  .tuple(pathSpecArb, fc.constantFrom(undefined, true, false), fc.array(headerArb, { maxLength: 2 }), fc.array(queryArb, { maxLength: 1 }), actionArb)
  .map(([spec, caseSensitive, headers, queryParameters, action]) => ({
    match: { ...spec, ...(caseSensitive === undefined ? {} : { caseSensitive }), ...(headers.length ? { headers } : {}), ...(queryParameters.length ? { queryParameters } : {}) },
    ...action,
  }));

/** Virtual hosts with every domain used at most once (Envoy rejects duplicates). */
const virtualHostsArb: fc.Arbitrary<J[]> = fc.integer({ min: 1, max: 4 }).chain((n) =>
  fc
    .tuple(
      fc.array(fc.integer({ min: -1, max: n - 1 }), { minLength: DOMAINS.length, maxLength: DOMAINS.length }),
      fc.array(fc.array(routeArb, { maxLength: 5 }), { minLength: n, maxLength: n }),
    )
    .map(([owners, routes]) =>
      routes.map((rs, i) => ({ name: `ns_vh${i}`, domains: DOMAINS.filter((_d, k) => owners[k] === i), routes: rs })),
    ),
);

const requestArb = fc.record(
  {
    host: fc.constantFrom(...HOSTS),
    path: fc.constantFrom(...PATHS),
    method: fc.constantFrom('GET', 'POST', 'get'),
    headers: fc.record({ 'x-a': fc.constantFrom(...VALUES), 'X-b': fc.constantFrom(...VALUES) }, { requiredKeys: [] }),
    query: fc.record({ q: fc.constantFrom('1', '2') }, { requiredKeys: [] }),
  },
  { requiredKeys: ['path'] },
);

// ---- the reference reading -------------------------------------------------------------------

interface Answer {
  matched: boolean;
  virtualHost?: string;
  routeIndex?: number;
  clusters?: string[];
  pathAfterRewrite?: string;
}

function referenceVirtualHost(vhosts: J[], hostIn: string): J | undefined {
  const host = hostIn.toLowerCase();
  // Envoy matches the whole Host, port included (no ignore_port_in_host_matching).
  const forms = [host];
  for (const f of forms) for (const v of vhosts) for (const d of v.domains) if (d !== '*' && !d.includes('*') && d.toLowerCase() === f) return v;
  for (const wildcard of ['suffix', 'prefix']) {
    for (const f of forms) {
      let best: J | undefined;
      let bestLength = -1;
      for (const v of vhosts) {
        for (const d of v.domains as string[]) {
          const lower = d.toLowerCase();
          if (d === '*') continue;
          if (wildcard === 'suffix' && d.startsWith('*')) {
            const rest = lower.slice(1);
            if (f.length > rest.length && f.endsWith(rest) && rest.length > bestLength) [best, bestLength] = [v, rest.length];
          }
          if (wildcard === 'prefix' && !d.startsWith('*') && d.endsWith('*')) {
            const rest = lower.slice(0, -1);
            if (f.length > rest.length && f.startsWith(rest) && rest.length > bestLength) [best, bestLength] = [v, rest.length];
          }
        }
      }
      if (best) return best;
    }
  }
  return vhosts.find((v) => v.domains.includes('*'));
}

function referenceString(m: J, value: string): boolean {
  const f = (s: string) => (m.ignoreCase ? s.toLowerCase() : s);
  if ('exact' in m) return f(value) === f(m.exact);
  if ('prefix' in m) return f(value).startsWith(f(m.prefix));
  if ('suffix' in m) return f(value).endsWith(f(m.suffix));
  return f(value).includes(f(m.contains));
}

function referenceHeader(h: J, headers: Record<string, string>): boolean {
  const invert = h.invertMatch === true;
  const value = headers[h.name.toLowerCase()];
  const kinds = ['exactMatch', 'stringMatch', 'presentMatch', 'safeRegexMatch'].filter((k) => k in h);
  if (value === undefined) {
    if (kinds.length === 0) return invert; // no specifier = "must be present"
    if (kinds[0] === 'presentMatch') return invert ? h.presentMatch : !h.presentMatch;
    return false;
  }
  let raw = true;
  if ('exactMatch' in h) raw = h.exactMatch === '' || value === h.exactMatch;
  if ('stringMatch' in h) raw = referenceString(h.stringMatch, value);
  if ('presentMatch' in h) raw = h.presentMatch;
  if ('safeRegexMatch' in h) raw = new RegExp(`^(?:${h.safeRegexMatch.regex})$`).test(value);
  return raw !== invert;
}

function reference(vhosts: J[], req: J): Answer {
  const vh = referenceVirtualHost(vhosts, req.host ?? '');
  if (!vh) return { matched: false };
  let full = req.path as string;
  if (req.query?.q !== undefined) full += (full.includes('?') ? '&' : '?') + 'q=' + req.query.q;
  const path = full.split('?')[0];
  const params: Record<string, string> = {};
  for (const kv of (full.split('?')[1] ?? '').split('&')) {
    const [k, v = ''] = kv.split('=');
    if (k !== '' && !(k in params)) params[k] = v;
  }
  const headers: Record<string, string> = { ':method': (req.method ?? 'GET').toUpperCase() };
  for (const [k, v] of Object.entries(req.headers ?? {})) headers[k.toLowerCase()] = v as string;
  for (let i = 0; i < vh.routes.length; i++) {
    const r = vh.routes[i];
    const m = r.match;
    const cs = m.caseSensitive !== false;
    let ok: boolean;
    let matched: string;
    if ('prefix' in m) [ok, matched] = [cs ? path.startsWith(m.prefix) : path.toLowerCase().startsWith(m.prefix.toLowerCase()), m.prefix];
    else if ('path' in m) [ok, matched] = [cs ? path === m.path : path.toLowerCase() === m.path.toLowerCase(), m.path];
    else [ok, matched] = [new RegExp(`^(?:${m.safeRegex.regex})$`).test(path), path];
    if (!ok) continue;
    if (!(m.headers ?? []).every((h: J) => referenceHeader(h, headers))) continue;
    if (!(m.queryParameters ?? []).every((q: J) => q.name in params && (q.presentMatch || params[q.name] === q.stringMatch.exact))) continue;
    const clusters = r.route.cluster ? [r.route.cluster] : r.route.weightedClusters.clusters.map((c: J) => c.name);
    const pathAfterRewrite = r.route.prefixRewrite ? r.route.prefixRewrite + full.slice(matched.length) : full;
    return { matched: true, virtualHost: vh.name, routeIndex: i, clusters, pathAfterRewrite };
  }
  return { matched: false, virtualHost: vh.name };
}

// ---- properties ------------------------------------------------------------------------------

describe('simulator against a reference reading of the RouteConfiguration', () => {
  it('picks the same virtual host, route, clusters and rewritten path for random configs and requests', () => {
    fc.assert(
      fc.property(virtualHostsArb, fc.array(requestArb, { minLength: 1, maxLength: 8 }), (vhosts, requests) => {
        const snap = gatewaySnapshot(vhosts, ['c1_ns', 'c2_ns', 'w_other']);
        for (const req of requests) {
          const d = simulateRequest(snap, req);
          const actual: Answer = d.matched
            ? {
                matched: true,
                virtualHost: d.virtualHost.name,
                routeIndex: d.route.index,
                clusters: d.action.destinations?.map((x) => x.cluster),
                pathAfterRewrite: d.action.pathAfterRewrite,
              }
            : { matched: false, ...(d.virtualHost ? { virtualHost: d.virtualHost.name } : {}) };
          expect(actual, JSON.stringify({ req, vhosts })).toEqual(reference(vhosts, req));
        }
      }),
      { numRuns: 600 },
    );
  });

  it('never throws and always names the proxy, whatever the request', () => {
    fc.assert(
      fc.property(virtualHostsArb, fc.record({ host: fc.string(), path: fc.string(), method: fc.string() }), (vhosts, req) => {
        const d = simulateRequest(gatewaySnapshot(vhosts), req);
        expect(d.proxy).toBe('gloo-system~gateway-proxy');
      }),
      { numRuns: 200 },
    );
  });
});
