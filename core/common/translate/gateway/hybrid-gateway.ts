// Hybrid gateways: the matched listeners Gloo's HybridTranslator makes of a `hybridGateway`
// (projects/gateway/pkg/translator/hybrid_translator.go): one per inline matched gateway, or, when
// there are none, one per MatchableHttpGateway and MatchableTcpGateway its delegations select. Each
// carries its matcher (SNI through sslConfig, source prefix ranges, cipher suites) into the Proxy.
import type { HttpGatewayJson } from '../../gen/gateway/api/v1/http_gateway_pb';
import type { MatcherJson as GatewayMatcherJson, TcpGatewayJson } from '../../gen/gateway/api/v1/gateway_pb';
import type { HttpListenerOptionsJson } from '../../gen/gloo/api/v1/http_listener_options_pb';
import type { MatcherJson, TcpListenerJson } from '../../gen/gloo/api/v1/proxy_pb';
import type { SslConfigJson } from '../../gen/gloo/api/v1/ssl/ssl_pb';
import type { Resource } from '../../model/resource';
import { secretIssues, type GlooView } from '../gloo/gloo-objects';
import { httpListenerOptionIssues } from '../plugins/run-listener-plugins';
import type { Issue, ServedObject } from '../served';
import type { RegexValidator } from '../types';
import { selectVirtualServicesFor } from './gateway-selection';
import { expressionProblem } from './label-selector';
import { cipherSuiteIssues, rangeIssues, tcpMatcherSslIssues, reconciledHttpOptions, reconciledSsl, selectHttpGateways, selectorIssues, selectTcpGateways } from './matchable-gateways';
import { tcpGatewayIssues, tcpListenerOf } from './tcp-gateway';
import { refKey } from '../../model/resource';

/** Gloo's EmptyHybridGatewayMessage. */
const EMPTY_HYBRID = 'the hybrid gateway has no populated matched gateways, so it has no listener';

/** What a round knows that hybrid gateways read: served VirtualServices and matchable gateways. */
export interface HybridEnv {
  readonly vsList: readonly ServedObject<'VirtualService'>[];
  readonly vsByKey: ReadonlyMap<string, ServedObject<'VirtualService'>>;
  readonly httpGateways: readonly Resource<'MatchableHttpGateway'>[];
  readonly tcpGateways: readonly Resource<'MatchableTcpGateway'>[];
  readonly view: GlooView;
  readonly regex: RegexValidator;
}

/** One matched listener to build: its Proxy matcher and either the VirtualServices and options of its HTTP listener, or its TCP listener. */
export interface MatchedPlan {
  /** How messages name what the matched listener comes from. */
  readonly label: string;
  readonly matcher: MatcherJson;
  readonly http?: { readonly virtualServices: readonly ServedObject<'VirtualService'>[]; readonly options?: HttpListenerOptionsJson };
  readonly tcp?: TcpListenerJson;
  /** The matchable gateway it comes from (refKey), for delegated ones. */
  readonly source?: string;
}

