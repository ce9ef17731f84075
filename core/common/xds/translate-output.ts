// The JSON shape of `xds-sandbox translate` (a contract): the generated xDS per proxy.
import type { XdsSnapshot, XdsType } from './xds-snapshot';

/** One proxy's generated config, resources as Envoy v3 proto3 JSON. */
export interface TranslatedProxy {
  node: string;
  version: string;
  listeners: unknown[];
  routeConfigurations: unknown[];
  clusters: unknown[];
  endpoints: unknown[];
  secrets: unknown[];
}

/** Placeholder that replaces private keys unless the caller asks to show secrets. */
export const REDACTED = '[redacted: run with --show-secrets]';

const OUTPUT_FIELDS: Record<XdsType, keyof Omit<TranslatedProxy, 'node' | 'version'>> = {
  listener: 'listeners', route: 'routeConfigurations', cluster: 'clusters', endpoint: 'endpoints', secret: 'secrets',
};

/** `{"proxies":[…]}` for the given snapshots, sorted by node; resources sorted by name; private keys redacted unless showSecrets. */
export function toTranslateOutput(snapshots: Iterable<XdsSnapshot>, opts: { showSecrets?: boolean } = {}): { proxies: TranslatedProxy[] } {
  const proxies = [...snapshots].sort((a, b) => a.node.localeCompare(b.node)).map((s) => {
    const out: TranslatedProxy = { node: s.node, version: s.version, listeners: [], routeConfigurations: [], clusters: [], endpoints: [], secrets: [] };
    for (const [type, field] of Object.entries(OUTPUT_FIELDS) as [XdsType, keyof typeof out][]) {
      const items = [...s.resources[type].items.values()].sort((a, b) => a.name.localeCompare(b.name));
      (out[field] as unknown[]) = items.map((r) => (type === 'secret' && !opts.showSecrets ? redactSecret(r.json) : r.json));
    }
    return out;
  });
  return { proxies };
}

function redactSecret(json: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const cert = json.tlsCertificate as Record<string, unknown> | undefined;
  if (!cert?.privateKey) return { ...json };
  return { ...json, tlsCertificate: { ...cert, privateKey: { inlineString: REDACTED } } };
}
