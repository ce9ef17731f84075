// The contract of a feature plugin, after Gloo's translator plugins (projects/gloo/pkg/plugins/
// plugin_interface.go: RoutePlugin.ProcessRoute, VirtualHostPlugin.ProcessVirtualHost,
// HttpFilterPlugin.HttpFilters, UpstreamPlugin.ProcessUpstream). A Gloo option lives in one plugin
// folder: the option fields it claims, its validation, its hooks and its HTTP filter.
import type { WeightedDestinationOptionsJson } from '../../gen/gloo/api/v1/weighted_destination_options_pb';
import type { DestinationJson, WeightedDestinationJson, ListenerJson as ProxyListener, RouteJson as ProxyRoute, VirtualHostJson as ProxyVirtualHost } from '../../gen/gloo/api/v1/proxy_pb';
import type { RouteOptionsJson } from '../../gen/gloo/api/v1/route_options_pb';
import type { VirtualHostOptionsJson } from '../../gen/gloo/api/v1/virtual_host_options_pb';
import type { HttpListenerOptionsJson } from '../../gen/gloo/api/v1/http_listener_options_pb';
import type { ListenerOptionsJson } from '../../gen/gloo/api/v1/listener_options_pb';
import type { ListenerJson as EnvoyListener } from '../../gen/envoy/envoy/config/listener/v3/listener_pb';
import type { HttpConnectionManagerJson } from '../../gen/envoy/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb';
import type { FilterJson } from '../../gen/envoy/envoy/config/listener/v3/listener_components_pb';
import type { JsonValue } from '@bufbuild/protobuf';
import type { Resource } from '../../model/resource';
import type { ResourceRefJson } from '../../gen/solo-kit/api/v1/solo-kit_pb';
import type { XdsItem } from '../gloo/envoy-types';
import type { GlooView } from '../gloo/gloo-objects';
import type { PolicyView } from '../gloo/policy-view';
import type { SecretJson } from '../../gen/envoy/envoy/extensions/transport_sockets/tls/v3/secret_pb';
import type { Issue } from '../served';
import type { RegexValidator } from '../types';
import type { EnvoyCluster, EnvoyClusterWeight, EnvoyHttpFilter, EnvoyRoute, EnvoyRouteAction, EnvoyVirtualHost } from './envoy';

/** Gloo's well-known HTTP filter stages, in order (projects/gloo/pkg/plugins/staged_filters.go, WellKnownFilterStage). */
export const FilterStage = { Fault: 0, Cors: 1, Waf: 2, AuthN: 3, AuthZ: 4, RateLimit: 5, Accepted: 6, OutAuth: 7, Route: 8 } as const;

/** One of the FilterStage values. */
export type FilterStage = (typeof FilterStage)[keyof typeof FilterStage];

/** Where a filter sits relative to its stage: before (-1), during (0, the default) or after (1) it (Gloo's BeforeStage/DuringStage/AfterStage). */
export type StageWeight = -1 | 0 | 1;

/** An HTTP filter a plugin adds to every HTTP connection manager whose routes use the plugin. */
export interface StagedHttpFilter {
  readonly stage: FilterStage;
  readonly weight?: StageWeight;
  readonly filter: EnvoyHttpFilter;
}

/** A network filter put before the HTTP connection manager of every filter chain (Gloo's StagedNetworkFilter). */
export interface StagedNetworkFilter {
  readonly stage: FilterStage;
  readonly weight?: StageWeight;
  readonly filter: FilterJson;
}

/** What a route's action is: forwarding (routeAction), redirect or direct response. */
export type RouteActionKind = 'forward' | 'redirect' | 'directResponse' | 'delegate' | 'none';

/** What validation hooks read. */
export interface CheckContext {
  readonly regex: RegexValidator;
  /** Prefix for field paths in messages: `options` for a route, `virtualHost.options` for a virtual host. */
  readonly field: string;
  /** Settings and policy objects, for checks that depend on them (absent where the caller has none). */
  readonly policy?: PolicyView;
  /** The gloo-side objects served this pass, for checks of references (absent where the caller has none). */
  readonly view?: GlooView;
}

