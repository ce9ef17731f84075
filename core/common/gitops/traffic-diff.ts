// The traffic diff: requests replayed against the xDS before and after a change — every route test's request, and a
// sample request for every route that may route differently — listing the ones that go somewhere else.
import { resolveProxy } from '../route/route-tests';
import { simulateRequest } from '../route/simulator';
import type { XdsSnapshot } from '../xds/xds-snapshot';
import type { TrafficChange, TrafficDiff } from './review-types';
import { sampleChangedRoutes, type SampleRequest } from './sample-requests';
import { describeChange, outcomeOf, type TrafficOutcome } from './traffic-outcome';

/** Where a request goes in one set of snapshots (a proxy that does not exist is an unmatched outcome). */
export function outcomeIn(xds: ReadonlyMap<string, XdsSnapshot>, sample: Pick<SampleRequest, 'proxy' | 'request'>): TrafficOutcome {
  const found = resolveProxy(xds, sample.proxy);
  if ('error' in found) return { kind: 'unmatched', text: `no proxy (${found.error})` };
  const r = sample.request;
  return outcomeOf(simulateRequest(found.xds, { ...r, method: r.method ?? 'GET', headers: { ...r.headers }, query: { ...r.query } }), r.path);
}

/** Replays `extra` (route-test requests) and samples of the changed routes on both sides; lists those that route differently. */
export function diffTraffic(before: ReadonlyMap<string, XdsSnapshot>, after: ReadonlyMap<string, XdsSnapshot>, extra: readonly SampleRequest[]): TrafficDiff {
  const { samples, unsampled } = sampleChangedRoutes(before, after);
  const seen = new Set<string>();
  const changes: TrafficChange[] = [];
  let unchanged = 0;
  for (const s of [...extra, ...samples]) {
    const key = `${nodeOf(after, s.proxy) ?? nodeOf(before, s.proxy) ?? s.proxy ?? ''} ${s.label}`;
    if (seen.has(key)) continue;
    seen.add(key);
    const a = outcomeIn(before, s);
    const b = outcomeIn(after, s);
    if (a.text === b.text) unchanged++;
    else changes.push({ label: s.label, origin: s.origin, ...(s.proxy ? { proxy: s.proxy } : {}), before: a, after: b, summary: describeChange(a, b) });
  }
  return { changes, unchanged, unsampled };
}

/** The proxy key a request's proxy name resolves to, so a route test's request and a sample of the same route count once. */
function nodeOf(xds: ReadonlyMap<string, XdsSnapshot>, proxy: string | undefined): string | undefined {
  const found = resolveProxy(xds, proxy);
  return 'error' in found ? undefined : found.xds.node;
}

/** The diff as text lines: `` `GET host/path`: 90/10 → 70/30 petstore-v1/petstore-v2 `` and a count of the unchanged. */
export function formatTrafficDiff(d: TrafficDiff): string[] {
  const lines = d.changes.map((c) => `\`${c.label}\`: ${c.summary}  (${c.origin})`);
  lines.push(`${d.changes.length} request${d.changes.length === 1 ? '' : 's'} routed differently, ${d.unchanged} unchanged`
    + (d.unsampled ? `, ${d.unsampled} changed route${d.unsampled === 1 ? '' : 's'} without a sample request` : ''));
  return lines;
}
