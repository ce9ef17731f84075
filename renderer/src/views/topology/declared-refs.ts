// What a VirtualService or RouteTable says it routes to (Upstreams and delegated RouteTables), read from its
// YAML: used to draw rejected objects' intended edges, which have no xDS to show them.
import { parse } from 'yaml';

/** An object a route refers to. */
export interface DeclaredRef {
  readonly kind: 'Upstream' | 'RouteTable';
  readonly namespace: string;
  readonly name: string;
}

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined => (v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined);
const list = (v: unknown): unknown[] => (Array.isArray(v) ? v : []);

function ref(kind: DeclaredRef['kind'], value: unknown, defaultNamespace: string): DeclaredRef | undefined {
  const r = obj(value);
  return typeof r?.name === 'string' ? { kind, name: r.name, namespace: typeof r.namespace === 'string' && r.namespace ? r.namespace : defaultNamespace } : undefined;
}

/** The Upstreams and RouteTables the routes of a VirtualService or RouteTable manifest refer to (unique, in order). */
export function declaredRefs(yamlText: string): DeclaredRef[] {
  let doc: Obj | undefined;
  try {
    doc = obj(parse(yamlText));
  } catch {
    return [];
  }
  const namespace = String(obj(doc?.metadata)?.namespace ?? 'default');
  const spec = obj(doc?.spec);
  const routes = list(obj(spec?.virtualHost)?.routes ?? spec?.routes);
  const out = new Map<string, DeclaredRef>();
  const add = (r: DeclaredRef | undefined) => { if (r) out.set(`${r.kind}/${r.namespace}/${r.name}`, r); };
  for (const route of routes) {
    const action = obj(obj(route)?.routeAction);
    add(ref('Upstream', obj(action?.single)?.upstream, namespace));
    for (const d of list(obj(action?.multi)?.destinations)) add(ref('Upstream', obj(obj(d)?.destination)?.upstream, namespace));
    const delegate = obj(obj(route)?.delegateAction);
    add(ref('RouteTable', delegate?.ref ?? (typeof delegate?.name === 'string' ? delegate : undefined), namespace));
  }
  return [...out.values()];
}
