// Routes to REST functions, after Gloo's rest plugin (projects/gloo/pkg/plugins/rest/plugin.go:
// ProcessUpstream records an Upstream's REST ServiceSpec, ProcessRoute looks the destination's
// functionName up in it). Gloo then rewrites the request with its own transformation filter; the
// sandbox writes standard Envoy instead: the route's path is rewritten to the operation's path
// (regex_rewrite; with a prefix matcher, the request path's remaining segments fill the operation's
// path parameters in order) and the route takes only requests already using the operation's method,
// since standard Envoy cannot change a request's method. An unknown function is an error with the
// closest name. Weighted destinations that all name functions with the same method and path are
// routed the same way; others cannot be, as standard Envoy has no path rewrite per weighted cluster.
import { restFunctionsOf, type RestFunction } from '../../../discovery/openapi';
import { serviceSpecOf } from '../../../discovery/service-spec';
import type { DestinationJson } from '../../../gen/gloo/api/v1/proxy_pb';
import type { WeightedTarget } from '../plugin';
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

/**
 * The one function every weighted destination names, when they all name REST functions with the same
 * method and path: standard Envoy can rewrite a route's path but not one weighted cluster's, so only
 * then is the rewrite exact. Undefined otherwise.
 */
function sharedFunction(targets: readonly WeightedTarget[]): RestFunction | undefined {
  let shared: RestFunction | undefined;
  for (const t of targets) {
    const f = t.dest.destination ? restFunctionOf(t.dest.destination, t.upstream) : undefined;
    if (!f || 'problem' in f) return undefined;
    if (shared && (shared.method !== f.method || shared.path !== f.path)) return undefined;
    shared = f;
  }
  return shared;
}

function setFunctionRoute(f: RestFunction, out: EnvoyRoute): void {
  if (!out.route) return;
  out.route.regexRewrite = functionRewrite(f, out.match);
  const match = (out.match ??= {});
  if (!match.headers?.some((h) => h.name === ':method')) match.headers = [...(match.headers ?? []), { name: ':method', stringMatch: { exact: f.method } }];
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
    if (f && !('problem' in f)) setFunctionRoute(f, out);
  },
  // Gloo rewrites each weighted cluster's request with its transformation filter; standard Envoy can only when all agree.
  checkWeightedDestinations(targets, ctx) {
    if (!targets.some((t) => t.dest.destination?.destinationSpec?.rest) || sharedFunction(targets)) return [];
    // A function that cannot be found is already an error of its destination.
    if (targets.some((t) => { const f = t.dest.destination && restFunctionOf(t.dest.destination, t.upstream); return f && 'problem' in f; })) return [];
    return [{ severity: 'warning', message: `${ctx.field}: destinationSpec.rest is not translated on these weighted destinations: they do not all name functions with the same method and path, and standard Envoy cannot rewrite the path of one weighted cluster (Gloo does it with its own transformation filter); requests reach each destination with their own path and method` }];
  },
  weightedDestinations(targets, out) {
    const f = sharedFunction(targets);
    if (f) setFunctionRoute(f, out);
  },
};
