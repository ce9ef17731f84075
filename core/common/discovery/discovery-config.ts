// What discovery runs, from Settings `discovery` (Gloo's fdsMode and udsOptions, and the sandbox's
// additions) and the `--discovery SOURCES|off` flag, with Gloo's defaults where Gloo has them.
import type { SettingsJson, Settings_DiscoveryOptionsJson } from '../gen/gloo/api/v1/settings_pb';
import { DEFAULT_WRITE_NAMESPACE } from '../translate/names';

/** The kinds of Upstream source. */
export const SOURCE_KINDS = ['local', 'kubernetes', 'static'] as const;

/** One kind of Upstream source. */
export type SourceKind = (typeof SOURCE_KINDS)[number];

/** Gloo's function discovery modes (Settings.DiscoveryOptions.FdsMode). */
export type FdsMode = 'BLACKLIST' | 'WHITELIST' | 'DISABLED';

/** A range of ports on one host for the static source. */
export interface StaticTarget {
  readonly host: string;
  readonly firstPort: number;
  readonly lastPort: number;
}

/** Everything discovery needs to know about what to run. */
export interface DiscoveryConfig {
  readonly sources: readonly SourceKind[];
  readonly fdsMode: FdsMode;
  /** Namespace discovered Upstreams are written to (Settings.discoveryNamespace, default gloo-system). */
  readonly writeNamespace: string;
  readonly scanIntervalMs: number;
  readonly gracePeriodMs: number;
  readonly probeTimeoutMs: number;
  readonly probeConcurrency: number;
  readonly staticTargets: readonly StaticTarget[];
  readonly ignoredPorts: readonly number[];
  readonly ignoredProcesses: readonly string[];
  readonly kubeconfig?: string;
  /** Only Kubernetes Services with every one of these labels (udsOptions.watchLabels). */
  readonly watchLabels: Readonly<Record<string, string>>;
  /** Values in Settings that could not be used, each with what to write instead. */
  readonly problems: readonly string[];
}

/** Defaults of the sandbox's additions. */
export const DISCOVERY_DEFAULTS = { scanIntervalMs: 1000, gracePeriodMs: 10_000, probeTimeoutMs: 2000, probeConcurrency: 16 } as const;

/** Process names the local source skips unless Settings say otherwise: the proxy itself and system daemons. */
export const DEFAULT_IGNORED_PROCESSES = ['envoy', 'sshd', 'systemd-resolved', 'systemd', 'cupsd', 'rpcbind', 'containerd', 'dockerd', 'chronyd', 'dnsmasq'];

/** Ports the local source skips unless Settings say otherwise: SSH, DNS, portmapper, printing. */
export const DEFAULT_IGNORED_PORTS = [22, 53, 111, 631];

/** `--discovery` as given: a comma-separated list of source kinds, or `off`; an error sentence when a kind is unknown. */
export function parseSourcesFlag(value: string): readonly SourceKind[] | 'off' | { readonly error: string } {
  if (value.trim() === 'off') return 'off';
  const kinds = value.split(',').map((s) => s.trim()).filter(Boolean);
  const unknown = kinds.filter((k) => !(SOURCE_KINDS as readonly string[]).includes(k));
  if (unknown.length || !kinds.length) return { error: `--discovery takes off or a comma-separated list of ${SOURCE_KINDS.join(', ')}; not "${value}"` };
  return [...new Set(kinds)] as SourceKind[];
}

/** `HOST:PORT` or `HOST:FIRST-LAST` (IPv6 hosts in brackets), or an error sentence. */
export function parseStaticTarget(text: string): StaticTarget | { readonly error: string } {
  const m = /^(\[[^\]]+\]|[^:\s]+):(\d+)(?:-(\d+))?$/.exec(text.trim());
  const bad = { error: `static target "${text}" is not HOST:PORT or HOST:FIRST-LAST (e.g. 10.0.0.5:8000-8010)` };
  if (!m) return bad;
  const firstPort = Number(m[2]);
  const lastPort = m[3] ? Number(m[3]) : firstPort;
  if (firstPort < 1 || lastPort > 65535 || lastPort < firstPort) return bad;
  if (lastPort - firstPort >= 1024) return { error: `static target "${text}" spans more than 1024 ports; split it or narrow it` };
  return { host: m[1].replace(/^\[|\]$/g, ''), firstPort, lastPort };
}

