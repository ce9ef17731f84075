// The objects security and traffic-policy plugins read besides the route: the Settings in force
// (auth and rate-limit servers) and the RateLimitConfig and AuthConfig objects options refer to.
// Gloo reads one Settings object (its --settings-ref, `default` in its namespace by default).
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
  /** RateLimitConfigs by refKey (`RateLimitConfig.<namespace>.<name>`). */
  readonly rateLimitConfigs: ReadonlyMap<string, Resource<'RateLimitConfig'>>;
  /** refKeys of the AuthConfigs in the snapshot. */
  readonly authConfigs: ReadonlySet<string>;
  /** refKeys of the Upstreams in the snapshot (servers named by Settings must be among them). */
  readonly upstreams: ReadonlySet<string>;
  readonly hash: string;
}

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
  for (const ref of [settings?.spec.extauth?.extauthzServerRef, settings?.spec.ratelimitServer?.ratelimitServerRef]) {
    if (ref) parts.push(`${ref.namespace ?? ''}.${ref.name ?? ''}=${upstreams.has(refKey(resolveRef('Upstream', ref, settings?.metadata.namespace ?? ''))) ? 1 : 0}`);
  }
  return { ...(settings ? { settings: settings.spec, settingsNamespace: settings.metadata.namespace } : {}), rateLimitConfigs, authConfigs, upstreams, hash: hashString(parts.join(';')) };
}
