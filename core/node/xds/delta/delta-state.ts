// Incremental (delta) ADS, one stream's protocol state: subscriptions per type, the
// resource versions the client holds, and outstanding nonces. No I/O here.
// Spec: https://www.envoyproxy.io/docs/envoy/latest/api-docs/xds_protocol#incremental-xds
import { TYPE_URLS, xdsTypeOf, type XdsResource, type XdsType } from '../../../common/xds/xds-snapshot';
import type { DeltaDiscoveryRequest } from '../discovery';
import type { XdsLimits } from '../limits';
import { FULL_STATE_TYPES, WILDCARD, type ServedView } from '../served-view';

/** A delta response the stream should send: changed resources and removed names of one type. */
export interface PlannedDeltaResponse {
  type: XdsType;
  typeUrl: string;
  version: string;
  nonce: string;
  resources: XdsResource[];
  removed: string[];
}

/** A NACK: the system version of the rejected response, the client's error text, what that response carried. */
export interface DeltaNack {
  version: string;
  error: string;
  resourceNames: string[];
}

/** What one request amounted to. `refused`: it would subscribe the stream to more names of its type than allowed. */
export type DeltaOutcome =
  | { kind: 'unknown-type'; typeUrl: string }
  | { kind: 'refused'; reason: string }
  | { kind: 'handled'; type: XdsType; ack?: { version: string }; nack?: DeltaNack; response?: PlannedDeltaResponse };

interface TypeState {
  wildcard: boolean;
  names: Set<string>;
  /** Versions the client holds, as sent by us or declared in initial_resource_versions. */
  known: Map<string, string>;
  /** Subscribed names already reported missing in removed_resources. */
  toldAbsent: Set<string>;
}

interface Outstanding {
  type: XdsType;
  version: string;
  names: string[];
}

/** Responses awaiting ACK kept per stream; older ones are forgotten beyond this. */
const MAX_OUTSTANDING = 1024;

/** Per-stream incremental protocol state machine; feed it requests and snapshot changes, send what it plans. */
export class DeltaState {
  private readonly types = new Map<XdsType, TypeState>();
  private readonly outstanding = new Map<string, Outstanding>();
  private counter = 0;

  /** noncePrefix makes nonces distinct across streams. */
  constructor(
    private readonly noncePrefix: string,
    private readonly limits: Pick<XdsLimits, 'maxSubscribedNames'>,
  ) {}

  /**
   * Handles one DeltaDiscoveryRequest. The nonce only pairs an ACK/NACK with its response;
   * subscription changes are honoured even when it is stale (spec: "Incremental xDS").
   */
  handleRequest(req: DeltaDiscoveryRequest, view: ServedView): DeltaOutcome {
    const type = xdsTypeOf(req.typeUrl);
    if (!type) return { kind: 'unknown-type', typeUrl: req.typeUrl };
    const refusal = this.overLimit(type, req);
    if (refusal) return { kind: 'refused', reason: refusal };
    const outcome: DeltaOutcome = { kind: 'handled', type, ...this.ackOrNack(type, req) };
    const first = !this.types.has(type);
    const state = this.types.get(type) ?? this.initialState(type, req);
    this.types.set(type, state);
    subscribe(state, req.resourceNamesSubscribe, first);
    unsubscribe(state, req.resourceNamesUnsubscribe, type, view);
    outcome.response = this.plan(type, state, view, first);
    return outcome;
  }

  /** Responses due after the snapshot changed, in push order: only changed resources and removals. */
  onSnapshot(view: ServedView, order: readonly XdsType[]): PlannedDeltaResponse[] {
    const out: PlannedDeltaResponse[] = [];
    for (const type of order) {
      const state = this.types.get(type);
      const planned = state && this.plan(type, state, view, false);
      if (planned) out.push(planned);
    }
    return out;
  }

  /** The names a type is subscribed to ('*' included when wildcard), for display and tests. */
  subscription(type: XdsType): string[] | undefined {
    const state = this.types.get(type);
    return state && [...(state.wildcard ? [WILDCARD] : []), ...state.names];
  }

  /** Why a request breaks the subscription limit (names per request are checked before decoding); undefined when it does not. */
  private overLimit(type: XdsType, req: DeltaDiscoveryRequest): string | undefined {
    const { maxSubscribedNames } = this.limits;
    const current = this.types.get(type)?.names ?? new Set<string>();
    const added = new Set(req.resourceNamesSubscribe.filter((n) => n !== WILDCARD && !current.has(n))).size;
    if (current.size + added > maxSubscribedNames) {
      return `a ${type} request would subscribe the stream to ${current.size + added} resources; at most ${maxSubscribedNames} per type`;
    }
    return undefined;
  }