/** The matched listeners of a hybrid Gateway and the problems found on the way (reported on the Gateway). */
export function planHybrid(g: Resource<'Gateway'>, env: HybridEnv): { matched: MatchedPlan[]; issues: Issue[] } {
  const h = g.spec.hybridGateway ?? {};
  if (h.matchedGateways?.length) return planMatched(g, env);
  const issues: Issue[] = [];
  if (!h.delegatedHttpGateways && !h.delegatedTcpGateways) return { matched: [], issues: [{ severity: 'warning', message: 'hybridGateway sets no matchedGateways, delegatedHttpGateways or delegatedTcpGateways, so it has no listener' }] };
  const ns = g.metadata.namespace;
  const matched: MatchedPlan[] = [];
  const dh = h.delegatedHttpGateways;
  if (dh) {
    issues.push(...selectorIssues(dh.selector, 'hybridGateway.delegatedHttpGateways'));
    const shared = dh.httpConnectionManagerSettings;
    if (shared) issues.push(...httpListenerOptionIssues({ httpConnectionManagerSettings: shared }, env.regex, 'hybridGateway.delegatedHttpGateways', env.view));
    if (dh.sslConfig?.secretRef) issues.push(...secretIssues(env.view, dh.sslConfig.secretRef, ns, 'hybridGateway.delegatedHttpGateways.sslConfig.secretRef'));
    for (const c of selectHttpGateways(dh, env.httpGateways, ns)) {
      const own = c.spec.matcher?.sslConfig ? withSecretNamespace(c.spec.matcher.sslConfig, c.metadata.namespace) : undefined;
      const ssl = own ? reconciledSsl({ ...dh, ...(dh.sslConfig ? { sslConfig: withSecretNamespace(dh.sslConfig, ns) } : {}) }, own) : undefined;
      const http = c.spec.httpGateway ?? {};
      const plan = httpPlan(`MatchableHttpGateway ${c.metadata.namespace}/${c.metadata.name}`, matcherOf(ssl, c.spec.matcher?.sourcePrefixRanges), http, c.metadata.namespace, env, reconciledHttpOptions(dh, http.options));
      matched.push({ ...plan.plan, source: refKey(c) });
      issues.push(...plan.issues);
    }
  }
  const dt = h.delegatedTcpGateways;
  if (dt) {
    issues.push(...selectorIssues(dt.selector, 'hybridGateway.delegatedTcpGateways'));
    for (const c of selectTcpGateways(dt, env.tcpGateways, ns)) {
      const m = c.spec.matcher ?? {};
      const label = `MatchableTcpGateway ${c.metadata.namespace}/${c.metadata.name}`;
      const sslConfig = m.sslConfig ? withSecretNamespace(m.sslConfig, c.metadata.namespace) : undefined;
      issues.push(...sniConflicts(c.spec.tcpGateway ?? {}, sslConfig, label));
      matched.push({ label, matcher: matcherOf(sslConfig, m.sourcePrefixRanges, m.passthroughCipherSuites), tcp: tcpListenerOf(c.spec.tcpGateway ?? {}, c.metadata.namespace), source: refKey(c) });
    }
  }
  // Missing delegates are only a warning, so Gateways and their delegates can be applied in any order.
  if (matched.length === 0) issues.push({ severity: 'warning', message: EMPTY_HYBRID });
  return { matched: matched.filter((m) => !m.http || !m.matcher.sslConfig || m.http.virtualServices.length), issues };
}

/** Inline matched gateways (computeHybridListenerFromMatchedGateways); every problem is the Gateway's. */
function planMatched(g: Resource<'Gateway'>, env: HybridEnv): { matched: MatchedPlan[]; issues: Issue[] } {
  const ns = g.metadata.namespace;
  const matched: MatchedPlan[] = [];
  const issues: Issue[] = [];
  (g.spec.hybridGateway?.matchedGateways ?? []).forEach((mg, i) => {
    const field = `hybridGateway.matchedGateways[${i}]`;
    const m: GatewayMatcherJson = mg.matcher ?? {};
    const sslConfig = m.sslConfig ? withSecretNamespace(m.sslConfig, ns) : undefined;
    issues.push(...rangeIssues(m.sourcePrefixRanges, `${field}.matcher`));
    if (mg.httpGateway) {
      if (sslConfig?.secretRef) issues.push(...secretIssues(env.view, sslConfig.secretRef, ns, `${field}.matcher.sslConfig.secretRef`));
      issues.push(...httpListenerOptionIssues(mg.httpGateway.options, env.regex, `${field}.httpGateway.options`, env.view));
      const plan = httpPlan(field, matcherOf(sslConfig, m.sourcePrefixRanges), mg.httpGateway, ns, env, mg.httpGateway.options);
      issues.push(...plan.issues);
      if (!sslConfig || plan.plan.http?.virtualServices.length) matched.push(plan.plan);
    } else if (mg.tcpGateway) {
      issues.push(...cipherSuiteIssues(m.passthroughCipherSuites, `${field}.matcher`), ...tcpMatcherSslIssues(m.sslConfig, `${field}.matcher`), ...tcpGatewayIssues(mg.tcpGateway, { view: env.view, regex: env.regex, namespace: ns }, `${field}.tcpGateway`), ...sniConflicts(mg.tcpGateway, sslConfig, field));
      matched.push({ label: field, matcher: matcherOf(sslConfig, m.sourcePrefixRanges, m.passthroughCipherSuites), tcp: tcpListenerOf(mg.tcpGateway, ns) });
    } else issues.push({ severity: 'warning', message: `${field} has neither httpGateway nor tcpGateway, so it is left out` });
  });
  // Matched gateways are inline, so having none to build is an error on the Gateway.
  if (matched.length === 0) issues.push({ severity: 'error', message: EMPTY_HYBRID });
  return { matched, issues };
}

