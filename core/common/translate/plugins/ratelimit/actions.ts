// Gloo's rate-limit actions → Envoy route rate limits, after Gloo's ratelimit plugin
// (projects/gloo/pkg/plugins/ratelimit/raw_util.go: toEnvoyRateLimits, ConvertActions, convertAction,
// convertHeader). Set-style actions (`setActions`) start with the generic key Gloo's rate-limit server
// reads as "set descriptor", and their request-header actions skip absent headers.
import type { ActionJson, Action_HeaderValueMatch_HeaderMatcherJson as GlooHeaderMatcher, RateLimitActionsJson } from '../../../gen/solo-apis/api/rate-limiter/v1alpha1/ratelimit_pb';
import type { HeaderMatcherJson, RateLimitJson as EnvoyRateLimit, RateLimit_ActionJson as EnvoyAction } from '../../../gen/envoy/envoy/config/route/v3/route_components_pb';
import type { RegexValidator } from '../../types';

/** The generic key value that marks set-style descriptors (Gloo's SetDescriptorValue). */
export const SET_DESCRIPTOR_VALUE = 'solo.setDescriptor.uniqueValue';

function header(h: GlooHeaderMatcher): HeaderMatcherJson {
  const out: HeaderMatcherJson = { name: h.name ?? '' };
  if (h.exactMatch !== undefined) out.stringMatch = { exact: h.exactMatch };
  else if (h.regexMatch !== undefined) out.stringMatch = { safeRegex: { regex: h.regexMatch } };
  else if (h.prefixMatch !== undefined) out.stringMatch = { prefix: h.prefixMatch };
  else if (h.suffixMatch !== undefined) out.stringMatch = { suffix: h.suffixMatch };
  else if (h.rangeMatch) out.rangeMatch = { start: h.rangeMatch.start ?? '0', end: h.rangeMatch.end ?? '0' };
  else out.presentMatch = h.presentMatch ?? true;
  if (h.invertMatch) out.invertMatch = true;
  return out;
}

/** Envoy's action of a Gloo one (checked first with actionProblems). */
export function envoyAction(a: ActionJson, skipIfAbsent = false): EnvoyAction {
  if (a.sourceCluster) return { sourceCluster: {} };
  if (a.destinationCluster) return { destinationCluster: {} };
  if (a.remoteAddress) return { remoteAddress: {} };
  if (a.requestHeaders) return { requestHeaders: { headerName: a.requestHeaders.headerName ?? '', descriptorKey: a.requestHeaders.descriptorKey ?? '', ...(skipIfAbsent ? { skipIfAbsent: true } : {}) } };
  if (a.genericKey) return { genericKey: { descriptorValue: a.genericKey.descriptorValue ?? '' } };
  if (a.headerValueMatch) {
    const m = a.headerValueMatch;
    return { headerValueMatch: { descriptorValue: m.descriptorValue ?? '', ...(m.expectMatch === false ? { expectMatch: false } : {}), headers: (m.headers ?? []).map(header) } };
  }
  const m = a.metadata!;
  const key = m.metadataKey ?? {};
  return {
    metadata: {
      descriptorKey: m.descriptorKey ?? '',
      metadataKey: { key: key.key ?? '', path: (key.path ?? []).map((p) => ({ key: p.key ?? '' })) },
      ...(m.defaultValue ? { defaultValue: m.defaultValue } : {}),
      ...(m.source === 'ROUTE_ENTRY' || (m.source as unknown) === 1 ? { source: 'ROUTE_ENTRY' as const } : {}),
    },
  };
}

/** Why an action cannot be converted (Gloo's missingFieldError and unknown action type); undefined when fine. */
export function actionProblem(a: ActionJson, regex: RegexValidator): string | undefined {
  if (a.sourceCluster || a.destinationCluster || a.remoteAddress) return undefined;
  if (a.requestHeaders) return !a.requestHeaders.headerName ? 'requestHeaders.headerName is required' : !a.requestHeaders.descriptorKey ? 'requestHeaders.descriptorKey is required' : undefined;
  if (a.genericKey) return a.genericKey.descriptorValue ? undefined : 'genericKey.descriptorValue is required';
  if (a.headerValueMatch) {
    if (!a.headerValueMatch.descriptorValue) return 'headerValueMatch.descriptorValue is required';
    const bad = (a.headerValueMatch.headers ?? []).find((h) => h.regexMatch !== undefined && regex(h.regexMatch));
    if (bad) return `headerValueMatch header ${bad.name ?? ''}: invalid regex "${bad.regexMatch}": ${regex(bad.regexMatch ?? '')}`;
    const unnamed = (a.headerValueMatch.headers ?? []).some((h) => !h.name);
    return unnamed ? 'headerValueMatch.headers: every header needs a name' : undefined;
  }
  if (a.metadata) return !a.metadata.descriptorKey ? 'metadata.descriptorKey is required' : !a.metadata.metadataKey?.key ? 'metadata.metadataKey.key is required' : undefined;
  return 'sets no action (one of sourceCluster, destinationCluster, requestHeaders, remoteAddress, genericKey, headerValueMatch, metadata)';
}

/** Problems of a list of rate-limit actions, each prefixed with its path under `at`. */
export function rateLimitActionProblems(list: readonly RateLimitActionsJson[] | undefined, at: string, regex: RegexValidator): string[] {
  const out: string[] = [];
  (list ?? []).forEach((r, i) => {
    for (const kind of ['actions', 'setActions'] as const) {
      (r[kind] ?? []).forEach((a, j) => {
        const p = actionProblem(a, regex);
        if (p) out.push(`${at}[${i}].${kind}[${j}]: ${p}`);
      });
    }
  });
  return out;
}

/** Envoy route rate limits of Gloo's rate-limit actions at an Envoy rate-limit stage; entries without actions are left out. */
export function envoyRateLimits(list: readonly RateLimitActionsJson[] | undefined, stage: number): EnvoyRateLimit[] {
  const out: EnvoyRateLimit[] = [];
  for (const r of list ?? []) {
    const limit = r.limit?.dynamicMetadata?.metadataKey ? { limit: { dynamicMetadata: { metadataKey: { key: r.limit.dynamicMetadata.metadataKey.key ?? '', path: (r.limit.dynamicMetadata.metadataKey.path ?? []).map((p) => ({ key: p.key ?? '' })) } } } } : {};
    if (r.actions?.length) out.push({ stage, actions: convert(r.actions), ...limit });
    if (r.setActions?.length) out.push({ stage, actions: convert([{ genericKey: { descriptorValue: SET_DESCRIPTOR_VALUE } }, ...r.setActions]), ...limit });
  }
  return out;
}

/** ConvertActions: with a set-descriptor generic key, request-header actions skip absent headers. */
function convert(actions: readonly ActionJson[]): EnvoyAction[] {
  const setStyle = actions.some((a) => a.genericKey?.descriptorValue === SET_DESCRIPTOR_VALUE);
  return actions.map((a) => envoyAction(a, setStyle));
}