/** What translation hooks read and report to. */
export interface HookContext {
  readonly view: GlooView;
  /**
   * Marks this plugin's HTTP filter as needed on the listeners that serve the route or virtual host;
   * `part` (JSON data) is handed to the plugin's httpFilters when it builds the filter, e.g. JWT providers.
   * Call it on the context (`ctx.useFilter(…)`): it is a method, not a free function.
   */
  useFilter(part?: FilterPart): void;
  /** The Proxy virtual host whose options or routes are translated (route and virtual host hooks only). */
  readonly virtualHost?: ProxyVirtualHost;
  /** Namespace of the Proxy: references in options of a route or virtual host with no source object default to it. */
  readonly proxyNamespace?: string;
}

/** What a route or virtual host gives its plugin's filter builder: JSON the plugin itself wrote. */
export type FilterPart = JsonValue;

/** What building the HTTP filters of a connection manager reads. */
export interface FilterContext {
  readonly view: GlooView;
  /** The HTTP listener options of the listener (Gateway `httpGateway.options`). */
  readonly listenerOptions?: HttpListenerOptionsJson;
}

/** The spec of an Upstream. */
export type UpstreamSpec = Resource<'Upstream'>['spec'];

/** A Secret an Upstream field names, and the kind of Secret it must be. */
export interface UpstreamSecretRef {
  /** Path of the field for messages, e.g. `sslConfig.secretRef`. */
  readonly field: string;
  readonly ref: ResourceRefJson;
  readonly kind: 'tls' | 'header' | 'azure' | 'aws';
}

/** What cluster hooks read and report to, besides the hook context. */
export interface ClusterContext extends HookContext {
  /** Namespace of the Upstream; references in its spec default to it. */
  readonly namespace: string;
  /** Adds an Envoy Secret the cluster reads over SDS (its TLS certificate or CA); a method, called on the context. */
  addSecret(secret: XdsItem<SecretJson>): void;
}

/** A feature plugin: every member is optional but `name`. */
export interface Plugin {
  /** Folder name of the plugin; also the key its filter use is recorded under. */
  readonly name: string;
  /** RouteOptions fields this plugin translates. */
  readonly routeOptions?: readonly (keyof RouteOptionsJson)[];
  /** VirtualHostOptions fields this plugin translates. */
  readonly virtualHostOptions?: readonly (keyof VirtualHostOptionsJson)[];
  /** Problems of a route's options (only called when one of routeOptions is set). */
  checkRoute?(options: RouteOptionsJson, action: RouteActionKind, ctx: CheckContext): Issue[];
  /** Problems of a virtual host's options (only called when one of virtualHostOptions is set). */
  checkVirtualHost?(options: VirtualHostOptionsJson, ctx: CheckContext): Issue[];
  /** Sets fields of an Envoy route from the Gloo route's options (any action). */
  route?(options: RouteOptionsJson, out: EnvoyRoute, ctx: HookContext, route: ProxyRoute): void;
  /** Sets fields of the Envoy RouteAction of a forwarding route. */
  routeAction?(options: RouteOptionsJson, out: EnvoyRouteAction, ctx: HookContext, route: ProxyRoute): void;
  /** Sets fields of an Envoy virtual host from the Gloo virtual host's options. */
  virtualHost?(options: VirtualHostOptionsJson, out: EnvoyVirtualHost, ctx: HookContext): void;
  /** The HTTP filter added where useFilter() was called. */
  readonly httpFilter?: StagedHttpFilter;
  /** The HTTP filters added where useFilter() was called, built from the parts given to it (used instead of httpFilter when set). */
  httpFilters?(parts: readonly FilterPart[], ctx: FilterContext): readonly StagedHttpFilter[];

