// State of the World ADS, one stream's protocol state: what each type is subscribed to,
// what was last sent with which nonce, and when a response is due. No I/O here.
// Spec: https://www.envoyproxy.io/docs/envoy/latest/api-docs/xds_protocol
import { TYPE_URLS, xdsTypeOf, type XdsResource, type XdsType } from '../../../common/xds/xds-snapshot';
import type { DiscoveryRequest } from '../discovery';
import { FULL_STATE_TYPES, WILDCARD, type ServedView } from '../served-view';

/** A response the stream should send: the type, version_info, nonce and resources (in order). */
export interface PlannedSotwResponse {
  type: XdsType;
  typeUrl: string;
  version: string;
  nonce: string;
  resources: XdsResource[];
}

/** A NACK as the server sees it: the version it had sent, the client's error text, the resources of that response. */
export interface SotwNack {
  version: string;
  error: string;
  resourceNames: string[];
}

/**
 * What one request amounted to. `stale`: its nonce was not the latest, so it was ignored. `unrecognizedAck`:
 * it carries the latest nonce without error_detail but a version_info other than the one sent with that
 * nonce, so it ACKs nothing this stream sent.
 */
export type SotwOutcome =
  | { kind: 'unknown-type'; typeUrl: string }
  | { kind: 'stale'; type: XdsType }
  | { kind: 'handled'; type: XdsType; ack?: { version: string }; nack?: SotwNack; unrecognizedAck?: { version: string }; response?: PlannedSotwResponse };

interface SentState {
  version: string;
  nonce: string;
  /** Names sent that are still subscribed. */
  names: ReadonlySet<string>;
  /** The client already ACKed or NACKed it; later requests with its nonce only update the subscription. */
  answered: boolean;
}

interface TypeState {
  names: Set<string>;
  wildcard: boolean;
  /** Some request of this type named a resource (ends the legacy empty-means-wildcard rule). */
  explicit: boolean;
  sent?: SentState;
  nackedVersion?: string;
}

/** Per-stream SotW protocol state machine; feed it requests and snapshot changes, send what it plans. */
export class SotwState {
  private readonly types = new Map<XdsType, TypeState>();
  private counter = 0;

  /** noncePrefix makes nonces distinct across streams (nonces are only meaningful within one stream). */
  constructor(private readonly noncePrefix: string) {}

  /**
   * Handles one DiscoveryRequest against the current view.
   * - "ACK/NACK and resource type instance version": the first request carrying the latest nonce of
   *   its type ACKs that response (its version_info is the version sent with that nonce), or NACKs it
   *   when error_detail is set; later ones with the same nonce only change the subscription.
   * - "Resource updates": a request whose nonce is not the latest is stale and ignored entirely.
   * - The first request of a type on a stream is answered even when the client claims the
   *   current version ("ACK/NACK and resource type instance version", last paragraph).
   */
  handleRequest(req: DiscoveryRequest, view: ServedView): SotwOutcome {
    const type = xdsTypeOf(req.typeUrl);
    if (!type) return { kind: 'unknown-type', typeUrl: req.typeUrl };
    const existing = this.types.get(type);
    const state = existing ?? { names: new Set<string>(), wildcard: false, explicit: false };
    if (existing?.sent && req.responseNonce !== '' && req.responseNonce !== existing.sent.nonce) return { kind: 'stale', type };
    this.types.set(type, state);
    const outcome: SotwOutcome = { kind: 'handled', type };
    if (state.sent && req.responseNonce === state.sent.nonce && !state.sent.answered) {
      state.sent.answered = true;
      if (req.errorDetail) {
        outcome.nack = { version: state.sent.version, error: req.errorDetail.message, resourceNames: [...state.sent.names] };
        state.nackedVersion = state.sent.version;
      } else if (req.versionInfo === state.sent.version) {
        outcome.ack = { version: req.versionInfo };
      } else {
        outcome.unrecognizedAck = { version: req.versionInfo };
      }
    }
    updateSubscription(type, state, req.resourceNames);
    forgetUnsubscribed(state);
    outcome.response = this.plan(type, state, view, !existing);
    return outcome;
  }

