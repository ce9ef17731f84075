// The side-by-side scenarios of `npm run bench -- --peer`: xds-sandbox against go-control-plane (bench/peer) serving
// the same translated resources, driven by one Go ADS client, interleaved A/B.
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { label } from '../config';
import { procSample } from '../machine';
import {
  allFull, allGot, buildBundle, buildPeer, expectNeedle, freePort, peerConfig, quiet, startClient, startGcp, startSandbox, wallMs, type PeerConfig, type PeerServer,
} from '../peer-harness';
import type { Scenario, ScenarioContext } from '../scenario';
import { round, summarize } from '../stats';
import type { Child } from '../children/spawn';

const CHANGE_TIMEOUT_MS = 120_000;
const START_TIMEOUT_MS = 900_000;
/** How long a server may take to stop after SIGTERM before it is killed (a loaded machine slows a graceful stop). */
const STOP_GRACE_MS = 60_000;

/** Skips every peer scenario with one reason when bench/peer cannot be built; builds it once per run. */
let built: { skip?: string } | undefined;
function skipReason(ctx: ScenarioContext, name: string): string | undefined {
  if (!built) {
    built = { skip: buildPeer() };
    buildBundle();
  }
  if (built.skip) ctx.emit({ name, size: '-', skipped: built.skip, target: 'go is available', met: false });
  return built.skip;
}

/** Both servers on one config, each with its own Go client of `streams` streams, every stream holding the full config. */
interface Pair {
  config: PeerConfig;
  sides: { server: PeerServer; client: Child }[];
  close(): Promise<void>;
}

async function startPair(vs: number, streams: number): Promise<Pair> {
  const config = peerConfig(vs);
  const sides: Pair['sides'] = [];
  const close = async () => {
    for (const s of sides) {
      await s.client.stop();
      await s.server.child.stop();
    }
    config.remove();
  };
  try {
    for (const server of [await startSandbox(config.folder), await startGcp(config.baseJson)]) {
      const client = startClient(server.addr!, streams, `bench-${server.side}`);
      sides.push({ server, client });
      await allFull(client, streams, START_TIMEOUT_MS);
    }
  } catch (err) {
    await close();
    throw err;
  }
  return { config, sides, close };
}

/** One change on one side: from the change (file written / SetSnapshot called) until `streams` streams received it. */
async function timeChange(side: Pair['sides'][number], edit: ReturnType<PeerConfig['edit']>, streams: number): Promise<{ ms: number; bytes: number }> {
  await quiet(side.server.pid);
  await expectNeedle(side.client, edit.needle);
  let t0: number;
  if (side.server.side === 'sandbox') {
    t0 = wallMs();
    edit.writeFile();
  } else {
    side.server.child.send(`prepare ${edit.gcpFile()}`);
    await side.server.child.line((l) => l === 'prepared', CHANGE_TIMEOUT_MS);
    side.server.child.send('bump');
    t0 = Number((await side.server.child.line((l) => l.startsWith('bump '), CHANGE_TIMEOUT_MS)).split(' ')[1]) / 1e6;
  }
  const got = await allGot(side.client, streams, CHANGE_TIMEOUT_MS);
  return { ms: got.atMs - t0, bytes: got.bytes };
}

/** Runs `samples` changes on each side after `warm` unmeasured ones, alternating which side goes first. */
async function interleaved(pair: Pair, streams: number, warm: number, samples: number): Promise<{ sandbox: number[]; gcp: number[]; bytes: number }> {
  const out = { sandbox: [] as number[], gcp: [] as number[], bytes: 0 };
  for (let i = 0; i < warm + samples; i++) {
    const order = i % 2 === 0 ? pair.sides : [...pair.sides].reverse();
    for (const side of order) {
      // Each side gets its own edit of the same VirtualService sequence: the sandbox's folder and gcp's state move alike.
      const r = await timeChange(side, pair.config.edit(), streams);
      if (i >= warm) out[side.server.side].push(r.ms);
      out.bytes = r.bytes;
    }
  }
  return out;
}

const COMMON = 'go-control-plane v0.14.0 (its SnapshotCache in ADS mode and server v3, bench/peer, built with `go build` into ' +
  '~/.cache/xds-sandbox) serves the JSON that `xds-sandbox translate` prints for the same generated config (N Upstreams, N ' +
  'VirtualServices × 10 routes, every 10th delegating to a RouteTable), parsed into go-control-plane\'s types; the sandbox is ' +
  '`node bin/xds-sandbox.js serve FOLDER --no-ui --envoy off --discovery off` on the YAML folder (the bundled CLI when current). ' +
  'One Go ADS client (bench/peer client) behaves like Envoy: CDS and LDS wildcard, then EDS and RDS for what they name, ACKing ' +
  'every response, one gRPC connection per stream. ';

