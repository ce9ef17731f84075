// A few readable lines describing a RouteDecision, for the CLI.
import { missingClusterText, type Destination, type Mirror, type RetrySummary, type RouteDecision, type RouteDecisionAction, type SourceRef } from './decision';

/** The decision as aligned `label  value` lines: listener, virtual host, route (counted from 1), action (or the reason nothing matched). */
export function formatDecision(decision: RouteDecision): string {
  const lines: [string, string][] = [];
  if (!decision.matched) {
    lines.push([decision.tcpProxy ? 'tcp proxy' : 'no match', decision.reason]);
    lines.push(['proxy', decision.proxy]);
    if (decision.listener) lines.push(['listener', listenerText(decision.listener, decision.routeConfig, decision.filterChain)]);
    if (decision.virtualHost) lines.push(['virtual host', `${decision.virtualHost.name}${sourceText(decision.virtualHost.source)}`]);
  } else {
    lines.push(['proxy', decision.proxy]);
    lines.push(['listener', listenerText(decision.listener, decision.routeConfig, decision.filterChain)]);
    const domain = decision.virtualHost.matchedDomain !== undefined ? ` via domain ${decision.virtualHost.matchedDomain}` : '';
    lines.push(['virtual host', `${decision.virtualHost.name}${sourceText(decision.virtualHost.source)}${domain}`]);
    const name = decision.route.name ? ` ${decision.route.name}` : '';
    lines.push(['route', `#${decision.route.index + 1}${name}${sourceText(decision.route.source)}`]);
    lines.push(...actionLines(decision.action));
    for (const f of decision.filters ?? []) lines.push(['filter', `${f.name}: ${f.runs ? 'runs' : 'skipped'}${f.note ? `, ${f.note}` : ''}`]);
  }
  for (const w of decision.warnings ?? []) lines.push(['warning', w]);
  const width = Math.max(...lines.map(([label]) => label.length));
  return lines.map(([label, value]) => `${label.padEnd(width)}  ${value}`).join('\n');
}

function listenerText(listener: string, routeConfig: string | undefined, chain: number | undefined): string {
  const parts = [listener];
  if (chain !== undefined) parts.push(chain < 0 ? 'default filter chain' : `filter chain ${chain}`);
  if (routeConfig) parts.push(`routes ${routeConfig}`);
  return parts.length === 1 ? listener : `${listener} (${parts.slice(1).join(', ')})`;
}

function sourceText(s: SourceRef | undefined): string {
  if (!s) return '';
  const index = s.routeIndex !== undefined ? ` route ${s.routeIndex + 1}` : '';
  return ` (${s.kind} ${s.namespace}/${s.name}${index})`;
}

function actionLines(a: RouteDecisionAction): [string, string][] {
  switch (a.type) {
    case 'forward': {
      const dests = a.destinations ?? [];
      const out: [string, string][] = [];
      if (dests.length === 0) out.push(['forward', a.clusterHeader ? `to the cluster named by header ${a.clusterHeader} (absent: 404)` : 'to no cluster']);
      dests.forEach((d, i) => out.push([i === 0 ? 'forward' : '', destinationText(d, dests.length > 1)]));
      if (a.pathAfterRewrite !== undefined) out.push(['path', a.pathAfterRewrite]);
      if (a.hostAfterRewrite) out.push(['host', a.hostAfterRewrite]);
      for (const m of a.mirrors ?? []) out.push(['mirror', mirrorText(m)]);
      if (a.retries) out.push(['retries', retryText(a.retries)]);
      if (a.hashOn) out.push(['hash on', a.hashOn.join(', ')]);
      return out;
    }
    case 'redirect':
      return [['redirect', `${a.redirect?.status ?? ''} ${a.redirect?.location ?? ''}`]];
    case 'directResponse': {
      const d = a.directResponse;
      const body = d?.body !== undefined ? ` ${JSON.stringify(shorten(d.body))}` : d?.bodyFile ? ` (body from ${d.bodyFile})` : '';
      return [['respond', `${d?.status ?? ''}${body}`]];
    }
    default:
      return [['action', a.note ?? a.type]];
  }
}

/** A mirror as one line: share, cluster and upstream, and whether the cluster is missing. */
export function mirrorText(m: Mirror): string {
  const upstream = m.upstream ? ` → Upstream ${m.upstream.namespace}/${m.upstream.name}` : '';
  return `${m.percent}% copied to ${m.cluster}${upstream}${m.missing ? ` [cluster ${m.cluster} does not exist: the copies go nowhere]` : ''}`;
}

/** A retry policy as one line: how many retries on what, per-try timeout, back-off, and where it comes from. */
export function retryText(r: RetrySummary): string {
  const parts = [`${r.numRetries} on ${r.retryOn ?? '(no condition: never)'}`];
  if (r.retriableStatusCodes) parts.push(`statuses ${r.retriableStatusCodes.join(', ')}`);
  if (r.perTryTimeout) parts.push(`${r.perTryTimeout} per try`);
  if (r.backOff) parts.push(`back-off ${r.backOff.baseInterval}${r.backOff.maxInterval ? `..${r.backOff.maxInterval}` : ''}`);
  return `${parts.join(', ')}${r.from === 'virtualHost' ? ' (virtual host policy)' : ''}`;
}

function destinationText(d: Destination, weighted: boolean): string {
  const upstream = d.upstream ? ` → Upstream ${d.upstream.namespace}/${d.upstream.name}` : '';
  const weight = weighted ? ` (weight ${d.weight})` : '';
  const missing = d.missing ? ` [${missingClusterText(d)}]` : '';
  return `${d.cluster}${upstream}${weight}${missing}`;
}

function shorten(s: string): string {
  return s.length > 60 ? s.slice(0, 59) + '…' : s;
}