  /** Responses due after the snapshot changed, in push order (CDS, EDS, LDS, RDS, SDS: "Eventual consistency considerations"). */
  onSnapshot(view: ServedView, order: readonly XdsType[]): PlannedSotwResponse[] {
    const out: PlannedSotwResponse[] = [];
    for (const type of order) {
      const state = this.types.get(type);
      // A type whose version did not change has nothing new (its version covers every resource of the type),
      // except named listeners: whether an API listener exists follows the route configuration's domains.
      if (state?.sent && state.sent.version === view.version(type) && !(type === 'listener' && state.names.size > 0)) continue;
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

  /**
   * Decides whether a response is due and builds it.
   * - "When to send an update": only when the type's version changed, or the subscription gained
   *   a name that exists ("How the client specifies what resources to return": newly requested
   *   resources are sent even if unchanged), or a Listener or Cluster sent before no longer exists
   *   ("Knowing When a Requested Resource Does Not Exist": leaving it out tells the client).
   * - A NACKed version is not sent again; only a newer version, or newly subscribed names, go out.
   * - "Grouping Resources into Responses": Listener and Cluster responses carry every subscribed
   *   resource; other types carry the subscribed resources that exist, and none is sent when none exists.
   */
  private plan(type: XdsType, state: TypeState, view: ServedView, initial: boolean): PlannedSotwResponse | undefined {
    const version = view.version(type);
    const items = selectResources(type, state, view);
    const fullState = FULL_STATE_TYPES.has(type);
    let resources = [...items.values()];
    if (!initial && state.sent) {
      const added = resources.filter((r) => !state.sent!.names.has(r.name));
      const removed = fullState && [...state.sent.names].some((n) => !items.has(n));
      if (state.nackedVersion === version) {
        if (added.length === 0 && !removed) return undefined;
        if (!fullState) resources = added;
      } else if (version === state.sent.version && added.length === 0 && !removed) {
        return undefined;
      }
    }
    if (!fullState && resources.length === 0) return undefined;
    const nonce = `${this.noncePrefix}-${++this.counter}`;
    state.sent = { version, nonce, names: new Set(items.keys()), answered: false };
    return { type, typeUrl: TYPE_URLS[type], version, nonce, resources };
  }
}

/**
 * Applies a request's resource_names ("How the client specifies what resources to return"):
 * for Listener and Cluster, an empty list is a wildcard until some request names a resource,
 * and '*' is the explicit wildcard; for other types the list is exactly the subscription.
 */
function updateSubscription(type: XdsType, state: TypeState, names: readonly string[]): void {
  if (!FULL_STATE_TYPES.has(type)) {
    state.names = new Set(names);
    return;
  }
  if (names.length > 0) state.explicit = true;
  state.wildcard = state.explicit ? names.includes(WILDCARD) : true;
  state.names = new Set(names.filter((n) => n !== WILDCARD));
}

/**
 * A client drops resources it unsubscribes from ("Resource updates": unsubscribing), so a name
 * unsubscribed and later subscribed again is new to it: keep only subscribed names as sent.
 */
function forgetUnsubscribed(state: TypeState): void {
  if (!state.sent || state.wildcard) return;
  state.sent.names = new Set([...state.sent.names].filter((n) => state.names.has(n)));
}

/** The subscribed resources that exist: all of the type's resources for a wildcard, plus named ones (API listeners included). */
function selectResources(type: XdsType, state: TypeState, view: ServedView): Map<string, XdsResource> {
  const out = new Map<string, XdsResource>(state.wildcard ? view.all(type) : []);
  for (const name of state.names) {
    if (out.has(name)) continue;
    const r = view.lookup(type, name);
    if (r) out.set(name, r);
  }
  return out;
}
