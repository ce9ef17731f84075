// The JSON shape of `xds-sandbox translate` (a contract): the generated xDS per proxy.
import { resourceJson, type XdsResourceJson } from './envoy-resources';
import type { XdsSnapshot, XdsType } from './xds-snapshot';

/** One proxy's generated config, resources as Envoy v3 proto3 JSON. */
export interface TranslatedProxy {
  node: string;
  version: string;
  listeners: XdsResourceJson['listener'][];
  routeConfigurations: XdsResourceJson['route'][];
  clusters: XdsResourceJson['cluster'][];
  endpoints: XdsResourceJson['endpoint'][];
  secrets: XdsResourceJson['secret'][];
}

/** Placeholder that replaces private keys unless the caller asks to show secrets. */
export const REDACTED = '[redacted: run with --show-secrets]';

/** `{"proxies":[…]}` for the given snapshots, sorted by node; resources sorted by name; private keys redacted unless showSecrets. */
export function toTranslateOutput(snapshots: Iterable<XdsSnapshot>, opts: { showSecrets?: boolean } = {}): { proxies: TranslatedProxy[] } {
  const proxies = [...snapshots].sort((a, b) => a.node.localeCompare(b.node)).map((s): TranslatedProxy => {
    const sorted = <T extends XdsType>(type: T): XdsResourceJson[T][] =>
      [...s.resources[type].items.values()].sort((a, b) => a.name.localeCompare(b.name)).map((r) => resourceJson(type, r));
    const secrets = sorted('secret');
    return {
      node: s.node,
      version: s.version,
      listeners: sorted('listener'),
      routeConfigurations: sorted('route'),
      clusters: sorted('cluster'),
      endpoints: sorted('endpoint'),
      secrets: opts.showSecrets ? secrets : secrets.map(redactSecret),
    };
  });
  return { proxies };
}

function redactSecret(json: XdsResourceJson['secret']): XdsResourceJson['secret'] {
  const cert = json.tlsCertificate;
  if (!cert?.privateKey) return { ...json };
  return { ...json, tlsCertificate: { ...cert, privateKey: { inlineString: REDACTED } } };
}