/** peer_change_to_ack: one edit at a time on one stream. */
export const peerChangeToAck: Scenario = {
  name: 'peer_change_to_ack',
  method: COMMON + 'Each sample changes the first route\'s prefix of one VirtualService. Sandbox: from just before the YAML file is ' +
    'rewritten in the watched folder (so watch, read, translation and serving are included) until the client receives the ' +
    'RouteConfiguration that holds the new prefix (it ACKs it at once). go-control-plane: from just before SetSnapshot of the ' +
    'state after the same edit, translated beforehand by the sandbox\'s pipeline and parsed untimed, until the same arrival: a ' +
    'lower bound, since it does no translation. The sides alternate which goes first; before each change the driver waits until ' +
    'the server used < 3 ms CPU in 250 ms. `gcp_median_ms` is go-control-plane\'s median, `ratio` = sandbox median / gcp median.',
  async run(ctx) {
    if (skipReason(ctx, 'peer_change_to_ack')) return;
    const cases = ctx.quick ? [{ vs: 10, warm: 2, samples: 8 }, { vs: 1000, warm: 1, samples: 5 }]
      : [{ vs: 10, warm: 3, samples: 20 }, { vs: 1000, warm: 3, samples: 15 }, { vs: 10_000, warm: 2, samples: 8 }];
    for (const c of cases) {
      ctx.log(`peer_change_to_ack ${label(c.vs)}`);
      const pair = await startPair(c.vs, 1);
      try {
        const r = await interleaved(pair, 1, c.warm, c.samples);
        const s = summarize(r.sandbox);
        const g = summarize(r.gcp);
        const ratio = round(s.median_ms / g.median_ms);
        const target = c.vs <= 10 ? { text: 'median ≤ 5 ms', met: s.median_ms <= 5 }
          : c.vs >= 10_000 ? { text: 'ratio ≤ 0.5 and median ≤ 300 ms', met: ratio <= 0.5 && s.median_ms <= 300 }
            : { text: 'ratio ≤ 0.5', met: ratio <= 0.5 };
        ctx.emit({ name: 'peer_change_to_ack', size: label(c.vs), ...s, gcp_median_ms: g.median_ms, gcp_p90_ms: g.p90_ms, ratio, bytes: r.bytes, target: target.text, met: target.met });
      } finally {
        await pair.close();
      }
    }
  },
};

/** peer_fanout: one change to 100 streams. */
export const peerFanout: Scenario = {
  name: 'peer_fanout',
  method: COMMON + 'As peer_change_to_ack, with 100 streams (100 connections, distinct node ids, one proxy) per server; a sample ends ' +
    'when the last of the 100 streams received the RouteConfiguration that holds the edit.',
  async run(ctx) {
    if (skipReason(ctx, 'peer_fanout')) return;
    const vs = ctx.quick ? 100 : 1000;
    const streams = 100;
    const pair = await startPair(vs, streams);
    try {
      const r = await interleaved(pair, streams, 1, ctx.quick ? 3 : 9);
      const s = summarize(r.sandbox);
      const g = summarize(r.gcp);
      const ratio = round(s.median_ms / g.median_ms);
      ctx.emit({
        name: 'peer_fanout', size: `${label(vs)}x${streams}`, ...s, gcp_median_ms: g.median_ms, gcp_p90_ms: g.p90_ms, ratio, bytes: r.bytes,
        target: 'median ≤ 250 ms and ratio ≤ 0.25', met: s.median_ms <= 250 && ratio <= 0.25,
      });
    } finally {
      await pair.close();
    }
  },
};

/** One cold start: spawn the server with a client already dialling its port; ms until listening and until the first full response. */
async function coldStart(side: 'sandbox' | 'gcp', config: PeerConfig): Promise<{ listening: number; full: number }> {
  const port = await freePort();
  const client = startClient(`127.0.0.1:${port}`, 1, `bench-cold-${side}`);
  let server: PeerServer | undefined;
  try {
    server = side === 'sandbox' ? await startSandbox(config.folder, port) : await startGcp(config.baseJson, port);
    const full = await allFull(client, 1, START_TIMEOUT_MS);
    // Let the first pass finish its writes, then stop gracefully: a sandbox keeps its served xDS for the next start on stop.
    await quiet(server.pid);
    return { listening: server.listeningAt! - server.spawnedAt, full: full - server.spawnedAt };
  } finally {
    await client.stop();
    await server?.child.stop(STOP_GRACE_MS);
  }
}