/** A matched HTTP listener: the VirtualServices its httpGateway selects (TLS ones when the matcher has sslConfig). */
function httpPlan(label: string, matcher: MatcherJson, http: HttpGatewayJson, namespace: string, env: HybridEnv, options: HttpListenerOptionsJson | undefined): { plan: MatchedPlan; issues: Issue[] } {
  const issues: Issue[] = [];
  (http.virtualServiceExpressions?.expressions ?? []).forEach((e, i) => {
    const bad = expressionProblem(e);
    if (bad) issues.push({ severity: 'error', message: `${label}: httpGateway.virtualServiceExpressions.expressions[${i}]: ${bad}` });
  });
  const virtualServices = selectVirtualServicesFor(http, !!matcher.sslConfig, namespace, env.vsList, env.vsByKey);
  // With sslConfig and no TLS VirtualService there is no certificate to serve (as for an HTTPS Gateway), so the chain is left out.
  if (matcher.sslConfig && virtualServices.length === 0) issues.push({ severity: 'warning', message: `${label}: its matcher sets sslConfig but it selects no VirtualService with sslConfig, so it has no certificate to serve and is left out` });
  return { plan: { label, matcher, http: { virtualServices, ...(options ? { options } : {}) } }, issues };
}

/** validateTcpHosts: when the matcher names SNI domains, every TCP host's SNI domain must be one of them ("gateway has conflicting sni domains"). */
function sniConflicts(tcp: TcpGatewayJson, ssl: SslConfigJson | undefined, label: string): Issue[] {
  const allowed = new Set(ssl?.sniDomains ?? []);
  if (allowed.size === 0) return [];
  const bad = (tcp.tcpHosts ?? []).flatMap((h) => (h.sslConfig?.sniDomains ?? []).filter((d) => !allowed.has(d)).map((d) => `${h.name ?? ''}:${d}`));
  return bad.length ? [{ severity: 'error', message: `${label}: TCP hosts name SNI domains the matcher's sslConfig.sniDomains do not: ${bad.join(', ')}` }] : [];
}

function matcherOf(sslConfig: SslConfigJson | undefined, sourcePrefixRanges: MatcherJson['sourcePrefixRanges'], passthroughCipherSuites?: readonly string[]): MatcherJson {
  return {
    ...(sslConfig ? { sslConfig } : {}),
    ...(sourcePrefixRanges?.length ? { sourcePrefixRanges } : {}),
    ...(passthroughCipherSuites?.length ? { passthroughCipherSuites: [...passthroughCipherSuites] } : {}),
  };
}

function withSecretNamespace(ssl: SslConfigJson, namespace: string): SslConfigJson {
  return ssl.secretRef && !ssl.secretRef.namespace ? { ...ssl, secretRef: { ...ssl.secretRef, namespace } } : ssl;
}
