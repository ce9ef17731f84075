// Tracing on the connection manager, after Gloo's tracing plugin (projects/gloo/pkg/plugins/tracing/
// plugin.go: ProcessHcmNetworkFilter, customTags, processEnvoyTracingProvider) and its provider
// conversions (pkg/utils/api_conversion/trace.go): sampling percentages default to 100, custom tags
// come from request headers, environment variables, literals and metadata, and the provider (Zipkin,
// Datadog, OpenTelemetry) sends to a cluster named directly or an Upstream's cluster.
import type { ListenerJson as ProxyListener } from '../../../gen/gloo/api/v1/proxy_pb';
import type { ListenerTracingSettingsJson as Tracing } from '../../../gen/gloo/api/v1/options/tracing/tracing_pb';
import type { ResourceRefJson } from '../../../gen/solo-kit/api/v1/solo-kit_pb';
import type { HttpConnectionManager_TracingJson as EnvoyTracing } from '../../../gen/envoy/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb';
import type { CustomTagJson } from '../../../gen/envoy/envoy/type/tracing/v3/custom_tag_pb';
import type { Tracing_HttpJson } from '../../../gen/envoy/envoy/config/trace/v3/http_tracer_pb';
import type { ZipkinConfigJson } from '../../../gen/envoy/envoy/config/trace/v3/zipkin_pb';
import type { DatadogConfigJson } from '../../../gen/envoy/envoy/config/trace/v3/datadog_pb';
import type { OpenTelemetryConfigJson } from '../../../gen/envoy/envoy/config/trace/v3/opentelemetry_pb';
import type { FloatValueJson } from '@bufbuild/protobuf/wkt';
import { packAny, typeUrl } from '../../../xds/envoy-any';
import { clusterName } from '../../names';
import { refProblem, type GlooView } from '../../gloo/gloo-objects';
import type { Issue } from '../../served';
import { refKey, resolveRef } from '../../../model/resource';

const ZIPKIN_TYPE = typeUrl<ZipkinConfigJson>('envoy.config.trace.v3.ZipkinConfig');
const DATADOG_TYPE = typeUrl<DatadogConfigJson>('envoy.config.trace.v3.DatadogConfig');
const OPENTELEMETRY_TYPE = typeUrl<OpenTelemetryConfigJson>('envoy.config.trace.v3.OpenTelemetryConfig');

type Collector = { readonly collectorUpstreamRef?: ResourceRefJson; readonly clusterName?: string };

/** The collector cluster of a provider: the Upstream's cluster (Gloo's UpstreamToClusterName) or the cluster named. */
function collectorCluster(c: Collector): string {
  const ref = c.collectorUpstreamRef;
  return ref ? clusterName(ref.namespace ?? '', ref.name ?? '') : (c.clusterName ?? '');
}

function percent(v: FloatValueJson | undefined): { value: number } {
  return { value: v === undefined ? 100 : Number(v) };
}

/** Envoy's custom tags of the tracing settings, in Gloo's order: headers, environment variables, literals, metadata. */
export function customTags(t: Tracing): CustomTagJson[] {
  const tags: CustomTagJson[] = [];
  for (const h of t.requestHeadersForTags ?? []) tags.push({ tag: h, requestHeader: { name: h } });
  for (const e of t.environmentVariablesForTags ?? []) tags.push({ tag: e.tag ?? '', environment: { name: e.name ?? '', ...(e.defaultValue ? { defaultValue: e.defaultValue } : {}) } });
  for (const l of t.literalsForTags ?? []) tags.push({ tag: l.tag ?? '', literal: { value: l.value ?? '' } });
  for (const m of t.metadataForTags ?? []) {
    const path = (m.value?.key ?? '').split(m.value?.nestedFieldDelimiter || '.').map((key) => ({ key }));
    const kind = m.kind === 'ENDPOINT' ? { host: {} } : { request: {} };
    tags.push({ tag: m.tag ?? '', metadata: { kind, metadataKey: { key: m.value?.namespace ?? '', path }, ...(m.defaultValue ? { defaultValue: m.defaultValue } : {}) } });
  }
  return tags;
}

/** The Gateway a Proxy listener came from (Gloo's GetGatewayNameFromParent), the OpenTelemetry service name by default. */
function gatewayName(l: ProxyListener): string {
  const names = (l.metadataStatic?.sources ?? []).filter((s) => s.resourceKind === 'Gateway' || s.resourceKind === '*v1.Gateway').map((s) => s.resourceRef?.name ?? '');
  return names.length ? names.join(',') : 'undefined_gateway';
}

