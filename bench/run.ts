// `npm run bench [-- --quick] [-- --peer] [-- --only a,b] [-- --write]`: runs the scenarios (the sandbox's own set, or with
// --peer the side-by-side set against go-control-plane), prints one JSON line per scenario and size, and writes
// docs/benchmarks.md after a full run (neither --quick nor --only) or when asked with --write (--out: elsewhere).
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadText, machineInfo } from './machine';
import { writeReport, type RunPart } from './report';
import type { Scenario, ScenarioContext } from './scenario';
import { orderRecord, round, type BenchRecord } from './stats';

/** Scenario names in run order, with the module and export that define each. */
const SCENARIOS: readonly { name: string; load: () => Promise<Scenario> }[] = [
  { name: 'translate_full', load: async () => (await import('./scenarios/translate-full')).translateFull },
  { name: 'translate_one_change', load: async () => (await import('./scenarios/translate-one-change')).translateOneChange },
  { name: 'change_to_ack', load: async () => (await import('./scenarios/change-to-ack')).changeToAck },
  { name: 'change_to_ack_etcd', load: async () => (await import('./scenarios/change-to-ack-etcd')).changeToAckEtcd },
  { name: 'change_to_ack_kube', load: async () => (await import('./scenarios/change-to-ack-kube')).changeToAckKube },
  { name: 'xds_fanout', load: async () => (await import('./scenarios/xds-fanout')).xdsFanout },
  { name: 'delta_bytes', load: async () => (await import('./scenarios/delta-bytes')).deltaBytes },
  { name: 'idle', load: async () => (await import('./scenarios/idle')).idle },
  { name: 'memory_scale', load: async () => (await import('./scenarios/memory-scale')).memoryScale },
  { name: 'discovery_listener_to_served', load: async () => (await import('./scenarios/discovery')).discoveryListener },
  { name: 'discovery_idle_cpu', load: async () => (await import('./scenarios/discovery')).discoveryIdle },
  { name: 'discovery_fds_50', load: async () => (await import('./scenarios/discovery')).discoveryFds },
  { name: 'cli_check', load: async () => (await import('./scenarios/cli-start')).cliCheck },
];

/** The side-by-side set of `--peer`, in run order. */
const PEER_SCENARIOS: readonly { name: string; load: () => Promise<Scenario> }[] = [
  { name: 'peer_change_to_ack', load: async () => (await import('./scenarios/peer')).peerChangeToAck },
  { name: 'peer_fanout', load: async () => (await import('./scenarios/peer')).peerFanout },
  { name: 'peer_cold_start', load: async () => (await import('./scenarios/peer')).peerColdStart },
  { name: 'peer_idle', load: async () => (await import('./scenarios/peer')).peerIdle },
];

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, out: { type: 'string' }, peer: { type: 'boolean', default: false }, write: { type: 'boolean', default: false } },
  });
  const set = values.peer ? PEER_SCENARIOS : SCENARIOS;
  const only = values.only ? new Set(values.only.split(',')) : undefined;
  const unknown = [...(only ?? [])].filter((n) => !set.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}; known${values.peer ? ' with --peer' : ''}: ${set.map((s) => s.name).join(', ')}`);
  const quick = values.quick ?? false;
  const machine = machineInfo();
  const started = performance.now();
  const records: BenchRecord[] = [];
  const methods: { name: string; method: string }[] = [];
  const ctx: ScenarioContext = {
    quick,
    emit(record) {
      // The machine's load next to each figure: the benchmarks share it with other work.
      const line = orderRecord({ ...record, load_1m: round(loadavg()[0]) });
      records.push(line);
      process.stdout.write(JSON.stringify(line) + '\n');
    },
    log: (message) => process.stderr.write(`[bench] ${message}\n`),
  };
  for (const entry of set) {
    if (only && !only.has(entry.name)) continue;
    const t0 = performance.now();
    try {
      const scenario = await entry.load();
      methods.push({ name: scenario.name, method: scenario.method });
      ctx.log(`${entry.name}: start`);
      await scenario.run(ctx);
    } catch (err) {
      const message = err instanceof Error ? err.message : String(err);
      ctx.log(`${entry.name} failed: ${err instanceof Error ? err.stack : message}`);
      ctx.emit({ name: entry.name, size: '-', error: message.split('\n')[0], target: 'the scenario completes', met: false });
    }
    ctx.log(`${entry.name}: ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  }
  machine.loadEnd = loadText();
  const totalS = (performance.now() - started) / 1000;
  ctx.log(`total ${totalS.toFixed(1)} s`);
  if (values.write || values.out || (!only && !quick)) {
    const out = values.out ?? join(import.meta.dirname, '..', 'docs', 'benchmarks.md');
    const part: RunPart = values.peer ? 'peer' : 'own';
    writeReport(out, part, { machine, quick, totalS, records, methods, only: only ? [...only] : undefined });
    ctx.log(`wrote ${out} (the ${part} part; the other part is kept from its last run)`);
  } else {
    ctx.log(`not writing docs/benchmarks.md: ${quick ? '--quick' : '--only'} run (add --write to write it)`);
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
