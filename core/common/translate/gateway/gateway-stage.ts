// The gateway stage: Gateways + VirtualServices + RouteTables → Proxies. Rounds repeat until no
// served object has an error: each failing object falls back to its last accepted version, then is
// dropped (as Gloo keeps the last good listener or virtual host of a rejected Gateway or
// VirtualService); statuses describe the first round that rejected an object, or the final round
// otherwise.
import type { Resource } from '../../model/resource';
import type { ApiSnapshot } from '../../snapshot/api-snapshot';
import { throwIfAborted } from '../abort';
import type { GlooView } from '../gloo/gloo-objects';
import { notServedNote, servingNote } from '../last-accepted';
import { DEFAULT_PROXY_NAME, describeKey } from '../names';
import type { ServeContext } from '../served';
import type { Finding, RegexValidator } from '../types';
import { chooseGateways, DEFAULT_GATEWAYS_NOTE, ignoredGatewayNote, noGatewayNote } from './default-gateways';
import { evaluate, type Evaluation, type RoundInputs } from './evaluate';
import { gatewayNotes } from './gateway-selection';
import { serveMatchableGateways } from './matchable-gateways';
import { buildProxies } from './proxy-builder';
import { optionObjectsOf } from './option-refs';
import { ServeSet } from './serve-set';
import type { ExpansionCache } from './virtual-service-expander';
import { refKey } from '../../model/resource';

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

/** Outputs of the gateway stage: the generated Proxies and how many rounds it took. */
export interface GatewayStageOutput {
  readonly proxies: Resource<'Proxy'>[];
  readonly rounds: number;
}

/** Runs the gateway stage, reporting findings and staging accepted versions in `serve`. */
export function runGatewayStage(input: GatewayStageInput): GatewayStageOutput {
  const { snapshot, serve } = input;
  const o = snapshot.objects;
  // The view's keys are the snapshot's (a reused view comes from a snapshot with the same keys).
  const existing = input.view.existing;
  throwIfAborted(input.signal);
  const choice = chooseGateways(o.Gateway, o.Settings, snapshot.problems, input.writeNamespace);
  for (const g of choice.ignored) serve.reports.note(refKey(g), ignoredGatewayNote(input.writeNamespace));
  const matchable = serveMatchableGateways(o, { view: input.view, regex: input.regex, existing, serve });
  const inputs: RoundInputs = { ...(choice.defaults ? { defaults: choice.defaults } : {}), view: input.view, regex: input.regex, existing, cache: input.cache, writeNamespace: input.writeNamespace, matchable, optionObjects: optionObjectsOf(snapshot), signal: input.signal };
  const objects: Resource<'Gateway' | 'VirtualService' | 'RouteTable'>[] = [...choice.read, ...o.VirtualService, ...o.RouteTable];
  const set = new ServeSet(objects, snapshot.objectHashes, serve.lastAccepted);
  const rejectedIn = new Map<string, Evaluation>();
  let round = 0;
  let ev = evaluate(set, inputs);
  const firstRound = ev;
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
  report(objects, set, { rejectedIn, first: firstRound, final: ev }, serve, noGatewayNote(choice, input.writeNamespace));
  if (choice.defaults) serve.reports.note(refKey({ kind: 'Proxy', namespace: input.writeNamespace, name: DEFAULT_PROXY_NAME }), DEFAULT_GATEWAYS_NOTE);
  return { proxies: buildProxies(ev.proxies, input.writeNamespace), rounds: round + 1 };
}

function failingRefs(findings: readonly Finding[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const f of findings) if (f.severity === 'error' && !out.has(f.ref)) out.set(f.ref, f.message);
  return out;
}

/** Statuses: rejected objects get the findings of the round that rejected them plus what is served; the others the final round's. */
/** The rounds statuses are built from: the one that rejected each object, the first and the final one. */
interface Rounds {
  readonly rejectedIn: ReadonlyMap<string, Evaluation>;
  readonly first: Evaluation;
  readonly final: Evaluation;
}

function report(objects: readonly Resource[], set: ServeSet, rounds: Rounds, serve: ServeContext, noGateway: string | undefined): void {
  const { rejectedIn, final } = rounds;
  const { reports } = serve;
  // Grouped lazily: the final round's judged pairs are reported as they are, so only rejecting rounds need them by object.
  const grouped = new Map<Evaluation, { findings: Map<string, Finding[]>; judged?: Map<string, string[]> }>();
  const of = (ev: Evaluation) => {
    let g = grouped.get(ev);
    if (!g) grouped.set(ev, (g = { findings: groupFindings(ev.findings) }));
    return g;
  };
  const judgedIn = (ev: Evaluation) => (of(ev).judged ??= groupJudged(ev.judged));
  for (let i = 0; i < final.judged.length; i += 2) reports.judgedFor(final.judged[i], final.judged[i + 1]);
  const finalFindings = of(final).findings;
  for (const r of objects) {
    const ref = refKey(r);
    if (r.kind === 'Gateway') for (const n of gatewayNotes(r as Resource<'Gateway'>)) reports.note(ref, n);
    const rejected = rejectedIn.size ? rejectedIn.get(ref) : undefined;
    if (rejected) {
      reports.addAll(of(rejected).findings.get(ref) ?? []);
      for (const proxy of judgedIn(rejected).get(ref) ?? []) reports.judgedFor(ref, proxy);
      noteOutcome(ref, set, serve);
      continue;
    }
    const found = finalFindings.get(ref);
    if (found) reports.addAll(found);
    serve.lastAccepted.accept(ref, r, () => serve.hashes.get(ref) ?? '', serve.nowIso);
    if (r.kind === 'VirtualService' && !final.selectedBy.has(ref)) {
      reports.add({ ref, severity: 'warning', message: notSelectedMessage(rounds.first.selectedBy.get(ref), set) });
      if (noGateway) reports.note(ref, noGateway);
    }
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

/** Why no proxy serves a VirtualService no served Gateway selects: the Gateways that would, rejected, or none at all. */
function notSelectedMessage(gateways: readonly string[] | undefined, set: ServeSet): string {
  const rejected = (gateways ?? []).filter((g) => set.outcomeOf(g) === 'dropped');
  if (!rejected.length) return 'not selected by any Gateway, so no proxy serves it';
  return `selected only by ${rejected.map(describeKey).join(', ')}, which ${rejected.length === 1 ? 'is' : 'are'} rejected and not served, so no proxy serves it`;
}