function provider(t: Tracing, l: ProxyListener): Tracing_HttpJson | undefined {
  if (t.zipkinConfig) {
    const z = t.zipkinConfig;
    const config: ZipkinConfigJson = { collectorCluster: collectorCluster(z), collectorEndpoint: z.collectorEndpoint ?? '', collectorEndpointVersion: z.collectorEndpointVersion === 'HTTP_PROTO' ? 'HTTP_PROTO' : 'HTTP_JSON' };
    if (z.traceId128bit) config.traceId128bit = true;
    if (z.sharedSpanContext !== undefined) config.sharedSpanContext = z.sharedSpanContext;
    return { name: 'envoy.tracers.zipkin', typedConfig: packAny(ZIPKIN_TYPE, config) };
  }
  if (t.datadogConfig) {
    const d = t.datadogConfig;
    const config: DatadogConfigJson = { collectorCluster: collectorCluster(d), serviceName: d.serviceName ?? '' };
    if (d.collectorHostname) config.collectorHostname = d.collectorHostname;
    // Gloo keeps remote config on unless it is disabled explicitly (ToEnvoyDatadogConfiguration).
    if (!d.remoteConfig) config.remoteConfig = {};
    else if (!d.remoteConfig.disabled) config.remoteConfig = d.remoteConfig.pollingInterval ? { pollingInterval: d.remoteConfig.pollingInterval } : {};
    return { name: 'envoy.tracers.datadog', typedConfig: packAny(DATADOG_TYPE, config) };
  }
  if (t.openTelemetryConfig) {
    const o = t.openTelemetryConfig;
    const authority = o.grpcService?.authority;
    const config: OpenTelemetryConfigJson = { grpcService: { envoyGrpc: { clusterName: collectorCluster(o), ...(authority ? { authority } : {}) } }, serviceName: o.serviceName || gatewayName(l) };
    return { name: 'envoy.tracers.opentelemetry', typedConfig: packAny(OPENTELEMETRY_TYPE, config) };
  }
  return undefined;
}

/** Envoy's tracing config of Gloo's listener tracing settings, for the connection manager of the Proxy listener `l`. */
export function tracingConfig(t: Tracing, l: ProxyListener): EnvoyTracing {
  const out: EnvoyTracing = {};
  const tags = customTags(t);
  if (tags.length) out.customTags = tags;
  if (t.verbose) out.verbose = true;
  const p = provider(t, l);
  if (p) out.provider = p;
  const pc = t.tracePercentages;
  out.clientSampling = percent(pc?.clientSamplePercentage);
  out.randomSampling = percent(pc?.randomSamplePercentage);
  out.overallSampling = percent(pc?.overallSamplePercentage);
  out.spawnUpstreamSpan = !!t.spawnUpstreamSpan;
  return out;
}

function collectorProblems(c: Collector, at: string, view: GlooView | undefined): string[] {
  const ref = c.collectorUpstreamRef;
  if (!ref) return c.clusterName ? [] : [`${at} needs collectorUpstreamRef or clusterName: the cluster traces are sent to`];
  if (!ref.name || !ref.namespace) return [`${at}.collectorUpstreamRef needs a name and a namespace`];
  const problem = view ? refProblem(view, 'Upstream', refKey(resolveRef('Upstream', ref, ''))) : undefined;
  return problem ? [`${at}.collectorUpstreamRef: ${problem}`] : [];
}

/** Problems of the tracing settings (`at` is their field path): what Envoy's tracers and custom tags require. */
export function tracingIssues(t: Tracing, at: string, view: GlooView | undefined): Issue[] {
  const errors: string[] = [];
  const warnings: string[] = [];
  const percents = t.tracePercentages ?? {};
  for (const [k, v] of Object.entries(percents)) if (v !== undefined && !(Number(v) >= 0 && Number(v) <= 100)) errors.push(`${at}.tracePercentages.${k} ${String(v)} is not a percentage from 0 to 100`);
  (t.requestHeadersForTags ?? []).forEach((h, i) => !h && errors.push(`${at}.requestHeadersForTags[${i}] is empty: name a header`));
  (t.environmentVariablesForTags ?? []).forEach((e, i) => (!e.tag || !e.name) && errors.push(`${at}.environmentVariablesForTags[${i}] needs a tag and a name`));
  (t.literalsForTags ?? []).forEach((l, i) => (!l.tag || !l.value) && errors.push(`${at}.literalsForTags[${i}] needs a tag and a value`));
  (t.metadataForTags ?? []).forEach((m, i) => (!m.tag || !m.value?.namespace || !m.value.key) && errors.push(`${at}.metadataForTags[${i}] needs a tag, value.namespace and value.key`));
  if (t.zipkinConfig) {
    errors.push(...collectorProblems(t.zipkinConfig, `${at}.zipkinConfig`, view));
    if (!t.zipkinConfig.collectorEndpoint) errors.push(`${at}.zipkinConfig.collectorEndpoint is required: the path spans are posted to, e.g. /api/v2/spans`);
  }
  if (t.datadogConfig) {
    errors.push(...collectorProblems(t.datadogConfig, `${at}.datadogConfig`, view));
    if (!t.datadogConfig.serviceName) errors.push(`${at}.datadogConfig.serviceName is required`);
  }
  if (t.openTelemetryConfig) {
    errors.push(...collectorProblems(t.openTelemetryConfig, `${at}.openTelemetryConfig`, view));
    if (t.openTelemetryConfig.maxCacheSize !== undefined) warnings.push(`${at}.openTelemetryConfig.maxCacheSize is not translated: the Envoy API the sandbox serves has no max_cache_size`);
  }
  if (t.openCensusConfig) warnings.push(`${at}.openCensusConfig is not translated: Envoy has removed its OpenCensus tracer; traces are not sent`);
  return [...errors.map((message) => ({ severity: 'error' as const, message })), ...warnings.map((message) => ({ severity: 'warning' as const, message }))];
}
