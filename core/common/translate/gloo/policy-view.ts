// The objects security and traffic-policy plugins read besides the route: the Settings in force
// (auth and rate-limit servers) and the RateLimitConfig and AuthConfig objects options refer to.
// Gloo reads one Settings object (its --settings-ref, `default` in its namespace by default). Gloo
// never runs without one: its install writes it. A config with no Settings is read with the servers
// the Settings of a default Gloo Gateway Enterprise install name, as the sandbox uses the default
// Gateways of an install when a config has none.
import { hashString } from '../../model/hash';
import type { Resource } from '../../model/resource';
import type { ApiSnapshot } from '../../snapshot/api-snapshot';
import { refKey, resolveRef } from '../../model/resource';

/** The spec of a Settings object. */
export type SettingsSpec = Resource<'Settings'>['spec'];

/** Settings and policy objects, and one hash of them all: translations that read them are valid while it is unchanged. */
export interface PolicyView {
  /** The Settings in force; undefined when the snapshot has none. */
  readonly settings?: SettingsSpec;
  /** Namespace of the Settings object: server references without a namespace point there. */
  readonly settingsNamespace?: string;
  /** Set when the snapshot has no Settings object and `settings` are DEFAULT_INSTALL_SETTINGS. */
  readonly assumedSettings?: true;
  /** RateLimitConfigs by refKey (`RateLimitConfig.<namespace>.<name>`). */
  readonly rateLimitConfigs: ReadonlyMap<string, Resource<'RateLimitConfig'>>;
  /** refKeys of the AuthConfigs in the snapshot. */
  readonly authConfigs: ReadonlySet<string>;
  /** refKeys of the Upstreams in the snapshot (servers named by Settings must be among them). */
  readonly upstreams: ReadonlySet<string>;
  readonly hash: string;
}

/**
 * The auth and rate-limit servers of the `default` Settings after a fresh install of Gloo Gateway
 * Enterprise with its default Helm values: the Upstreams `extauth` and `rate-limit` the install
 * creates in gloo-system (Gloo's docs show that Settings: docs/content/guides/security/auth/extauth/_index.md).
 */
export const DEFAULT_INSTALL_SETTINGS: SettingsSpec = {
  extauth: { extauthzServerRef: { name: 'extauth', namespace: 'gloo-system' } },
  ratelimitServer: { ratelimitServerRef: { name: 'rate-limit', namespace: 'gloo-system' } },
};

/** An empty policy view: no Settings and no policy objects. */
export const NO_POLICY: PolicyView = { rateLimitConfigs: new Map(), authConfigs: new Set(), upstreams: new Set(), hash: '' };

/** The Settings Gloo would read: the one named `default` (the first such by namespace), else the first by namespace and name. */
export function settingsInForce(list: readonly Resource<'Settings'>[]): Resource<'Settings'> | undefined {
  const sorted = [...list].sort((a, b) => (refKey(a) < refKey(b) ? -1 : refKey(a) > refKey(b) ? 1 : 0));
  return sorted.find((s) => s.metadata.name === 'default') ?? sorted[0];
}

/** The policy view of a snapshot; its hash combines the content hashes of the objects it holds. */
export function buildPolicyView(snapshot: ApiSnapshot): PolicyView {
  const o = snapshot.objects;
  const settings = settingsInForce(o.Settings);
  const rateLimitConfigs = new Map(o.RateLimitConfig.map((r) => [refKey(r), r] as const));
  const authConfigs = new Set(o.AuthConfig.map(refKey));
  const upstreams = new Set(o.Upstream.map(refKey));
  const parts = [settings ? `${refKey(settings)}=${snapshot.objectHashes.get(refKey(settings)) ?? ''}` : '-'];
  for (const key of [...rateLimitConfigs.keys(), ...authConfigs].sort()) parts.push(`${key}=${snapshot.objectHashes.get(key) ?? ''}`);
  // Checks read only whether the servers Settings names exist, so only that joins the hash.
  const spec = settings?.spec ?? DEFAULT_INSTALL_SETTINGS;
  const namespace = settings?.metadata.namespace ?? 'gloo-system';
  for (const ref of [spec.extauth?.extauthzServerRef, spec.ratelimitServer?.ratelimitServerRef]) {
    const exists = !!ref && upstreams.has(refKey(resolveRef('Upstream', ref, namespace)));
    // Without Settings the servers are fixed, so only their existence counts (and a config without them keeps the hash it had).
    if (ref && (settings || exists)) parts.push(`${ref.namespace ?? ''}.${ref.name ?? ''}=${exists ? 1 : 0}`);
  }
  const assumed = settings ? {} : { assumedSettings: true as const };
  return { settings: spec, settingsNamespace: namespace, ...assumed, rateLimitConfigs, authConfigs, upstreams, hash: hashString(parts.join(';')) };
}
