// The `static` source: the host:port ranges listed in Settings `discovery.staticTargets`, for services on
// other hosts. A port that accepts a TCP connection becomes an Upstream named `<host>-<port>`.
import { connect } from 'node:net';
import type { StaticTarget } from '../../../common/discovery/discovery-config';
import { staticUpstreamName } from '../../../common/discovery/names';
import type { DesiredUpstream } from '../../../common/discovery/reconcile-plan';
import type { SourceScan, UpstreamSource } from './source';

/** Connections tried at once. */
const CONNECT_CONCURRENCY = 32;

/** The static-targets source. */
export function staticTargetsSource(o: { readonly targets: readonly StaticTarget[]; readonly writeNamespace: string; readonly connectTimeoutMs: number }): UpstreamSource {
  return {
    kind: 'static',
    label: 'static',
    async scan(): Promise<SourceScan> {
      if (o.targets.length === 0) return { ok: false, message: 'no static targets: list HOST:PORT or HOST:FIRST-LAST in Settings discovery.staticTargets' };
      const candidates = o.targets.flatMap((t) => Array.from({ length: t.lastPort - t.firstPort + 1 }, (_, i) => ({ host: t.host, port: t.firstPort + i })));
      const open = await mapLimited(candidates, CONNECT_CONCURRENCY, async (c) => ((await accepts(c.host, c.port, o.connectTimeoutMs)) ? c : undefined));
      const upstreams: DesiredUpstream[] = open.filter((c): c is { host: string; port: number } => !!c).map((c) => ({
        source: 'static',
        found: `a TCP listener at ${c.host.includes(':') ? `[${c.host}]` : c.host}:${c.port}`,
        upstream: { kind: 'Upstream', metadata: { name: staticUpstreamName(c.host, c.port), namespace: o.writeNamespace }, spec: { static: { hosts: [{ addr: c.host, port: c.port }] } } },
      }));
      return { ok: true, upstreams };
    },
  };
}

/** Whether host:port accepts a TCP connection within the timeout. */
export function accepts(host: string, port: number, timeoutMs: number): Promise<boolean> {
  return new Promise((resolve) => {
    const socket = connect({ host, port });
    const done = (ok: boolean) => {
      clearTimeout(timer);
      socket.destroy();
      resolve(ok);
    };
    const timer = setTimeout(() => done(false), timeoutMs);
    socket.once('connect', () => done(true));
    socket.once('error', () => done(false));
  });
}

/** Maps items with at most `limit` calls in flight, keeping the order. */
export async function mapLimited<T, R>(items: readonly T[], limit: number, fn: (item: T) => Promise<R>): Promise<R[]> {
  const out: R[] = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      out[i] = await fn(items[i]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  return out;
}
