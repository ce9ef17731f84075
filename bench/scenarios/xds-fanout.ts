// xds_fanout: 100 concurrent ADS streams subscribed to a 1k config; one change; time until all 100 ACKed it.
import { spawnChild } from '../children/spawn';
import { label } from '../config';
import type { Scenario, ScenarioContext } from '../scenario';
import type { Summary } from '../stats';

const STREAMS = 100;
const PROCESSES = 2;
const TARGET_MS = 250;

/** The xds_fanout scenario. */
export const xdsFanout: Scenario = {
  name: 'xds_fanout',
  method: `A server process (bench/children/fanout-server.ts) translates the 1k config (as in translate_full), publishes it to a ` +
    `SnapshotCache and serves it with startXdsServer. ${PROCESSES} client processes open ${STREAMS} SotW ADS streams between them ` +
    '(bench/children/ads-streams.ts: each its own connection and node id, CDS and LDS wildcard, then EDS and RDS for the names those ' +
    'carry, ACKing every response, like Envoy). Each sample edits one route, translates the new config (untimed), then times from ' +
    '`setSnapshot` (which encodes the changed resources) until the server has seen all streams ACK the new RouteConfiguration ' +
    'version. `cpu_ms` is the server process\'s CPU time (process.cpuUsage) over that window (median); `rss_mb`, `heap_mb` and ' +
    '`array_buffers_mb` (encoded responses not yet collected) its memory after the last sample, `peak_rss_mb` its peak; ' +
    '`total_bytes` everything it sent over all streams, the initial configuration included. The target is applied to the median.',
  async run(ctx: ScenarioContext): Promise<void> {
    const vs = 1000;
    const changes = ctx.quick ? 3 : 30;
    const server = spawnChild('fanout-server.ts', [String(vs), String(STREAMS), String(PROCESSES), String(changes)]);
    try {
      const line = await server.line((l) => l.startsWith('result '), 300_000);
      const r = JSON.parse(line.slice('result '.length)) as Summary & Record<string, number>;
      ctx.emit({ name: 'xds_fanout', size: `${label(vs)}x${STREAMS}`, ...r, target: `median ≤ ${TARGET_MS} ms until all ${STREAMS} ACKed`, met: r.median_ms <= TARGET_MS });
    } finally {
      await server.stop();
    }
  },
};
