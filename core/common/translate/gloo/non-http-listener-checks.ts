// Checks of the TCP and hybrid listeners of a user-written Proxy (generated ones were judged on their
// Gateways): the same TCP host, matcher and filter chain rules the gateway stage applies, with
// messages naming the Proxy's own fields.
import type { CidrRangeJson } from '../../gen/gloo/api/external/envoy/config/core/v3/address_pb';
import type { ListenerJson } from '../../gen/gloo/api/v1/proxy_pb';
import { chainConflicts } from '../gateway/filter-chain-conflicts';
import { cidrProblem, cipherSuiteIssues, tcpMatcherSslIssues } from '../gateway/matchable-gateways';
import { tcpGatewayIssues } from '../gateway/tcp-gateway';
import type { Issue } from '../served';
import type { RegexValidator } from '../types';
import { secretIssues, type GlooView } from './gloo-objects';
import { nonHttpChains } from './listener-kinds';

/** Problems of a Proxy listener's TCP hosts, matchers and filter chains (none for HTTP listeners), and a Warning for an aggregate listener. */
export function nonHttpListenerIssues(l: ListenerJson, view: GlooView, regex: RegexValidator, namespace: string): Issue[] {
  // The aggregate listener (Gloo's AggregateTranslator, used where virtual hosts are isolated by SslConfig) is not built here.
  if (l.aggregateListener) return [{ severity: 'warning', message: 'aggregateListener is not translated yet, so this listener serves HTTP with no virtual hosts (every request gets 404)' }];
  if (!l.tcpListener && !l.hybridListener) return [];
  const issues: Issue[] = [];
  const ctx = { view, regex, namespace };
  if (l.tcpListener) issues.push(...tcpGatewayIssues(l.tcpListener, ctx, 'tcpListener'));
  (l.hybridListener?.matchedListeners ?? []).forEach((m, i) => {
    const at = `hybridListener.matchedListeners[${i}]`;
    const matcher = m.matcher ?? {};
    issues.push(...ranges(matcher.sourcePrefixRanges, `${at}.matcher.sourcePrefixRanges`), ...ranges(matcher.prefixRanges, `${at}.matcher.prefixRanges`));
    issues.push(...cipherSuiteIssues(matcher.passthroughCipherSuites, `${at}.matcher`));
    if (m.tcpListener) issues.push(...tcpMatcherSslIssues(matcher.sslConfig, `${at}.matcher`), ...tcpGatewayIssues(m.tcpListener, ctx, `${at}.tcpListener`));
    else if (matcher.sslConfig?.secretRef) issues.push(...secretIssues(view, matcher.sslConfig.secretRef, namespace, `${at}.matcher.sslConfig.secretRef`));
    (m.sslConfigurations ?? []).forEach((s, j) => {
      if (s.secretRef) issues.push(...secretIssues(view, s.secretRef, namespace, `${at}.sslConfigurations[${j}].secretRef`));
    });
  });
  const chains = nonHttpChains(l, [], view, namespace).chains;
  const label = (c: (typeof chains)[number]) => `${c.matched === undefined ? '' : `matched listener ${c.matched} `}${c.tcpHost === undefined ? 'HTTP' : `TCP host "${c.tcpHost}"`}`;
  for (const message of chainConflicts(chains.map((c) => ({ match: c.chain.filterChainMatch, label: label(c) })))) issues.push({ severity: 'error', message });
  return issues;
}

function ranges(list: readonly CidrRangeJson[] | undefined, field: string): Issue[] {
  return (list ?? []).flatMap((r, i) => {
    const bad = cidrProblem(r);
    return bad ? [{ severity: 'error' as const, message: `${field}[${i}]: ${bad}` }] : [];
  });
}
