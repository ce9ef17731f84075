// Hash routes of the UI: every view is reachable by URL (`#/resources`, `#/editor/Kind/ns/name`, `#/timeline/12`, …).
import type { ObjectKey } from '../../../core/common/api/contract';
import { KIND_NAMES, type KindName } from '../../../core/common/model/kinds';

/** A parsed location. */
export type Route =
  | { readonly view: 'resources' }
  | { readonly view: 'editor'; readonly key: ObjectKey }
  | { readonly view: 'new'; readonly kind: KindName }
  | { readonly view: 'timeline'; readonly passId?: number }
  | { readonly view: 'xds'; readonly proxy?: string }
  | { readonly view: 'topology' }
  | { readonly view: 'teach' }
  | { readonly view: 'routes' }
  | { readonly view: 'envoy' }
  | { readonly view: 'discovery' }
  | { readonly view: 'changesets'; readonly name?: string };

/** The views listed in the navigation bar, in order, with their labels. */
export const NAV_ITEMS: readonly { readonly view: Route['view']; readonly label: string; readonly hash: string }[] = [
  { view: 'resources', label: 'Resources', hash: '#/resources' },
  { view: 'timeline', label: 'Timeline', hash: '#/timeline' },
  { view: 'xds', label: 'xDS', hash: '#/xds' },
  { view: 'topology', label: 'Topology', hash: '#/topology' },
  { view: 'teach', label: 'Teach', hash: '#/teach' },
  { view: 'routes', label: 'Route tester', hash: '#/routes' },
  { view: 'envoy', label: 'Envoy', hash: '#/envoy' },
  { view: 'discovery', label: 'Discovery', hash: '#/discovery' },
  { view: 'changesets', label: 'Changesets', hash: '#/changesets' },
];

function isKind(s: string | undefined): s is KindName {
  return s !== undefined && (KIND_NAMES as readonly string[]).includes(s);
}

/** The route a location hash names; anything unknown is the resource list. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, '').split('/').filter((p) => p !== '').map(safeDecode);
  const [view, a, b, c] = parts;
  switch (view) {
    case 'editor':
      if (isKind(a) && b && c) return { view: 'editor', key: { kind: a, namespace: b, name: c } };
      break;
    case 'new':
      if (isKind(a)) return { view: 'new', kind: a };
      break;
    case 'timeline': {
      const id = a !== undefined ? Number(a) : NaN;
      return Number.isInteger(id) ? { view: 'timeline', passId: id } : { view: 'timeline' };
    }
    case 'xds':
      return a ? { view: 'xds', proxy: a } : { view: 'xds' };
    case 'topology': case 'routes': case 'envoy': case 'teach': case 'discovery':
      return { view };
    case 'changesets':
      return a ? { view: 'changesets', name: parts.slice(1).join('/') } : { view: 'changesets' };
  }
  return { view: 'resources' };
}

/** The hash of a route (the inverse of parseRoute). */
export function formatRoute(route: Route): string {
  switch (route.view) {
    case 'editor': return `#/editor/${[route.key.kind, route.key.namespace, route.key.name].map(encodeURIComponent).join('/')}`;
    case 'new': return `#/new/${route.kind}`;
    case 'timeline': return route.passId !== undefined ? `#/timeline/${route.passId}` : '#/timeline';
    case 'xds': return route.proxy ? `#/xds/${encodeURIComponent(route.proxy)}` : '#/xds';
    case 'changesets': return route.name ? `#/changesets/${route.name.split('/').map(encodeURIComponent).join('/')}` : '#/changesets';
    default: return `#/${route.view}`;
  }
}

/** The editor hash of an object. */
export function editorHash(key: ObjectKey): string {
  return formatRoute({ view: 'editor', key });
}

function safeDecode(s: string): string {
  try {
    return decodeURIComponent(s);
  } catch {
    return s;
  }
}
