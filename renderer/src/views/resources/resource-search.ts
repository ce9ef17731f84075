// What the resource filter searches besides names, reasons and files: each object's domains, route paths and
// the Upstreams its routes forward to, read from the served xDS (so it holds for every store and every kind).
import type { TranslatedProxy } from '../../../../core/common/xds/translate-output';
import { routeRows, upstreamOfCluster } from '../xds/xds-model';

/** `Kind/namespace/name`, the key the search text is kept under. */
export function searchKey(r: { kind: string; namespace: string; name: string }): string {
  return `${r.kind}/${r.namespace}/${r.name}`;
}

/**
 * Searchable text per object, lower case: a VirtualService gets its domains, every route's owner (VirtualService
 * or RouteTable) its matches and the Upstreams (`namespace/name`) and clusters it forwards to, and an Upstream the
 * domains and paths of the routes that reach it.
 */
export function xdsSearchText(proxies: readonly TranslatedProxy[]): ReadonlyMap<string, string> {
  const parts = new Map<string, Set<string>>();
  const add = (key: string, ...words: string[]) => {
    let set = parts.get(key);
    if (!set) parts.set(key, (set = new Set()));
    for (const w of words) if (w) set.add(w.toLowerCase());
  };
  for (const proxy of proxies) {
    for (const row of routeRows(proxy)) {
      const host = row.virtualHostSource;
      if (host) add(searchKey(host), ...row.domains);
      const owner = row.source ?? host;
      const upstreams = row.clusters.map(upstreamOfCluster).filter((u) => u !== undefined);
      if (owner) add(searchKey(owner), row.match, ...row.clusters, ...upstreams.map((u) => `${u.namespace}/${u.name}`));
      for (const u of upstreams) add(searchKey(u), ...row.domains, row.match);
    }
  }
  return new Map([...parts].map(([key, set]) => [key, [...set].join(' ')]));
}