  /** "ACK/NACK and resource type instance version": error_detail marks a NACK of the response with that nonce. */
  private ackOrNack(type: XdsType, req: DeltaDiscoveryRequest): { ack?: { version: string }; nack?: DeltaNack } {
    const sent = req.responseNonce ? this.outstanding.get(req.responseNonce) : undefined;
    if (!sent || sent.type !== type) return {};
    this.outstanding.delete(req.responseNonce);
    if (!req.errorDetail) return { ack: { version: sent.version } };
    return { nack: { version: sent.version, error: req.errorDetail.message, resourceNames: sent.names } };
  }

  /**
   * First request of a type: initial_resource_versions seed what the client holds ("Incremental xDS",
   * reconnect); no names in subscribe or unsubscribe means the legacy wildcard for Listener and Cluster.
   */
  private initialState(type: XdsType, req: DeltaDiscoveryRequest): TypeState {
    const legacyWildcard =
      FULL_STATE_TYPES.has(type) && req.resourceNamesSubscribe.length === 0 && req.resourceNamesUnsubscribe.length === 0;
    return {
      wildcard: legacyWildcard,
      names: new Set(),
      known: new Map(Object.entries(req.initialResourceVersions ?? {})),
      toldAbsent: new Set(),
    };
  }

  /**
   * Computes the delta against what the client holds: resources whose version differs, and in
   * removed_resources the held resources that are gone or out of scope, plus subscribed names that
   * do not exist ("Knowing When a Requested Resource Does Not Exist"). A NACKed resource stays
   * recorded as held, so it is not sent again until its version changes. The first request of a type
   * is always answered, possibly empty, so the client knows its subscription was seen.
   */
  private plan(type: XdsType, state: TypeState, view: ServedView, first: boolean): PlannedDeltaResponse | undefined {
    const resources: XdsResource[] = [];
    const removed: string[] = [];
    const scope = scopeOf(type, state, view);
    for (const [name, r] of scope) {
      if (r) {
        if (state.known.get(name) !== r.version) resources.push(r);
        state.known.set(name, r.version);
        state.toldAbsent.delete(name);
      } else if (state.known.delete(name) || !state.toldAbsent.has(name)) {
        removed.push(name);
        state.toldAbsent.add(name);
      }
    }
    for (const name of [...state.known.keys()]) {
      if (!scope.has(name)) {
        state.known.delete(name);
        removed.push(name);
      }
    }
    if (resources.length === 0 && removed.length === 0 && !first) return undefined;
    return this.record({ type, typeUrl: TYPE_URLS[type], version: view.version(type), nonce: this.nextNonce(), resources, removed });
  }

  private record(planned: PlannedDeltaResponse): PlannedDeltaResponse {
    const names = [...planned.resources.map((r) => r.name), ...planned.removed];
    this.outstanding.set(planned.nonce, { type: planned.type, version: planned.version, names });
    if (this.outstanding.size > MAX_OUTSTANDING) this.outstanding.delete(this.outstanding.keys().next().value as string);
    return planned;
  }

  private nextNonce(): string {
    return `${this.noncePrefix}-${++this.counter}`;
  }
}

/**
 * resource_names_subscribe ("Subscribing to Resources"): '*' adds the wildcard; a name already held
 * is sent again, since the client may have forgotten it (except on the first request, where
 * initial_resource_versions say what it holds).
 */
function subscribe(state: TypeState, names: readonly string[], first: boolean): void {
  for (const name of names) {
    if (name === WILDCARD) {
      state.wildcard = true;
      continue;
    }
    state.names.add(name);
    state.toldAbsent.delete(name);
    if (!first) state.known.delete(name);
  }
}

/**
 * resource_names_unsubscribe ("Unsubscribing from Resources"): no response is needed, except when a
 * wildcard also covers the name's type — then the name is sent again if the wildcard includes it,
 * or removed if not. Leaving '*' forgets the resources only the wildcard had brought.
 */
function unsubscribe(state: TypeState, names: readonly string[], type: XdsType, view: ServedView): void {
  for (const name of names) {
    if (name === WILDCARD) {
      state.wildcard = false;
      for (const held of [...state.known.keys()]) if (!state.names.has(held)) state.known.delete(held);
      continue;
    }
    state.names.delete(name);
    state.toldAbsent.delete(name);
    if (state.wildcard && view.all(type).has(name)) state.known.delete(name);
    else if (!state.wildcard) state.known.delete(name);
  }
}

/** Names in scope with their resource (undefined when missing): the wildcard's resources plus the named ones. */
function scopeOf(type: XdsType, state: TypeState, view: ServedView): Map<string, XdsResource | undefined> {
  const scope = new Map<string, XdsResource | undefined>(state.wildcard ? view.all(type) : []);
  for (const name of state.names) if (!scope.has(name)) scope.set(name, view.lookup(type, name));
  return scope;
}
