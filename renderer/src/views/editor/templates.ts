// Starting points for new objects, with comments that explain the fields.
import type { KindName } from '../../../../core/common/model/kinds';

/** Kinds the "new object" buttons offer. */
export const TEMPLATE_KINDS = ['VirtualService', 'Upstream', 'RouteTable'] as const satisfies readonly KindName[];

const TEMPLATES: Readonly<Record<(typeof TEMPLATE_KINDS)[number], string>> = {
  VirtualService: `apiVersion: gateway.solo.io/v1
kind: VirtualService
metadata:
  name: my-service
  namespace: default
spec:
  virtualHost:
    # Host names this virtual service answers; '*' matches any.
    domains:
    - '*'
    routes:
    - matchers:
      - prefix: /
      routeAction:
        single:
          upstream:
            name: my-upstream
            namespace: default
`,
  Upstream: `apiVersion: gloo.solo.io/v1
kind: Upstream
metadata:
  name: my-upstream
  namespace: default
spec:
  # A fixed list of hosts; see the API docs for other upstream types.
  static:
    hosts:
    - addr: 127.0.0.1
      port: 8080
`,
  RouteTable: `apiVersion: gateway.solo.io/v1
kind: RouteTable
metadata:
  name: my-routes
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
          name: my-upstream
          namespace: default
`,
};

/** The YAML a new object of a template kind starts from. */
export function templateFor(kind: string): string {
  return (TEMPLATES as Record<string, string>)[kind] ?? `apiVersion: \nkind: ${kind}\nmetadata:\n  name: \nspec: {}\n`;
}