/** peer_cold_start: process start to the first full response, at 1k. */
export const peerColdStart: Scenario = {
  name: 'peer_cold_start',
  method: COMMON + 'Each repetition starts a client dialling a free port (retrying every 10 ms), then spawns the server on that port; ' +
    '`median_ms` is the sandbox\'s time from spawn until the client holds every type (CDS, EDS, LDS, RDS), `gcp_median_ms` ' +
    'go-control-plane\'s (including parsing the translate output), `listening_ms` the sandbox\'s median time from spawn until it printed ' +
    'its xDS address. After each start the server is left to finish its first pass\'s writes and stopped with SIGTERM (a graceful ' +
    'stop). `fresh`: the folder\'s state (.xds-sandbox) is removed before each start; `warm`: it is kept from the previous ' +
    'start, so the sandbox serves the xDS it kept until its first pass replaces it. Sides alternate.',
  async run(ctx) {
    if (skipReason(ctx, 'peer_cold_start')) return;
    const vs = ctx.quick ? 100 : 1000;
    const reps = ctx.quick ? 2 : 5;
    const config = peerConfig(vs);
    try {
      for (const mode of ['fresh', 'warm'] as const) {
        const sandbox: { listening: number; full: number }[] = [];
        const gcp: number[] = [];
        for (let i = 0; i < reps; i++) {
          if (mode === 'fresh') rmSync(join(config.folder, '.xds-sandbox'), { recursive: true, force: true });
          const order = i % 2 === 0 ? (['sandbox', 'gcp'] as const) : (['gcp', 'sandbox'] as const);
          for (const side of order) {
            const r = await coldStart(side, config);
            if (side === 'sandbox') sandbox.push(r);
            else gcp.push(r.full);
          }
        }
        const s = summarize(sandbox.map((r) => r.full));
        const g = summarize(gcp);
        const listening = summarize(sandbox.map((r) => r.listening)).median_ms;
        const ratio = round(s.median_ms / g.median_ms);
        ctx.emit({
          name: 'peer_cold_start', size: `${label(vs)}-${mode}`, ...s, gcp_median_ms: g.median_ms, ratio, listening_ms: listening,
          target: 'median ≤ 1500 ms, ratio ≤ 4 and listening ≤ 300 ms', met: s.median_ms <= 1500 && ratio <= 4 && listening <= 300,
        });
      }
    } finally {
      config.remove();
    }
  },
};

const IDLE_TARGET_MB: Record<number, number> = { 10: 80, 1000: 110, 10_000: 400 };
/** "No idle CPU": at most 0.1% of one core over the window (/proc ticks are 10 ms). */
const IDLE_CPU_PCT = 0.1;

/** peer_idle: RSS and CPU of both servers left alone with one client connected. */
export const peerIdle: Scenario = {
  name: 'peer_idle',
  method: COMMON + 'Both servers run at once on the same config, each with one connected client holding the full config; after ' +
    'the first full response they are left alone for `settle_ms` (30 s; quick: 5 s), then CPU (utime + stime of /proc/PID/stat, all ' +
    'threads) is read over a window of 30 s (quick: 10 s) and RSS (VmRSS) at its end. `gcp_rss_mb`, `gcp_cpu_ms` are ' +
    'go-control-plane\'s; `ratio` = sandbox RSS / gcp RSS. Target: RSS ≤ 80 / 110 / 400 MB at 10 / 1k / 10k and CPU ≤ 0.1% of one core.',
  async run(ctx) {
    if (skipReason(ctx, 'peer_idle')) return;
    const settleMs = ctx.quick ? 5000 : 30_000;
    const windowMs = ctx.quick ? 10_000 : 30_000;
    for (const vs of ctx.quick ? [10, 1000] : [10, 1000, 10_000]) {
      ctx.log(`peer_idle ${label(vs)}`);
      const pair = await startPair(vs, 1);
      try {
        await new Promise((r) => setTimeout(r, settleMs));
        const [sb, gcp] = pair.sides.map((s) => s.server.pid);
        const a = [procSample(sb), procSample(gcp)];
        const w0 = performance.now();
        await new Promise((r) => setTimeout(r, windowMs));
        const b = [procSample(sb), procSample(gcp)];
        const elapsed = performance.now() - w0;
        const cpuMs = b[0].cpuMs - a[0].cpuMs;
        const cpuPct = round((cpuMs / elapsed) * 100);
        const target = IDLE_TARGET_MB[vs] ?? 400;
        ctx.emit({
          name: 'peer_idle', size: label(vs), rss_mb: b[0].rssMb, cpu_ms: round(cpuMs), cpu_pct: cpuPct, peak_rss_mb: b[0].peakRssMb,
          gcp_rss_mb: b[1].rssMb, gcp_cpu_ms: round(b[1].cpuMs - a[1].cpuMs), ratio: round(b[0].rssMb / b[1].rssMb), window_ms: Math.round(elapsed),
          target: `rss ≤ ${target} MB and cpu ≤ ${IDLE_CPU_PCT}%`, met: b[0].rssMb <= target && cpuPct <= IDLE_CPU_PCT,
        });
      } finally {
        await pair.close();
      }
    }
  },
};