  /** ListenerOptions fields (Gateway `options`) this plugin translates. */
  readonly listenerOptions?: readonly (keyof ListenerOptionsJson)[];
  /** HttpListenerOptions fields (Gateway `httpGateway.options`) this plugin translates. */
  readonly httpListenerOptions?: readonly (keyof HttpListenerOptionsJson)[];
  /** Run the HTTP connection manager hook on every connection manager, set options or not (Gloo's defaults). */
  readonly everyHttpConnectionManager?: boolean;
  /** Problems of listener options (only called when one of listenerOptions is set). */
  checkListener?(options: ListenerOptionsJson, ctx: CheckContext): Issue[];
  /** Problems of HTTP listener options (only called when one of httpListenerOptions is set). */
  checkHttpListener?(options: HttpListenerOptionsJson, ctx: CheckContext): Issue[];
  /** Sets fields of an Envoy listener from the listener options. */
  listener?(options: ListenerOptionsJson, out: EnvoyListener, ctx: HookContext): void;
  /** Sets fields of every HTTP connection manager of a listener from its HTTP listener options. */
  httpConnectionManager?(options: HttpListenerOptionsJson, out: HttpConnectionManagerJson, ctx: HookContext, listener: ProxyListener): void;
  /** HTTP filters configured by the HTTP listener options, added whatever the routes use. */
  listenerHttpFilters?(options: HttpListenerOptionsJson): readonly StagedHttpFilter[];
  /** Network filters configured by the HTTP listener options, before the HTTP connection manager (Gloo's NetworkFiltersHTTP). */
  listenerNetworkFilters?(options: HttpListenerOptionsJson): readonly StagedNetworkFilter[];

  /** Upstream spec fields this plugin translates. */
  readonly upstreamFields?: readonly (keyof UpstreamSpec)[];
  /** Problems of an Upstream (only called when one of upstreamFields is set). */
  checkUpstream?(spec: UpstreamSpec, ctx: CheckContext): Issue[];
  /** Secrets the Upstream's fields name: the gloo stage judges them and re-translates the cluster when one changes. */
  upstreamSecretRefs?(spec: UpstreamSpec): readonly UpstreamSecretRef[];
  /** Sets fields of the Envoy cluster of an Upstream. */
  cluster?(spec: UpstreamSpec, out: EnvoyCluster, ctx: ClusterContext): void;
  /** Clusters and listeners made beside an Upstream's cluster, after every cluster hook; it may change that cluster (Gloo's UpstreamGeneratedResourcesPlugin). */
  upstreamGeneratedResources?(spec: UpstreamSpec, out: EnvoyCluster, ctx: ClusterContext): GeneratedResources | undefined;

  /** Problems of a route's single destination that sets a destinationSpec; `upstream` is the served Upstream it names, if any. */
  checkDestination?(dest: DestinationJson, upstream: Resource<'Upstream'> | undefined, ctx: CheckContext): Issue[];
  /** Sets fields of the Envoy route of a forwarding route to a single destination, given the served Upstream it names; called only when that Upstream has functions (hasFunctions: a ServiceSpec, or aws). */
  destination?(dest: DestinationJson, upstream: Resource<'Upstream'> | undefined, out: EnvoyRoute, ctx: HookContext): void;

  /** WeightedDestinationOptions fields (`options` of a weighted destination) this plugin translates. */
  readonly weightedDestinationOptions?: readonly (keyof WeightedDestinationOptionsJson)[];
  /** Problems of a weighted destination's options (only called when one of weightedDestinationOptions is set). */
  checkWeightedDestination?(options: WeightedDestinationOptionsJson, ctx: CheckContext): Issue[];
  /** Sets fields of the Envoy ClusterWeight of a weighted destination from its options (Gloo's WeightedDestinationPlugin). */
  weightedDestination?(options: WeightedDestinationOptionsJson, out: EnvoyClusterWeight, ctx: HookContext): void;
  /** Problems of a route's weighted destinations taken together, each with the served Upstream it names. */
  checkWeightedDestinations?(targets: readonly WeightedTarget[], ctx: CheckContext): Issue[];
  /** Sets fields of one Envoy route to weighted destinations (its weightedClusters.clusters are parallel to `targets`, and its own). */
  weightedDestinations?(targets: readonly WeightedTarget[], out: EnvoyRoute, ctx: HookContext): void;
}

/** Resources a plugin makes beside an Upstream's cluster; every proxy serves them. */
export interface GeneratedResources {
  readonly clusters: readonly EnvoyCluster[];
  readonly listeners: readonly EnvoyListener[];
}

/** A weighted destination of a route and the served Upstream it names, if any. */
export interface WeightedTarget {
  readonly dest: WeightedDestinationJson;
  readonly upstream?: Resource<'Upstream'>;
}
