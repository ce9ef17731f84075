// delta_bytes: bytes the server sends for a one-endpoint change in a 10k-cluster config, SotW against Delta.
import { buildXdsSnapshot, type XdsResourceInput } from '../../core/common/xds/snapshot-builder';
import type { XdsSnapshot } from '../../core/common/xds/xds-snapshot';
import { deltaClient, namesOf, sotwClient, testNode, type DeltaClient, type SotwClient } from '../../core/node/xds/test-support/ads-client';
import { edsCluster, endpoints, PROXY } from '../../core/node/xds/test-support/fixtures';
import { SnapshotCache } from '../../core/node/xds/snapshot-cache';
import { startXdsServer, type XdsServerHandle } from '../../core/node/xds/xds-server';
import { label } from '../config';
import type { Scenario, ScenarioContext } from '../scenario';
import { percentile, round } from '../stats';

const CLUSTERS = 10_000;
const TIMEOUT_MS = 60_000;

function snapshotWith(changed: ReadonlyMap<number, number>): XdsSnapshot {
  const names = Array.from({ length: CLUSTERS }, (_, i) => `cluster-${i}`);
  const input: XdsResourceInput = {
    cluster: names.map((name) => ({ name, json: edsCluster(name) })),
    endpoint: names.map((name, i) => ({ name, json: endpoints(name, [10_000 + (changed.get(i) ?? 0) + (i % 50_000)]) })),
  };
  return buildXdsSnapshot(PROXY, input);
}

async function subscribe(sotw: SotwClient, delta: DeltaClient): Promise<string[]> {
  sotw.request('cluster');
  delta.request('cluster');
  const cds = await sotw.next('cluster', TIMEOUT_MS);
  sotw.ack(cds);
  delta.ack(await delta.next('cluster', TIMEOUT_MS));
  const names = namesOf(cds);
  sotw.request('endpoint', names);
  delta.request('endpoint', names);
  sotw.ack(await sotw.next('endpoint', TIMEOUT_MS), names);
  delta.ack(await delta.next('endpoint', TIMEOUT_MS));
  return names;
}

function bytesOf(server: XdsServerHandle, id: string): number {
  return server.listNodes().find((n) => n.id === id)?.bytesSent ?? NaN;
}

/** The delta_bytes scenario. */
export const deltaBytes: Scenario = {
  name: 'delta_bytes',
  method: `A snapshot of ${label(CLUSTERS)} EDS clusters and their ClusterLoadAssignments (built with buildXdsSnapshot) is served by the ` +
    'embedded xDS server. One scripted SotW stream and one scripted Delta stream subscribe to every cluster and every assignment and ACK ' +
    'everything. Then one endpoint\'s port changes and the new snapshot is published; `bytes` is what the server counted as sent on the ' +
    'Delta stream for that change (feedback bytesSent), `sotw_bytes` the same on the SotW stream, `ratio` Delta / SotW (median of the changes). ' +
    '`sotw_ms` and `delta_ms` are publish-to-response times seen by the client.',
  async run(ctx: ScenarioContext): Promise<void> {
    const cache = new SnapshotCache();
    cache.setSnapshot(PROXY, snapshotWith(new Map()));
    const server = await startXdsServer({ cache, port: 0, shutdownGraceMs: 500 });
    const sotw = sotwClient(server.port, testNode('bench-sotw', PROXY));
    const delta = deltaClient(server.port, testNode('bench-delta', PROXY));
    try {
      await subscribe(sotw, delta);
      const changes = ctx.quick ? 3 : 9;
      const sotwBytes: number[] = [];
      const deltaBytesSent: number[] = [];
      const sotwMs: number[] = [];
      const deltaMs: number[] = [];
      const edits = new Map<number, number>();
      for (let c = 1; c <= changes; c++) {
        edits.set((c * 997) % CLUSTERS, c);
        const next = snapshotWith(edits);
        const s0 = bytesOf(server, 'bench-sotw');
        const d0 = bytesOf(server, 'bench-delta');
        const t0 = performance.now();
        cache.setSnapshot(PROXY, next);
        const [sRes, dRes] = await Promise.all([
          sotw.next('endpoint', TIMEOUT_MS).then((r) => ((sotwMs.push(performance.now() - t0)), r)),
          delta.next('endpoint', TIMEOUT_MS).then((r) => ((deltaMs.push(performance.now() - t0)), r)),
        ]);
        if (dRes.resources.length !== 1) throw new Error(`delta response carried ${dRes.resources.length} resources, expected 1`);
        sotw.ack(sRes, namesOf(sRes));
        delta.ack(dRes);
        sotwBytes.push(bytesOf(server, 'bench-sotw') - s0);
        deltaBytesSent.push(bytesOf(server, 'bench-delta') - d0);
      }
      const ratios = deltaBytesSent.map((d, i) => d / sotwBytes[i]).sort((a, b) => a - b);
      const ratio = percentile(ratios, 50);
      const med = (xs: number[]) => percentile([...xs].sort((a, b) => a - b), 50);
      ctx.emit({
        name: 'delta_bytes', size: label(CLUSTERS), samples: changes, ratio: Number(ratio.toPrecision(3)), bytes: Math.round(med(deltaBytesSent)),
        sotw_bytes: Math.round(med(sotwBytes)), sotw_ms: round(med(sotwMs)), delta_ms: round(med(deltaMs)),
        target: 'Delta bytes ≤ 1% of SotW bytes', met: ratio <= 0.01,
      });
    } finally {
      sotw.close();
      delta.close();
      await server.close();
    }
  },
};
