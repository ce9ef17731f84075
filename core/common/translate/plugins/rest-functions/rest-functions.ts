// Routes to REST functions, after Gloo's rest plugin (projects/gloo/pkg/plugins/rest/plugin.go:
// ProcessUpstream records an Upstream's REST ServiceSpec, ProcessRoute looks the destination's
// functionName up in it). Gloo then rewrites the request with its own transformation filter; the
// sandbox writes standard Envoy instead: the route's path is rewritten to the operation's path
// (regex_rewrite; with a prefix matcher, the request path's remaining segments fill the operation's
// path parameters in order) and the route takes only requests already using the operation's method,
// since standard Envoy cannot change a request's method. An unknown function is an error with the
// closest name.
import { restFunctionsOf, type RestFunction } from '../../../discovery/openapi';
import { serviceSpecOf } from '../../../discovery/service-spec';
import type { DestinationJson } from '../../../gen/gloo/api/v1/proxy_pb';
import { closestName } from '../../../model/did-you-mean';
import type { Resource } from '../../../model/resource';
import type { Issue } from '../../served';
import type { EnvoyRoute } from '../envoy';
import type { Plugin } from '../plugin';

const FIELD = 'destinationSpec.rest';

/** The REST function a destination names, or why there is none. */
export function restFunctionOf(dest: DestinationJson, upstream: Resource<'Upstream'> | undefined): RestFunction | { readonly problem: Issue } | undefined {
  const spec = dest.destinationSpec?.rest;
  if (!spec || !upstream) return undefined;
  const name = `${upstream.metadata.namespace}/${upstream.metadata.name}`;
  const rest = serviceSpecOf(upstream.spec)?.rest;
  if (!rest) return { problem: error(`Upstream ${name} has no REST functions (serviceSpec.rest); function discovery writes them when it finds the service's OpenAPI document`) };
  if (!spec.functionName) return { problem: error(`${FIELD}.functionName is required`) };
  const functions = restFunctionsOf(rest);
  const found = functions.find((f) => f.name === spec.functionName);
  if (found) return found;
  const near = closestName(spec.functionName, functions.map((f) => f.name));
  return { problem: error(`${FIELD}.functionName: Upstream ${name} has no function "${spec.functionName}"${near ? `; did you mean "${near}"?` : ` (it has ${functions.length}: ${functions.slice(0, 6).map((f) => f.name).join(', ')}${functions.length > 6 ? ', …' : ''})`}`) };
}

function error(message: string): Issue {
  return { severity: 'error', message };
}

/** The regex rewrite taking a request to the operation's path: the whole path, or segment by segment after a prefix. */
export function functionRewrite(f: RestFunction, match: EnvoyRoute['match']): { pattern: { regex: string }; substitution: string } {
  const params = [...f.path.matchAll(/\{[^}]+\}/g)].length;
  if (!params) return { pattern: { regex: '^.*$' }, substitution: f.path };
  const prefix = match?.prefix;
  if (prefix === undefined) return { pattern: { regex: '^.*$' }, substitution: f.path.slice(0, f.path.indexOf('{')) };
  let n = 0;
  const substitution = f.path.replace(/\{[^}]+\}/g, () => `\\${++n}`);
  const base = prefix.replace(/\/$/, '');
  return { pattern: { regex: `^${escapeRe2(base)}${'/([^/]+)'.repeat(params)}$` }, substitution };
}

function escapeRe2(s: string): string {
  return s.replace(/[\\^$.|?*+()[\]{}]/g, '\\$&');
}

/** The REST functions plugin. */
export const restFunctionsPlugin: Plugin = {
  name: 'rest-functions',
  checkDestination(dest, upstream) {
    const spec = dest.destinationSpec?.rest;
    if (!spec) return [];
    const issues: Issue[] = [];
    const f = restFunctionOf(dest, upstream);
    if (f && 'problem' in f) issues.push(f.problem);
    if (spec.parameters) issues.push({ severity: 'warning', message: `${FIELD}.parameters is not translated: it needs Gloo's transformation filter; the request path supplies path parameters instead` });
    if (spec.responseTransformation) issues.push({ severity: 'warning', message: `${FIELD}.responseTransformation is not translated: it needs Gloo's transformation filter` });
    return issues;
  },
  destination(dest, upstream, out) {
    const f = restFunctionOf(dest, upstream);
    if (!f || 'problem' in f || !out.route) return;
    out.route.regexRewrite = functionRewrite(f, out.match);
    const match = (out.match ??= {});
    if (!match.headers?.some((h) => h.name === ':method')) match.headers = [...(match.headers ?? []), { name: ':method', stringMatch: { exact: f.method } }];
  },
};
