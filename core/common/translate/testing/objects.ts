// Builders of API objects and snapshots for the translation tests (pure: no files).
import type { RouteJson } from '../../gen/gateway/api/v1/virtual_service_pb';
import type { KindName, SpecByKind } from '../../model/kinds';
import type { Resource } from '../../model/resource';
import { buildApiSnapshot, type ApiSnapshot } from '../../snapshot/api-snapshot';
import { SOURCE_METADATA_KEY } from '../names';

/** An object of a kind with a name, namespace (default `default`) and spec. */
export function obj<K extends KindName>(kind: K, name: string, spec: SpecByKind[K], namespace = 'default', labels?: Record<string, string>): Resource<K> {
  return { kind, metadata: { name, namespace, ...(labels ? { labels } : {}) }, spec };
}

/** A static upstream with one IP host. */
export function upstream(name: string, addr = '10.0.0.1', port = 8080, namespace = 'default'): Resource<'Upstream'> {
  return obj('Upstream', name, { static: { hosts: [{ addr, port }] } }, namespace);
}

/** A route forwarding a prefix to an upstream of the same namespace. */
export function forward(prefix: string, upstreamName: string, name?: string): RouteJson {
  return { ...(name ? { name } : {}), matchers: [{ prefix }], routeAction: { single: { upstream: { name: upstreamName } } } };
}

/** A VirtualService with domains and routes. */
export function virtualService(name: string, domains: string[], routes: RouteJson[], namespace = 'default', labels?: Record<string, string>): Resource<'VirtualService'> {
  return obj('VirtualService', name, { virtualHost: { domains, routes } }, namespace, labels);
}

/** A snapshot of objects of any kinds. */
export function snapshot(objects: readonly Resource[]): ApiSnapshot {
  const lists: Partial<Record<KindName, Resource[]>> = {};
  for (const r of objects) (lists[r.kind] ??= []).push(r);
  return buildApiSnapshot(lists as Parameters<typeof buildApiSnapshot>[0]);
}

/** The routes of one proxy's route configuration, per virtual host: each Gloo route's name where it has one, else the Envoy route name. */
export function routeNames(json: Readonly<Record<string, unknown>> | undefined): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  type Route = { name: string; metadata?: { filterMetadata?: Record<string, { routeName?: string }> } };
  for (const vh of (json?.virtualHosts ?? []) as { name: string; routes?: Route[] }[]) {
    out[vh.name] = (vh.routes ?? []).map((r) => r.metadata?.filterMetadata?.[SOURCE_METADATA_KEY]?.routeName ?? r.name);
  }
  return out;
}
