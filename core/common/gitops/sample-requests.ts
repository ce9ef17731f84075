// Sample requests taken from the routes themselves: for every route of a virtual host that differs between two xDS
// snapshots (or that sends traffic to a cluster that appeared or disappeared), one request its matcher accepts. They
// are what the traffic diff replays on both sides; routes of unchanged virtual hosts cannot route differently.
import { sourceFromMetadata } from '../route/decision';
import type { SimulatedRequest } from '../route/request';
import { DEFAULT_PORT } from '../route/request';
import { httpConnectionManager } from '../route/listener-selector';
import { listenerInput, listOf, routeConfigurationInput, unwrap, type HeaderMatcherInput, type RouteInput, type VirtualHostInput } from '../route/envoy-input';
import { stableStringify } from '../model/hash';
import type { XdsSnapshot } from '../xds/xds-snapshot';

/** A request to replay before and after a change, the proxy to send it to, a label and where it came from. */
export interface SampleRequest {
  /** Proxy key `namespace~name`; undefined for the only or default proxy. */
  readonly proxy?: string;
  /** `GET petstore.example.com/api/pets [x-canary: true]`. */
  readonly label: string;
  readonly request: SimulatedRequest;
  /** `route pets of gloo-system_petstore`, or `route test demo-routes: canary header goes to v2`. */
  readonly origin: string;
}

/** The samples of two snapshot sets, one per distinct request, plus how many changed routes gave none (e.g. a regex too hard to sample). */
export function sampleChangedRoutes(before: ReadonlyMap<string, XdsSnapshot>, after: ReadonlyMap<string, XdsSnapshot>): { samples: SampleRequest[]; unsampled: number } {
  const samples = new Map<string, SampleRequest>();
  let unsampled = 0;
  for (const node of [...new Set([...before.keys(), ...after.keys()])].sort()) {
    const a = before.get(node);
    const b = after.get(node);
    const clusters = changedClusters(a, b);
    for (const side of [a, b]) {
      if (!side) continue;
      for (const { vh, port } of changedVirtualHosts(side, side === a ? b : a, clusters)) {
        for (const route of listOf(vh.routes)) {
          const sample = sampleOf(node, vh, route, port);
          if (!sample) unsampled++;
          else if (!samples.has(`${node} ${sample.label}`)) samples.set(`${node} ${sample.label}`, sample);
        }
      }
    }
  }
  return { samples: [...samples.values()], unsampled };
}

/** A label for a request: method, host, path and the headers it sets. */
export function requestLabel(req: SimulatedRequest): string {
  const headers = Object.entries(req.headers ?? {}).map(([k, v]) => `${k}: ${v}`);
  const port = req.port !== undefined && req.port !== DEFAULT_PORT ? ` (port ${req.port})` : '';
  return `${(req.method ?? 'GET').toUpperCase()} ${req.host ?? ''}${req.path}${headers.length ? ` [${headers.join(', ')}]` : ''}${port}`;
}

function changedClusters(a: XdsSnapshot | undefined, b: XdsSnapshot | undefined): Set<string> {
  const x = a?.resources.cluster.items ?? new Map();
  const y = b?.resources.cluster.items ?? new Map();
  const out = new Set<string>();
  for (const name of new Set([...x.keys(), ...y.keys()])) if (!x.has(name) || !y.has(name)) out.add(name);
  return out;
}

/** Virtual hosts of `side` (with their listener's port) that differ from `other`'s or use a changed cluster. */
function changedVirtualHosts(side: XdsSnapshot, other: XdsSnapshot | undefined, clusters: ReadonlySet<string>): { vh: VirtualHostInput; port: number }[] {
  const out: { vh: VirtualHostInput; port: number }[] = [];
  for (const [rcName, port] of routeConfigPorts(side)) {
    const mine = side.resources.route.items.get(rcName);
    const theirs = other?.resources.route.items.get(rcName);
    const same = theirs !== undefined && theirs.version === mine?.version;
    if (!mine || (same && clusters.size === 0)) continue;
    const otherHosts = new Map(listOf(theirs && !same ? routeConfigurationInput(theirs.json).virtualHosts : undefined).map((vh) => [vh.name ?? '', vh]));
    for (const vh of listOf(routeConfigurationInput(mine.json).virtualHosts)) {
      const twin = otherHosts.get(vh.name ?? '');
      const differs = !same && (!twin || (twin !== vh && stableStringify(twin) !== stableStringify(vh)));
      if (differs || usesAny(vh, clusters)) out.push({ vh, port });
    }
  }
  return out;
}

/** Route configuration names (RDS) → the port of the listener that uses them. */
function routeConfigPorts(x: XdsSnapshot): Map<string, number> {
  const out = new Map<string, number>();
  for (const r of x.resources.listener.items.values()) {
    const l = listenerInput(r.json);
    const port = Number(l.address?.socketAddress?.portValue ?? DEFAULT_PORT);
    for (const chain of [...listOf(l.filterChains), ...(l.defaultFilterChain ? [l.defaultFilterChain] : [])]) {
      const name = httpConnectionManager(chain)?.rds?.routeConfigName;
      if (name && !out.has(name)) out.set(name, port);
    }
  }
  return out;
}

