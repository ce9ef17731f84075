// The :path the HTTP connection manager hands to filters and routing, after its path settings, in
// Envoy's order (ConnectionManagerUtility::maybeNormalizePath): escaped slashes first
// (path_with_escaped_slashes_action), then RFC 3986 dot-segment removal (normalize_path), then
// merge_slashes. The query string is left as it is. And Envoy's health_check filter, which answers
// a request whose :path matches before any route is chosen.
import type { HealthCheckJson } from '../gen/envoy/envoy/extensions/filters/http/health_check/v3/health_check_pb';
import { typeUrl, unpackAny } from '../xds/envoy-any';
import type { HttpConnectionManagerInput } from './envoy-input';

/** The :path after the connection manager's path settings, or why Envoy would not route the request. */
export interface RoutingPath {
  readonly pathWithQuery: string;
  /** Set when Envoy answers the request itself instead of routing it. */
  readonly refused?: string;
  /** Set when Envoy redirects first and routes the request the client sends next. */
  readonly note?: string;
}

const ESCAPED_SLASH = /%(2f|5c)/gi;
const HAS_ESCAPED_SLASH = /%(2f|5c)/i;
const HEALTH_CHECK_TYPE = typeUrl<HealthCheckJson>('envoy.extensions.filters.http.health_check.v3.HealthCheck');

/** RFC 3986 section 5.2.4, remove_dot_segments, on an absolute path. */
export function removeDotSegments(path: string): string {
  const out: string[] = [];
  const segments = path.split('/').slice(1);
  segments.forEach((s, i) => {
    const last = i === segments.length - 1;
    if (s === '.' || s === '..') {
      if (s === '..' && out.length) out.pop();
      if (last) out.push('');
    } else out.push(s);
  });
  return `/${out.join('/')}`;
}

/** The :path Envoy routes on, given the connection manager's settings. */
export function pathForRouting(pathWithQuery: string, hcm: HttpConnectionManagerInput): RoutingPath {
  const cut = pathWithQuery.search(/[?#]/);
  let path = cut < 0 ? pathWithQuery : pathWithQuery.slice(0, cut);
  const rest = cut < 0 ? '' : pathWithQuery.slice(cut);
  let note: string | undefined;
  const action = hcm.pathWithEscapedSlashesAction;
  if (HAS_ESCAPED_SLASH.test(path) && action && action !== 'KEEP_UNCHANGED' && action !== 'IMPLEMENTATION_SPECIFIC_DEFAULT') {
    if (action === 'REJECT_REQUEST') return { pathWithQuery, refused: 'Envoy rejects the request with 400: its path has escaped slashes (path_with_escaped_slashes_action REJECT_REQUEST)' };
    path = path.replace(ESCAPED_SLASH, (m) => (m.toLowerCase() === '%2f' ? '/' : '\\'));
    if (action === 'UNESCAPE_AND_REDIRECT') note = `Envoy first redirects the client to the unescaped path ${path}; this is the request it sends next`;
  }
  if (hcm.normalizePath === true) path = removeDotSegments(path.replace(/\\/g, '/'));
  if (hcm.mergeSlashes) path = path.replace(/\/{2,}/g, '/');
  return { pathWithQuery: path + rest, ...(note ? { note } : {}) };
}

/** When the connection manager's health_check filter answers the request itself: the sentence saying so, else undefined. */
export function healthCheckAnswer(pathWithQuery: string, hcm: HttpConnectionManagerInput): string | undefined {
  for (const f of hcm.httpFilters ?? []) {
    const config = unpackAny(f.typedConfig, HEALTH_CHECK_TYPE);
    if (!config || config.passThroughMode !== false) continue;
    const headers = config.headers ?? [];
    const matches = headers.length > 0 && headers.every((h) => h.name === ':path' && (h.stringMatch?.exact ?? h.exactMatch) === pathWithQuery);
    if (matches) return `Envoy's health check filter answers ${pathWithQuery} itself (200, or 503 while draining); the request is not routed`;
  }
  return undefined;
}
