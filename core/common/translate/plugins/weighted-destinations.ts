// Weighted destinations of a forwarding route (routeAction.multi, or an UpstreamGroup's destinations),
// after Gloo's WeightedDestinationPlugin (projects/gloo/pkg/plugins/plugin_interface.go,
// ProcessWeightedDestination, called for each destination by setWeightedClusters in
// projects/gloo/pkg/translator/route_config.go): a destination's `options` set fields of its Envoy
// ClusterWeight, and an option no plugin translates gets the usual "not translated" Warning. Plugins
// that route to functions (destinationSpec) see every destination of the route at once.
import type { DestinationJson, RouteActionJson, WeightedDestinationJson } from '../../gen/gloo/api/v1/proxy_pb';
import type { ResourceRefJson } from '../../gen/solo-kit/api/v1/solo-kit_pb';
import type { WeightedDestinationOptionsJson } from '../../gen/gloo/api/v1/weighted_destination_options_pb';
import { refKey, resolveRef } from '../../model/resource';
import type { GlooView } from '../gloo/gloo-objects';
import type { PolicyView } from '../gloo/policy-view';
import type { Issue } from '../served';
import type { RegexValidator } from '../types';
import { claimTable, notTranslated, pluginsFor, type ClaimTable } from './claims';
import type { EnvoyRoute } from './envoy';
import type { HookContext, Plugin, WeightedTarget } from './plugin';
import { PLUGINS } from './registry';

// Made on first use: this module is reached from the plugins' own imports, before the claim tables load.
let claims: ClaimTable | undefined;
let functionPlugins: readonly Plugin[] | undefined;

function claimsOf(): ClaimTable {
  return (claims ??= claimTable((p) => p.weightedDestinationOptions));
}

function withFunctions(): readonly Plugin[] {
  return (functionPlugins ??= PLUGINS.filter((p) => p.weightedDestinations || p.checkWeightedDestinations));
}

/** Problems of a weighted destination's options (`field` prefixes messages, e.g. `routeAction.multi.destinations[0].options`). */
export function weightedDestinationOptionIssues(o: WeightedDestinationOptionsJson | undefined, regex: RegexValidator, field: string, policy?: PolicyView): Issue[] {
  if (!o) return [];
  const unclaimed: string[] = [];
  const issues: Issue[] = [];
  for (const p of pluginsFor(o, claimsOf(), unclaimed)) if (p.checkWeightedDestination) issues.push(...p.checkWeightedDestination(o, { regex, field, ...(policy ? { policy } : {}) }));
  issues.push(...notTranslated(field, unclaimed));
  return issues;
}

/** How a destination names its Upstream (route-validator's destinationUpstreamRef, passed in: that module imports this one). */
export type UpstreamRefOf = (d: DestinationJson, namespace: string, view: GlooView) => ResourceRefJson | undefined;

/** The weighted destinations of a route action, each with the served Upstream it names (every key read goes to `onDep`); undefined for other actions. */
export function weightedTargets(a: RouteActionJson | undefined, view: GlooView, namespace: string, onDep: (key: string) => void, refOf: UpstreamRefOf): WeightedTarget[] | undefined {
  const found = destinationsOf(a, view, namespace);
  return found && targetsOf(found.dests, found.namespace, view, onDep, refOf);
}

/** weightedTargets, when a weighted destination hook would run on them (a destination sets options or a destinationSpec); else undefined. */
export function hookedWeightedTargets(a: RouteActionJson | undefined, view: GlooView, namespace: string, onDep: (key: string) => void, refOf: UpstreamRefOf): WeightedTarget[] | undefined {
  const found = destinationsOf(a, view, namespace);
  if (!found || !found.dests.some((d) => d.options || d.destination?.destinationSpec)) return undefined;
  return targetsOf(found.dests, found.namespace, view, onDep, refOf);
}

function destinationsOf(a: RouteActionJson | undefined, view: GlooView, namespace: string): { dests: readonly WeightedDestinationJson[]; namespace: string } | undefined {
  if (a?.multi) return { dests: a.multi.destinations ?? [], namespace };
  if (!a?.upstreamGroup) return undefined;
  const g = view.groups.get(refKey(resolveRef('UpstreamGroup', a.upstreamGroup, namespace)));
  return g?.resource.spec.destinations ? { dests: g.resource.spec.destinations, namespace: g.resource.metadata.namespace } : undefined;
}

function targetsOf(dests: readonly WeightedDestinationJson[], ns: string, view: GlooView, onDep: (key: string) => void, refOf: UpstreamRefOf): WeightedTarget[] {
  return dests.map((dest) => {
    if (!dest.destination?.destinationSpec) return { dest };
    const key = refKey(resolveRef('Upstream', refOf(dest.destination, ns, view), ns));
    onDep(key);
    const upstream = view.upstreams.get(key)?.resource;
    return upstream ? { dest, upstream } : { dest };
  });
}

/** Problems of a route's weighted destinations taken together (functions that standard Envoy cannot route per destination). */
export function weightedTargetIssues(targets: readonly WeightedTarget[], regex: RegexValidator, field: string): Issue[] {
  if (!targets.some((t) => t.dest.destination?.destinationSpec)) return [];
  return withFunctions().flatMap((p) => p.checkWeightedDestinations?.(targets, { regex, field }) ?? []);
}

/**
 * Runs the weighted destination hooks on one Envoy route: the options of each destination on its
 * ClusterWeight, then the function plugins on the route. The clusters are copied first, as the Envoy
 * routes of one Gloo route (one per matcher) share their action.
 */
export function runWeightedDestinationHooks(targets: readonly WeightedTarget[], out: EnvoyRoute, contextOf: (p: Plugin) => HookContext): void {
  const clusters = out.route?.weightedClusters?.clusters;
  if (!clusters || !targets.some((t) => t.dest.options || t.dest.destination?.destinationSpec)) return;
  const copies = clusters.map((c) => ({ ...c }));
  out.route = { ...out.route, weightedClusters: { ...out.route!.weightedClusters, clusters: copies } };
  targets.forEach((t, i) => {
    const o = t.dest.options;
    if (o && copies[i]) for (const p of pluginsFor(o, claimsOf())) p.weightedDestination?.(o, copies[i], contextOf(p));
  });
  if (targets.some((t) => t.dest.destination?.destinationSpec)) for (const p of withFunctions()) p.weightedDestinations?.(targets, out, contextOf(p));
}