/**
 * The discovery config: sources from the flag, else from Settings `discovery.sources` unless
 * `udsOptions.enabled` is false; fdsMode as Gloo reads it (BLACKLIST when unset).
 */
export function discoveryConfig(settings: SettingsJson | undefined, flag?: readonly SourceKind[] | 'off'): DiscoveryConfig {
  const d: Settings_DiscoveryOptionsJson = settings?.discovery ?? {};
  const problems: string[] = [];
  const fromSettings = (d.sources ?? []).filter((s) => {
    const ok = (SOURCE_KINDS as readonly string[]).includes(s);
    if (!ok) problems.push(`Settings discovery.sources: unknown source "${s}" (known: ${SOURCE_KINDS.join(', ')})`);
    return ok;
  }) as SourceKind[];
  const sources = flag === 'off' ? [] : flag ?? (d.udsOptions?.enabled === false ? [] : fromSettings);
  const staticTargets: StaticTarget[] = [];
  for (const t of d.staticTargets ?? []) {
    const parsed = parseStaticTarget(t);
    if ('error' in parsed) problems.push(`Settings discovery.staticTargets: ${parsed.error}`);
    else staticTargets.push(parsed);
  }
  const ms = (field: string, value: string | undefined, fallback: number) => {
    if (value === undefined) return fallback;
    const parsed = durationMs(value);
    if (parsed === undefined || parsed <= 0) {
      problems.push(`Settings discovery.${field}: "${value}" is not a positive duration such as 1s or 500ms; using ${fallback} ms`);
      return fallback;
    }
    return parsed;
  };
  return {
    sources: [...new Set(sources)],
    fdsMode: fdsModeOf(d.fdsMode),
    writeNamespace: settings?.discoveryNamespace || DEFAULT_WRITE_NAMESPACE,
    scanIntervalMs: ms('scanInterval', d.scanInterval, DISCOVERY_DEFAULTS.scanIntervalMs),
    gracePeriodMs: ms('gracePeriod', d.gracePeriod, DISCOVERY_DEFAULTS.gracePeriodMs),
    probeTimeoutMs: ms('probeTimeout', d.probeTimeout, DISCOVERY_DEFAULTS.probeTimeoutMs),
    probeConcurrency: Math.max(1, d.probeConcurrency ?? DISCOVERY_DEFAULTS.probeConcurrency),
    staticTargets,
    ignoredPorts: d.ignoredPorts?.length ? d.ignoredPorts : DEFAULT_IGNORED_PORTS,
    ignoredProcesses: d.ignoredProcesses?.length ? d.ignoredProcesses : DEFAULT_IGNORED_PROCESSES,
    ...(d.kubeconfig ? { kubeconfig: d.kubeconfig } : {}),
    watchLabels: d.udsOptions?.watchLabels ?? {},
    problems,
  };
}

function fdsModeOf(mode: unknown): FdsMode {
  if (mode === 'WHITELIST' || mode === 1) return 'WHITELIST';
  if (mode === 'DISABLED' || mode === 2) return 'DISABLED';
  return 'BLACKLIST';
}

/** A proto3 JSON duration (`1.5s`) in ms; the sandbox also reads `500ms`; undefined when it is neither. */
export function durationMs(text: string): number | undefined {
  const m = /^(\d+(?:\.\d+)?)(s|ms)$/.exec(text.trim());
  if (!m) return undefined;
  return m[2] === 's' ? Number(m[1]) * 1000 : Number(m[1]);
}