function usesAny(vh: VirtualHostInput, clusters: ReadonlySet<string>): boolean {
  if (clusters.size === 0) return false;
  return listOf(vh.routes).some((r) => (r.route?.cluster && clusters.has(r.route.cluster))
    || listOf(r.route?.weightedClusters?.clusters).some((c) => clusters.has(c.name ?? '')));
}

/** A request the route's matcher accepts, on a host of its virtual host; undefined when none can be made up. */
export function sampleOf(node: string, vh: VirtualHostInput, route: RouteInput, port: number): SampleRequest | undefined {
  const m = route.match ?? {};
  const path = m.prefix !== undefined ? m.prefix || '/' : m.path ?? m.pathSeparatedPrefix ?? (m.safeRegex?.regex !== undefined ? sampleForRegex(m.safeRegex.regex) : m.regex !== undefined ? sampleForRegex(m.regex) : undefined);
  const host = hostOf(listOf(vh.domains));
  if (path === undefined || host === undefined) return undefined;
  let method: string | undefined;
  const headers: Record<string, string> = {};
  for (const h of listOf(m.headers)) {
    const value = headerSample(h);
    if (value === undefined || h.invertMatch) continue;
    if (h.name === ':method') method = value;
    else if (h.name && !h.name.startsWith(':')) headers[h.name] = value;
  }
  const query = listOf(m.queryParameters).map((q) => [q.name ?? '', q.stringMatch?.exact ?? q.value ?? (unwrap(q.presentMatch) ? '1' : undefined)] as const)
    .filter((q): q is readonly [string, string] => q[0] !== '' && q[1] !== undefined);
  const request: SimulatedRequest = {
    host, path: query.length ? `${path}?${query.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&')}` : path,
    ...(method ? { method } : {}), ...(Object.keys(headers).length ? { headers } : {}), ...(port !== DEFAULT_PORT ? { port } : {}),
  };
  return { proxy: node, label: requestLabel(request), request, origin: routeOrigin(route, vh) };
}

/** `route pets of VirtualService gloo-system/petstore` (from the route's source metadata), else the Envoy names. */
function routeOrigin(route: RouteInput, vh: VirtualHostInput): string {
  const src = sourceFromMetadata(route.metadata);
  if (!src) return `route ${route.name || '(unnamed)'} of ${vh.name ?? ''}`;
  return `route ${src.routeName ?? `#${src.routeIndex === undefined ? '?' : src.routeIndex + 1}`} of ${src.kind} ${src.namespace}/${src.name}`;
}

/** A host a virtual host's domains accept: the first exact one, else a wildcard made concrete (`*.a.com` → `www.a.com`). */
function hostOf(domains: readonly string[]): string | undefined {
  const exact = domains.find((d) => !d.includes('*'));
  if (exact) return exact;
  const d = domains[0];
  if (d === undefined) return undefined;
  if (d === '*') return 'example.com';
  return d.startsWith('*') ? `www${d.slice(1)}` : `${d.slice(0, -1)}com`;
}

function headerSample(h: HeaderMatcherInput): string | undefined {
  const s = h.stringMatch;
  if (s?.exact !== undefined) return s.exact;
  if (s?.prefix !== undefined) return s.prefix + 'x';
  if (s?.suffix !== undefined) return 'x' + s.suffix;
  if (s?.contains !== undefined) return s.contains;
  if (s?.safeRegex?.regex !== undefined) return sampleForRegex(s.safeRegex.regex);
  if (h.exactMatch !== undefined) return h.exactMatch;
  if (h.prefixMatch !== undefined) return h.prefixMatch + 'x';
  if (h.suffixMatch !== undefined) return 'x' + h.suffixMatch;
  if (h.safeRegexMatch?.regex !== undefined) return sampleForRegex(h.safeRegexMatch.regex);
  if (h.presentMatch !== undefined) return unwrap(h.presentMatch) === false ? undefined : 'present';
  return undefined;
}

/** A string a simple regex matches in full (`/users/[0-9]+` → `/users/1`), checked with RegExp; undefined when none is found. */
export function sampleForRegex(regex: string): string | undefined {
  const candidate = regex.replace(/^\^/, '').replace(/\$$/, '')
    .replace(/\\d[+*]|\[0-9\][+*]/g, '1').replace(/\\d|\[0-9\]/g, '1')
    .replace(/\[\^\/\][+*]|\\w[+*]|\[a-z(?:A-Z)?(?:0-9)?[_-]*\][+*]/g, 'x')
    .replace(/\.\*/g, '').replace(/\.\+/g, 'x').replace(/\(\?:([^()|]*)\)\??/g, '$1').replace(/\(([^()|]*)\)\??/g, '$1')
    .replace(/\\(.)/g, '$1').replace(/\?/g, '');
  try {
    return new RegExp(`^(?:${regex.replace(/^\^/, '').replace(/\$$/, '')})$`).test(candidate) ? candidate : undefined;
  } catch {
    return undefined;
  }
}
