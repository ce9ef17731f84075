// Reads a running Envoy's admin API (loopback only) and compares its config_dump with what the sandbox served.
// Admin endpoints: https://www.envoyproxy.io/docs/envoy/latest/operations/admin
import type { XdsSnapshot, XdsType } from '../../common/xds/xds-snapshot';

/** GETs an admin path; resolves to the body text, or undefined when Envoy does not answer 200. */
export async function adminGet(adminPort: number, path: string, timeoutMs = 1000): Promise<string | undefined> {
  try {
    const res = await fetch(`http://127.0.0.1:${adminPort}${path}`, { signal: AbortSignal.timeout(timeoutMs) });
    return res.ok ? await res.text() : undefined;
  } catch {
    return undefined;
  }
}

/** Resource names per type found in a config_dump's dynamic sections. */
export function namesInConfigDump(dump: unknown): Record<'cluster' | 'listener' | 'route', string[]> {
  const out = { cluster: [] as string[], listener: [] as string[], route: [] as string[] };
  const configs = (dump as { configs?: Record<string, unknown>[] })?.configs ?? [];
  for (const c of configs) {
    for (const d of (c.dynamic_active_clusters as { cluster?: { name?: string } }[] | undefined) ?? []) if (d.cluster?.name) out.cluster.push(d.cluster.name);
    for (const d of (c.dynamic_listeners as { name?: string }[] | undefined) ?? []) if (d.name) out.listener.push(d.name);
    for (const d of (c.dynamic_route_configs as { route_config?: { name?: string } }[] | undefined) ?? []) if (d.route_config?.name) out.route.push(d.route_config.name);
  }
  for (const list of Object.values(out)) list.sort();
  return out;
}

/** Differences between what was served and what Envoy holds, one sentence each; empty when they agree. */
export function compareWithServed(dump: unknown, served: XdsSnapshot): string[] {
  const inEnvoy = namesInConfigDump(dump);
  const problems: string[] = [];
  for (const type of ['cluster', 'listener', 'route'] as const satisfies readonly XdsType[]) {
    const want = [...served.resources[type].items.keys()].sort();
    const have = new Set(inEnvoy[type]);
    const missing = want.filter((n) => !have.has(n));
    const extra = inEnvoy[type].filter((n) => !want.includes(n));
    if (missing.length) problems.push(`${type}s served but not in Envoy: ${missing.join(', ')}`);
    if (extra.length) problems.push(`${type}s in Envoy but not served: ${extra.join(', ')}`);
  }
  return problems;
}
