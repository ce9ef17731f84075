// Where a request goes, in one short line: `90/10 petstore-v1/petstore-v2`, `301 → https://…`, `200 direct response`,
// `404 no route`. Two outcomes with the same text send traffic the same way.
import type { Destination, RouteDecision } from '../route/decision';
import { pathOnly } from '../route/request';

/** What a request's outcome is, and its one-line text. */
export interface TrafficOutcome {
  readonly kind: 'forward' | 'redirect' | 'direct' | 'unmatched' | 'unsupported';
  readonly text: string;
  /** For a forward: the destinations (upstream names, else cluster names), in the route's order. */
  readonly targets?: readonly string[];
  /** For a forward: each destination's share of the traffic, in percent. */
  readonly shares?: readonly number[];
  /** The route that took the request (its name, else `#index`), when one did. */
  readonly route?: string;
}

/** The outcome of a simulator decision for a request to `path` (a rewrite shows only when it changes the path). */
export function outcomeOf(d: RouteDecision, path?: string): TrafficOutcome {
  if (!d.matched) return { kind: 'unmatched', text: `404 no route (${d.reason})` };
  const route = d.route.source?.routeName ?? (d.route.name || `#${d.route.index + 1}`);
  const a = d.action;
  switch (a.type) {
    case 'redirect': return { kind: 'redirect', text: `${a.redirect?.status ?? 301} → ${a.redirect?.location ?? ''}`, route };
    case 'directResponse': return { kind: 'direct', text: `${a.directResponse?.status ?? 200} direct response${a.directResponse?.body ? ` "${short(a.directResponse.body)}"` : ''}`, route };
    case 'unsupported': return { kind: 'unsupported', text: `not simulated (${a.note ?? 'unsupported action'})`, route };
    default: {
      const rewritten = a.pathAfterRewrite !== undefined && pathOnly(a.pathAfterRewrite) !== pathOnly(path ?? '') ? a.pathAfterRewrite : undefined;
      return forwardOutcome(a.destinations ?? [], a.clusterHeader, rewritten, route);
    }
  }
}

function forwardOutcome(dests: readonly Destination[], clusterHeader: string | undefined, rewrite: string | undefined, route: string): TrafficOutcome {
  if (clusterHeader) return { kind: 'forward', text: `the cluster named by header ${clusterHeader}`, route };
  const targets = dests.map((x) => (x.upstream ? x.upstream.name : x.cluster) + (x.missing ? ' (503: no such cluster)' : ''));
  const shares = percentages(dests.map((x) => x.weight));
  const where = targets.length === 1 ? targets[0] : `${shares.join('/')} ${targets.join('/')}`;
  const text = targets.length === 0 ? 'no destination' : where + (rewrite !== undefined ? ` (path ${rewrite})` : '');
  return { kind: 'forward', text, targets, shares, route };
}

/** Weights as whole percentages (one decimal where needed) that say each one's share. */
export function percentages(weights: readonly number[]): number[] {
  const total = weights.reduce((s, w) => s + Math.max(0, w), 0);
  if (total === 0) return weights.map(() => 0);
  return weights.map((w) => Math.round((Math.max(0, w) * 1000) / total) / 10);
}

/** `before → after` for one request; when only the weights moved, `90/10 → 70/30 petstore-v1/petstore-v2`. */
export function describeChange(before: TrafficOutcome, after: TrafficOutcome): string {
  const sameTargets = before.kind === 'forward' && after.kind === 'forward' && before.targets && after.targets
    && before.targets.length > 1 && before.targets.join('/') === after.targets.join('/');
  if (sameTargets && withoutShares(before) === withoutShares(after)) {
    return `${before.shares!.join('/')} → ${after.shares!.join('/')} ${after.targets!.join('/')}`;
  }
  return `${before.text} → ${after.text}`;
}

function withoutShares(o: TrafficOutcome): string {
  return o.text.slice(o.text.indexOf(' ') + 1);
}

function short(s: string): string {
  return s.length > 30 ? s.slice(0, 29) + '…' : s;
}
