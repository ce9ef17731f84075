// The gateway stage: Gateways + VirtualServices + RouteTables → Proxies. Rounds repeat until no
// served object has an error: each failing object falls back to its last accepted version, then is
// dropped; statuses describe the first round that rejected an object, or the final round otherwise.
import type { Resource } from '../../model/resource';
import type { ApiSnapshot } from '../../snapshot/api-snapshot';
import { throwIfAborted } from '../abort';
import type { GlooView } from '../gloo/gloo-objects';
import { notServedNote, servingNote } from '../last-accepted';
import { keyOf } from '../names';
import { serveEach, type ServeContext } from '../served';
import type { Finding, RegexValidator } from '../types';
import { defaultGateways, useDefaultGateways } from './default-gateways';
import { evaluate, type Evaluation, type RoundInputs } from './evaluate';
import { judgeGateway, missingRefs } from './gateway-selection';
import { buildProxies } from './proxy-builder';
import { ServeSet } from './serve-set';
import type { ExpansionCache } from './virtual-service-expander';

/** Rounds after which every object still failing is dropped. */
const MAX_ROUNDS = 8;

/** Inputs of the gateway stage. */
export interface GatewayStageInput {
  readonly snapshot: ApiSnapshot;
  readonly view: GlooView;
  readonly serve: ServeContext;
  readonly cache: ExpansionCache;
  readonly regex: RegexValidator;
  readonly writeNamespace: string;
  readonly signal?: AbortSignal;
}

/** Outputs of the gateway stage: the generated Proxies, virtual host fingerprints, and how many rounds it took. */
export interface GatewayStageOutput {
  readonly proxies: Resource<'Proxy'>[];
  readonly fingerprints: WeakMap<object, string>;
  readonly rounds: number;
}

/** Runs the gateway stage, reporting findings and staging accepted versions in `serve`. */
export function runGatewayStage(input: GatewayStageInput): GatewayStageOutput {
  const { snapshot, serve } = input;
  const o = snapshot.objects;
  const existing = new Set(snapshot.objectHashes.keys());
  const gateways = useDefaultGateways(o.Gateway, o.Settings)
    ? defaultGateways(input.writeNamespace)
    : [...serveEach(o.Gateway, (g) => [...judgeGateway(g, o.Gateway), ...missingRefs(g, existing)], serve, () => throwIfAborted(input.signal)).values()].map((s) => s.resource);
  const inputs: RoundInputs = { gateways, view: input.view, regex: input.regex, existing, cache: input.cache, writeNamespace: input.writeNamespace, signal: input.signal };
  const set = new ServeSet([...o.VirtualService, ...o.RouteTable], snapshot.objectHashes, serve.lastAccepted);
  const rejectedIn = new Map<string, Evaluation>();
  let round = 0;
  let ev = evaluate(set, inputs);
  for (;;) {
    const failing = failingRefs(ev.findings);
    for (const ref of failing.keys()) if (set.outcomeOf(ref) === 'current' && !rejectedIn.has(ref)) rejectedIn.set(ref, ev);
    // Dropping an object never adds errors to others, so the round after MAX_ROUNDS is the last.
    if (failing.size === 0 || round > MAX_ROUNDS) break;
    for (const [ref, first] of failing) {
      set.advance(ref, first);
      if (round === MAX_ROUNDS) set.advance(ref, first);
    }
    round++;
    ev = evaluate(set, inputs);
  }
  report(o, set, rejectedIn, ev, serve);
  const fingerprints = new WeakMap<object, string>();
  return { proxies: buildProxies(ev.proxies, input.writeNamespace, fingerprints), fingerprints, rounds: round + 1 };
}

function failingRefs(findings: readonly Finding[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of findings) if (f.severity === 'error' && !out.has(f.ref)) out.set(f.ref, f.message);
  return out;
}

/** Statuses: rejected objects get the findings of the round that rejected them plus what is served; the others the final round's. */
function report(o: ApiSnapshot['objects'], set: ServeSet, rejectedIn: ReadonlyMap<string, Evaluation>, final: Evaluation, serve: ServeContext): void {
  const { reports } = serve;
  const grouped = new Map<Evaluation, { findings: Map<string, Finding[]>; judged: Map<string, string[]> }>();
  const of = (ev: Evaluation) => {
    let g = grouped.get(ev);
    if (!g) grouped.set(ev, (g = { findings: groupFindings(ev.findings), judged: groupJudged(ev.judged) }));
    return g;
  };
  for (let i = 0; i < final.judged.length; i += 2) reports.judgedFor(final.judged[i], final.judged[i + 1]);
  for (const r of [...o.VirtualService, ...o.RouteTable] as Resource[]) {
    const ref = keyOf(r);
    const rejected = rejectedIn.get(ref);
    if (rejected) {
      reports.addAll(of(rejected).findings.get(ref) ?? []);
      for (const proxy of of(rejected).judged.get(ref) ?? []) reports.judgedFor(ref, proxy);
      noteOutcome(ref, set, serve);
      continue;
    }
    reports.addAll(of(final).findings.get(ref) ?? []);
    serve.lastAccepted.accept(ref, r, serve.hashes.get(ref) ?? '', serve.nowIso);
    if (r.kind === 'VirtualService' && !final.selected.has(ref)) reports.add({ ref, severity: 'warning', message: 'not selected by any Gateway, so no proxy serves it' });
    if (r.kind === 'RouteTable' && !final.usedTables.has(ref)) reports.note(ref, 'not used by any VirtualService route');
  }
}

function groupFindings(findings: readonly Finding[]): Map<string, Finding[]> {
  const out = new Map<string, Finding[]>();
  for (const f of findings) {
    const l = out.get(f.ref);
    if (l) l.push(f);
    else out.set(f.ref, [f]);
  }
  return out;
}

function groupJudged(pairs: readonly string[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (let i = 0; i < pairs.length; i += 2) {
    const l = out.get(pairs[i]);
    if (l) l.push(pairs[i + 1]);
    else out.set(pairs[i], [pairs[i + 1]]);
  }
  return out;
}

function noteOutcome(ref: string, set: ServeSet, serve: ServeContext): void {
  const fallback = serve.lastAccepted.get(ref);
  const outcome = set.outcomeOf(ref);
  if (outcome === 'fallback' && fallback) serve.reports.note(ref, servingNote(fallback.since));
  else serve.reports.note(ref, notServedNote(fallback, set.dropReasons.get(ref), serve.hashes.get(ref)));
}
