// Builds immutable xDS snapshots and checks their consistency before anyone may publish them.
import { contentHash, hashString } from '../model/hash';
import { XDS_TYPES, type XdsResource, type XdsResourceSet, type XdsSnapshot, type XdsType } from './xds-snapshot';

/** Input for one snapshot: the resources of each type as proto3 JSON, each with a unique name. */
export type XdsResourceInput = Partial<Record<XdsType, readonly { name: string; json: Record<string, unknown> }[]>>;

/** Makes a frozen snapshot; each resource's version is its content hash, each set's version the hash of those. */
export function buildXdsSnapshot(node: string, input: XdsResourceInput): XdsSnapshot {
  const resources = {} as Record<XdsType, XdsResourceSet>;
  for (const type of XDS_TYPES) {
    const items = new Map<string, XdsResource>();
    for (const r of input[type] ?? []) {
      items.set(r.name, Object.freeze({ name: r.name, version: contentHash(r.json), json: r.json }));
    }
    const names = [...items.keys()].sort();
    const version = hashString(names.map((n) => n + '=' + items.get(n)!.version).join(';'));
    resources[type] = Object.freeze({ version, items });
  }
  const version = hashString(XDS_TYPES.map((t) => resources[t].version).join(';'));
  return Object.freeze({ node, version, resources: Object.freeze(resources) });
}

/**
 * Problems that make a snapshot unsafe to serve: an RDS name no route config has, an EDS name no
 * assignment has, an SDS name no secret has, and, in a route configuration that sets
 * validate_clusters, a route to a cluster the snapshot lacks. Without validate_clusters Envoy takes a
 * route to an unknown cluster over RDS and answers its requests with 503
 * (RouteConfiguration.validate_clusters in route.proto), so such a route is consistent. Empty when consistent.
 */
export function checkConsistency(snapshot: XdsSnapshot): string[] {
  const problems: string[] = [];
  const has = (type: XdsType, name: string) => snapshot.resources[type].items.has(name);
  for (const l of snapshot.resources.listener.items.values()) {
    for (const name of collect(l.json, 'routeConfigName')) {
      if (!has('route', name)) problems.push(`listener ${l.name} refers to route configuration ${name}, which does not exist`);
    }
    for (const name of collectSdsNames(l.json)) {
      if (!has('secret', name)) problems.push(`listener ${l.name} refers to secret ${name}, which does not exist`);
    }
  }
  for (const r of snapshot.resources.route.items.values()) {
    if (r.json.validateClusters !== true) continue;
    for (const name of new Set([...collect(r.json, 'cluster'), ...collectWeightedClusterNames(r.json)])) {
      if (!has('cluster', name)) problems.push(`route configuration ${r.name} sets validateClusters and routes to cluster ${name}, which does not exist`);
    }
  }
  for (const c of snapshot.resources.cluster.items.values()) {
    if (c.json.type !== 'EDS' && !(c.json as { edsClusterConfig?: unknown }).edsClusterConfig) continue;
    const eds = (c.json as { edsClusterConfig?: { serviceName?: string } }).edsClusterConfig;
    const name = eds?.serviceName || c.name;
    if (!has('endpoint', name)) problems.push(`cluster ${c.name} refers to endpoints ${name}, which do not exist`);
  }
  return problems;
}

function collect(value: unknown, key: string, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => collect(v, key, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === key && typeof v === 'string') out.push(v);
      else collect(v, key, out);
    }
  }
  return out;
}

function collectSdsNames(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => collectSdsNames(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if ((k === 'tlsCertificateSdsSecretConfigs' || k === 'validationContextSdsSecretConfig') && v) {
        for (const cfg of Array.isArray(v) ? v : [v]) if (typeof cfg?.name === 'string') out.push(cfg.name);
      } else collectSdsNames(v, out);
    }
  }
  return out;
}

function collectWeightedClusterNames(value: unknown, out: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => collectWeightedClusterNames(v, out));
  else if (value && typeof value === 'object') {
    for (const [k, v] of Object.entries(value)) {
      if (k === 'weightedClusters' && v && typeof v === 'object') {
        for (const c of (v as { clusters?: unknown }).clusters as { name?: unknown }[] ?? []) if (typeof c?.name === 'string') out.push(c.name);
      } else collectWeightedClusterNames(v, out);
    }
  }
  return out;
}
