// Starting points for new objects, with comments that explain the fields. A template names objects that
// exist: the VirtualService and RouteTable templates route to an existing Upstream, or bring one along.
import type { ResourceView } from '../../../../core/common/api/contract';
import type { KindName } from '../../../../core/common/model/kinds';

/** Kinds the "new object" buttons offer. */
export const TEMPLATE_KINDS = ['VirtualService', 'Upstream', 'RouteTable'] as const satisfies readonly KindName[];

/** An Upstream on this machine; `name` is one no object has yet. */
function upstreamYaml(name: string): string {
  return `apiVersion: gloo.solo.io/v1
kind: Upstream
metadata:
  name: ${name}
  namespace: default
spec:
  # A fixed list of hosts; see the API docs for other upstream types.
  static:
    hosts:
    - addr: 127.0.0.1
      port: 8080
`;
}

function virtualServiceYaml(name: string, upstream: { namespace: string; name: string }): string {
  return `apiVersion: gateway.solo.io/v1
kind: VirtualService
metadata:
  name: ${name}
  namespace: default
spec:
  virtualHost:
    # Host names this virtual service answers; '*' matches any.
    domains:
    - '${name}.local'
    routes:
    - matchers:
      - prefix: /
      routeAction:
        single:
          upstream:
            name: ${upstream.name}
            namespace: ${upstream.namespace}
`;
}

function routeTableYaml(name: string, upstream: { namespace: string; name: string }): string {
  return `apiVersion: gateway.solo.io/v1
kind: RouteTable
metadata:
  name: ${name}
  namespace: default
  labels:
    # VirtualServices can delegate to route tables by label.
    team: my-team
spec:
  routes:
  - matchers:
    - prefix: /api
    routeAction:
      single:
        upstream:
          name: ${upstream.name}
          namespace: ${upstream.namespace}
`;
}

/** `base`, or `base-2`, `base-3`… : the first name no object of that kind has in namespace `default`. */
function freeName(base: string, kind: string, resources: readonly Pick<ResourceView, 'kind' | 'namespace' | 'name'>[]): string {
  const taken = new Set(resources.filter((r) => r.kind === kind && r.namespace === 'default').map((r) => r.name));
  for (let i = 1; ; i++) if (!taken.has(i === 1 ? base : `${base}-${i}`)) return i === 1 ? base : `${base}-${i}`;
}

/**
 * The YAML a new object of a template kind starts from, given the objects of the store: names are free, and a
 * VirtualService or RouteTable routes to the first existing Upstream, or comes with a new Upstream in the same text.
 */
export function templateFor(kind: string, resources: readonly Pick<ResourceView, 'kind' | 'namespace' | 'name'>[] = []): string {
  const existing = resources.filter((r) => r.kind === 'Upstream').sort((a, b) => a.namespace.localeCompare(b.namespace) || a.name.localeCompare(b.name))[0];
  const upstream = existing ?? { namespace: 'default', name: freeName('my-upstream', 'Upstream', resources) };
  const withUpstream = (yaml: string) => (existing ? yaml : `${upstreamYaml(upstream.name)}---\n${yaml}`);
  switch (kind) {
    case 'Upstream': return upstreamYaml(freeName('my-upstream', 'Upstream', resources));
    case 'VirtualService': return withUpstream(virtualServiceYaml(freeName('my-service', 'VirtualService', resources), upstream));
    case 'RouteTable': return withUpstream(routeTableYaml(freeName('my-routes', 'RouteTable', resources), upstream));
    default: return `apiVersion: \nkind: ${kind}\nmetadata:\n  name: \nspec: {}\n`;
  }
}
