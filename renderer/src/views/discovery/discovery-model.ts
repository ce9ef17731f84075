// What the Discovery view says, as plain functions of the DiscoveryView: the header line, each source's
// state, each Upstream's owner, and a discovery pass's chain across both loops.
import type { DiscoveryPassView, DiscoverySourceView, DiscoveryView, UpstreamDiscoveryView } from '../../../../core/common/discovery/discovery-view';

/** The header line: what runs, or how to turn discovery on. */
export function statusLine(v: DiscoveryView): string {
  if (!v.running) return 'Discovery is off: run serve --discovery local (or kubernetes, static), or list sources in Settings discovery.sources.';
  return `Discovery runs ${v.sources.map((s) => s.kind).join(', ')}; function discovery ${v.fdsMode}; Upstreams are written to ${v.writeNamespace}.`;
}

/** One source in words: `12 found`, or its error. */
export function sourceState(s: DiscoverySourceView): string {
  switch (s.state) {
    case 'ok': return `${s.found.length} found`;
    case 'waiting': return 'first scan running';
    case 'unsupported': return `not supported here: ${s.message ?? ''}`;
    default: return `error: ${s.message ?? ''}`;
  }
}

/** Who owns an Upstream, in words. */
export function ownerText(u: UpstreamDiscoveryView): string {
  if (u.deleted) return 'deleted by discovery';
  return u.owner === 'discovery' ? `discovery (${u.source ?? '?'})` : 'yours';
}

/** Whether the Adopt button applies: an Upstream discovery owns that still exists. */
export function canAdopt(u: UpstreamDiscoveryView): boolean {
  return u.owner === 'discovery' && !u.deleted;
}

/** A pass across both loops: `discovery pass 3 created Upstream gloo-system.node-3000 → gateway pass 12 → xDS gloo-system~gateway-proxy@ab12`. */
export function passChain(p: DiscoveryPassView): string {
  const verbs = { create: 'created', update: 'updated', delete: 'deleted' } as const;
  const writes = p.writes.map((w) => `${verbs[w.op]} ${w.key.replace(/^Upstream\./, 'Upstream ')}`).join(', ');
  const gateway = p.gatewayPass === undefined ? 'gateway loop not run yet' : `gateway pass ${p.gatewayPass}`;
  const xds = Object.entries(p.published ?? {}).map(([proxy, version]) => `${proxy}@${version || 'removed'}`).join(', ');
  return `discovery pass ${p.id} ${writes} → ${gateway}${p.gatewayPass === undefined ? '' : ` → ${xds ? `xDS ${xds}` : 'no xDS change'}`}`;
}
