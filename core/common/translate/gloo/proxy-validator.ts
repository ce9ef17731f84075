// Checks of Proxies the user wrote (generated ones were checked object by object in the gateway
// stage): listeners, virtual hosts, routes and TLS, with the same rules, reported on the Proxy.
import type { Resource } from '../../model/resource';
import { domainProblem } from '../gateway/virtual-service-validator';
import { matchersOf } from '../matchers';
import { unreachableRoutes } from '../reachability';
import { actionIssues, matcherIssues, routeLabel, virtualHostOptionIssues } from '../route-validator';
import type { Issue } from '../served';
import type { RegexValidator } from '../types';
import { secretIssues, type GlooView } from './gloo-objects';
import { httpPartsOf } from './listener-kinds';
import { nonHttpListenerIssues } from './non-http-listener-checks';

/** Problems of a user-written Proxy; messages name the listener, virtual host and route at fault. */
export function proxyIssues(p: Resource<'Proxy'>, view: GlooView, regex: RegexValidator): Issue[] {
  const issues: Issue[] = [];
  const ns = p.metadata.namespace;
  const names = new Set<string>();
  const binds = new Set<string>();
  for (const l of p.spec.listeners ?? []) {
    const at = `listener ${l.name ?? '(unnamed)'}`;
    const add = (i: Issue) => issues.push({ severity: i.severity, message: `${at}: ${i.message}` });
    if (!l.name) add({ severity: 'error', message: 'name is required' });
    else if (names.has(l.name)) add({ severity: 'error', message: 'name is used by another listener' });
    names.add(l.name ?? '');
    if (!l.bindPort) add({ severity: 'error', message: 'bindPort is required' });
    const bind = `${l.bindAddress || '::'}:${l.bindPort}`;
    if (binds.has(bind)) add({ severity: 'error', message: `${bind} is bound by another listener` });
    binds.add(bind);
    for (const s of l.sslConfigurations ?? []) if (s.secretRef) secretIssues(view, s.secretRef, ns, 'sslConfigurations.secretRef').forEach(add);
    nonHttpListenerIssues(l, view, regex, ns).forEach(add);
    // Domains are unique per route configuration: a hybrid listener has one per matched HTTP listener.
    const domains = new Map<string, string>();
    for (const [vh, rc] of httpPartsOf(l).flatMap((part) => (part.http.virtualHosts ?? []).map((vh) => [vh, part.routeConfig] as const))) {
      const vat = `virtual host ${vh.name ?? '(unnamed)'}`;
      const vadd = (i: Issue) => add({ severity: i.severity, message: `${vat}: ${i.message}` });
      for (const d of vh.domains?.length ? vh.domains : ['*']) {
        const problem = domainProblem(d);
        if (problem) vadd({ severity: 'error', message: `domain "${d}" ${problem}` });
        const other = domains.get(`${rc}|${d.toLowerCase()}`);
        if (other !== undefined) vadd({ severity: 'error', message: `domain "${d}" is also served by virtual host ${other}` });
        domains.set(`${rc}|${d.toLowerCase()}`, vh.name ?? '');
      }
      virtualHostOptionIssues(vh.options, regex, 'virtualHost.options', view.policy).forEach(vadd);
      (vh.routes ?? []).forEach((r, i) => {
        const radd = (x: Issue) => vadd({ severity: x.severity, message: `${routeLabel(i, r.name, r.matchers ?? [])}: ${x.message}` });
        matcherIssues(r.matchers ?? [], regex).forEach(radd);
        actionIssues(r, { view, regex, namespace: ns }).forEach(radd);
      });
      const reach = (vh.routes ?? []).map((r, i) => ({ matchers: matchersOf(r), owner: '', index: i, name: r.name }));
      for (const f of unreachableRoutes(reach)) vadd({ severity: 'warning', message: f.message });
    }
  }
  return issues;
}
