// Which Gateways are valid and which VirtualServices each one takes (Gloo's
// HttpGatewayContainsVirtualService: expressions, else a label selector, else explicit refs, else
// all; selectors restricted to virtualServiceNamespaces, `*` or none meaning all; an SSL gateway
// takes only VirtualServices with sslConfig, a plain one only those without).
import type { HttpGatewayJson } from '../../gen/gateway/api/v1/http_gateway_pb';
import type { Resource } from '../../model/resource';
import { byNamespaceName, matchesLabels, refKey, resolveRef } from '../../model/resource';
import { DEFAULT_PROXY_NAME, listenerName } from '../names';
import { notFoundText } from '../ref-suggestion';
import type { Issue, ServedObject } from '../served';
import { httpListenerOptionIssues, listenerOptionIssues } from '../plugins/run-listener-plugins';
import type { RegexValidator } from '../types';
import type { GlooView } from '../gloo/gloo-objects';
import { expressionProblem, matchesExpressions } from './label-selector';

/** Bind address of a Gateway (Gloo's default `::`). */
export function bindAddressOf(g: Resource<'Gateway'>): string {
  return g.spec.bindAddress || '::';
}

/** Proxies a Gateway belongs to (default `gateway-proxy`). */
export function proxyNamesOf(g: Resource<'Gateway'>): string[] {
  return g.spec.proxyNames?.length ? [...new Set(g.spec.proxyNames)] : [DEFAULT_PROXY_NAME];
}

/** Listener name of a Gateway: `listener-<bindAddress>-<bindPort>` (Gloo). */
export function gatewayListenerName(g: Resource<'Gateway'>): string {
  return listenerName(bindAddressOf(g), g.spec.bindPort ?? 0);
}

/** Problems of a Gateway, including a listener clash with an earlier Gateway (namespace/name order) of the same proxy; `view` lets option checks follow references. */
export function judgeGateway(g: Resource<'Gateway'>, all: readonly Resource<'Gateway'>[], regex: RegexValidator, view?: GlooView): Issue[] {
  const options = listenerOptionIssues(g.spec.options, regex, 'options', view);
  const issues: Issue[] = [...gatewayTypeIssues(g), ...options, ...httpListenerOptionIssues(g.spec.httpGateway?.options, regex, 'httpGateway.options', view)];
  if (!g.spec.bindPort) issues.push({ severity: 'error', message: 'bindPort is required' });
  // virtualServiceValidForSelectorExpressions: an invalid expression is an error on the Gateway.
  (g.spec.httpGateway?.virtualServiceExpressions?.expressions ?? []).forEach((e, i) => {
    const bad = expressionProblem(e);
    if (bad) issues.push({ severity: 'error', message: `httpGateway.virtualServiceExpressions.expressions[${i}]: ${bad}` });
  });
  const mine = new Set(proxyNamesOf(g));
  const listener = gatewayListenerName(g);
  for (const other of all) {
    if (other === g) break;
    if (!g.spec.bindPort || gatewayListenerName(other) !== listener) continue;
    const shared = proxyNamesOf(other).filter((p) => mine.has(p));
    if (shared.length) issues.push({ severity: 'error', message: `listener ${listener} of proxy ${shared.join(', ')} is already defined by Gateway ${other.metadata.namespace}/${other.metadata.name}` });
  }
  return issues;
}

/** Whether a Gateway serves HTTP: only `httpGateway` Gateways become listeners here. */
export function isHttpGateway(g: Resource<'Gateway'>): boolean {
  return !!g.spec.httpGateway;
}

/** Gloo's getListenerTranslatorForGateway: a Gateway needs a type (MissingGatewayTypeErr). */
function gatewayTypeIssues(g: Resource<'Gateway'>): Issue[] {
  if (g.spec.httpGateway || g.spec.tcpGateway || g.spec.hybridGateway) return [];
  return [{ severity: 'error', message: 'the Gateway has no type: set httpGateway, tcpGateway or hybridGateway' }];
}

/** Sentences for a Gateway's status that do not change its state: which of its selections Gloo ignores. */
export function gatewayNotes(g: Resource<'Gateway'>): string[] {
  const http = g.spec.httpGateway;
  if (!http?.virtualServices?.length) return [];
  const by = isSet(http.virtualServiceExpressions) ? 'virtualServiceExpressions' : isSet(http.virtualServiceSelector) ? 'virtualServiceSelector' : undefined;
  return by ? [`httpGateway.virtualServices is ignored: ${by} is set, and the selector wins`] : [];
}

function isSet(v: object | null | undefined): boolean {
  return v !== undefined && v !== null;
}

/** The VirtualServices a Gateway takes, from the served ones, in namespace/name order (HttpGatewayContainsVirtualService). */
export function selectVirtualServices(g: Resource<'Gateway'>, served: readonly ServedObject<'VirtualService'>[], byKey: ReadonlyMap<string, ServedObject<'VirtualService'>>): ServedObject<'VirtualService'>[] {
  return selectVirtualServicesFor(g.spec.httpGateway ?? {}, !!g.spec.ssl, g.metadata.namespace, served, byKey);
}

/** The VirtualServices an HTTP gateway takes (TLS ones when `ssl`), explicit references defaulting to `namespace` (getVirtualServicesForHttpGateway). */
export function selectVirtualServicesFor(http: HttpGatewayJson, ssl: boolean, namespace: string, served: readonly ServedObject<'VirtualService'>[], byKey: ReadonlyMap<string, ServedObject<'VirtualService'>>): ServedObject<'VirtualService'>[] {
  const fitsSsl = (v: ServedObject<'VirtualService'>) => !!v.resource.spec.sslConfig === ssl;
  const namespaces = http.virtualServiceNamespaces ?? [];
  const anyNs = namespaces.length === 0 || namespaces.includes('*');
  const inNamespace = (v: ServedObject<'VirtualService'>) => anyNs || namespaces.includes(v.resource.metadata.namespace);
  const expressions = http.virtualServiceExpressions;
  if (isSet(expressions)) return served.filter((v) => fitsSsl(v) && inNamespace(v) && matchesExpressions(v.resource.metadata.labels, expressions?.expressions ?? []));
  if (isSet(http.virtualServiceSelector)) return served.filter((v) => fitsSsl(v) && inNamespace(v) && matchesLabels(v.resource.metadata.labels, http.virtualServiceSelector));
  if (http.virtualServices?.length) {
    const keys = new Set(http.virtualServices.map((r) => refKey(resolveRef('VirtualService', r, namespace))));
    return [...keys].map((k) => byKey.get(k)).filter((v): v is ServedObject<'VirtualService'> => !!v && fitsSsl(v)).sort((a, b) => byNamespaceName(a.resource, b.resource));
  }
  return served.filter((v) => fitsSsl(v) && inNamespace(v));
}


/** Gateway refs (of its httpGateway or of its hybrid matched HTTP gateways) that name VirtualServices that do not exist, as errors (Gloo's validateGateways: "invalid virtual service ref"). */
export function missingRefs(g: Resource<'Gateway'>, existing: ReadonlySet<string>): Issue[] {
  const matched = (g.spec.hybridGateway?.matchedGateways ?? []).flatMap((m) => m.httpGateway?.virtualServices ?? []);
  return [...(g.spec.httpGateway?.virtualServices ?? []), ...matched]
    .map((r) => refKey(resolveRef('VirtualService', r, g.metadata.namespace)))
    .filter((k) => !existing.has(k))
    .map((k) => ({ severity: 'error' as const, message: `httpGateway.virtualServices: ${notFoundText(k, existing)}` }));
}
