// `npm run bench [-- --quick] [-- --only a,b]`: runs every scenario, prints one JSON line per scenario and size,
// and writes the report to docs/benchmarks.md.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { loadText, machineInfo } from './machine';
import { renderReport } from './report';
import type { Scenario, ScenarioContext } from './scenario';
import { orderRecord, type BenchRecord } from './stats';

/** Scenario names in run order, with the module and export that define each. */
const SCENARIOS: readonly { name: string; load: () => Promise<Scenario> }[] = [
  { name: 'translate_full', load: async () => (await import('./scenarios/translate-full')).translateFull },
  { name: 'translate_one_change', load: async () => (await import('./scenarios/translate-one-change')).translateOneChange },
  { name: 'change_to_ack', load: async () => (await import('./scenarios/change-to-ack')).changeToAck },
  { name: 'xds_fanout', load: async () => (await import('./scenarios/xds-fanout')).xdsFanout },
  { name: 'delta_bytes', load: async () => (await import('./scenarios/delta-bytes')).deltaBytes },
  { name: 'idle', load: async () => (await import('./scenarios/idle')).idle },
  { name: 'memory_scale', load: async () => (await import('./scenarios/memory-scale')).memoryScale },
  { name: 'discovery_listener_to_served', load: async () => (await import('./scenarios/discovery')).discoveryListener },
  { name: 'discovery_idle_cpu', load: async () => (await import('./scenarios/discovery')).discoveryIdle },
  { name: 'discovery_fds_50', load: async () => (await import('./scenarios/discovery')).discoveryFds },
];

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { quick: { type: 'boolean', default: false }, only: { type: 'string' }, out: { type: 'string' } } });
  const only = values.only ? new Set(values.only.split(',')) : undefined;
  const unknown = [...(only ?? [])].filter((n) => !SCENARIOS.some((s) => s.name === n));
  if (unknown.length) throw new Error(`unknown scenario ${unknown.join(', ')}; known: ${SCENARIOS.map((s) => s.name).join(', ')}`);
  const quick = values.quick ?? false;
  const machine = machineInfo();
  const started = performance.now();
  const records: BenchRecord[] = [];
  const methods: { name: string; method: string }[] = [];
  const ctx: ScenarioContext = {
    quick,
    emit(record) {
      const line = orderRecord(record);
      records.push(line);
      process.stdout.write(JSON.stringify(line) + '\n');
    },
    log: (message) => process.stderr.write(`[bench] ${message}\n`),
  };
  for (const entry of SCENARIOS) {
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
  if (!only || values.out) {
    const out = values.out ?? join(import.meta.dirname, '..', 'docs', 'benchmarks.md');
    writeFileSync(out, renderReport({ machine, quick, totalS, records, methods }));
    ctx.log(`wrote ${out}`);
  }
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err) => {
    process.stderr.write(`bench: ${err instanceof Error ? err.stack : String(err)}\n`);
    process.exit(1);
  },
);
