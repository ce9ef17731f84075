// Renders docs/benchmarks.md from a run: the machine, one table row per result line, missed targets, and the method of each scenario.
import type { MachineInfo } from './machine';
import type { BenchRecord } from './stats';

/** Everything one run produced. */
export interface RunReport {
  machine: MachineInfo;
  quick: boolean;
  totalS: number;
  records: readonly BenchRecord[];
  methods: readonly { name: string; method: string }[];
}

const TIMING = ['median_ms', 'p90_ms', 'p99_ms', 'max_ms'] as const;
const FIXED = new Set<string>(['name', 'size', 'target', 'met', ...TIMING]);

function cell(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'number' ? String(value) : String(value).replace(/\|/g, '\\|');
}

function otherFigures(r: BenchRecord): string {
  return Object.entries(r).filter(([k, v]) => !FIXED.has(k) && v !== undefined).map(([k, v]) => `${k}=${cell(v)}`).join(', ');
}

/** The Markdown of docs/benchmarks.md for a run. */
export function renderReport(run: RunReport): string {
  const m = run.machine;
  const missed = run.records.filter((r) => !r.met);
  const lines = [
    '# Benchmarks',
    '',
    `Produced by \`npm run bench${run.quick ? ' -- --quick' : ''}\` (${run.quick ? 'quick run: smaller sizes and fewer samples' : 'full run'}), ` +
      `${run.totalS.toFixed(0)} s in all. \`npm run bench\` runs the full set and rewrites this file; \`npm run bench -- --quick\` runs the ` +
      'small set in under a minute. Each scenario and size is also printed as one JSON line on stdout.',
    '',
    '## Machine',
    '',
    '| | |',
    '| --- | --- |',
    `| CPU | ${m.cpu} |`,
    `| cores | ${m.cores} |`,
    `| memory | ${m.memoryGb} GB |`,
    `| Node | ${m.node} |`,
    `| date | ${m.date} |`,
    `| load average (1/5/15 min) at start | ${m.loadStart} |`,
    `| load average (1/5/15 min) at end | ${m.loadEnd ?? ''} |`,
    '',
    'A shared machine: other work was running beside the benchmarks, so tails (p99, max) carry noise from it.',
    '',
    '## Results',
    '',
    'Times in ms. "other figures" are named by unit (`_ms`, `_mb`, `bytes`); `lower_bound_ms` is the time to only encode the same ' +
      'output resources to protobuf bytes, and `ratio` our median over it (see each scenario\'s method below).',
    '',
    '| scenario | size | median | p90 | p99 | max | other figures | target | result |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- | --- | --- |',
    ...run.records.map((r) => `| ${r.name} | ${cell(r.size)} | ${TIMING.map((k) => cell(r[k])).join(' | ')} | ${otherFigures(r)} | ${cell(r.target)} | ${r.met ? 'met' : '**MISSED**'} |`),
    '',
    '## Missed targets',
    '',
    ...(missed.length === 0 ? ['None: every target was met in this run.'] : missed.map((r) => `- **${r.name} ${r.size}** missed its target (${r.target}): ${summary(r)}.`)),
    '',
    '## Method',
    '',
    ...run.methods.flatMap((s) => [`### ${s.name}`, '', s.method, '']),
  ];
  return lines.join('\n');
}

/** Which figure a target's text is about. */
const TARGET_FIGURES: readonly [RegExp, string][] = [[/median/, 'median_ms'], [/p99/, 'p99_ms'], [/rss/, 'rss_mb'], [/cpu/, 'cpu_pct'], [/Delta/, 'ratio']];

function summary(r: BenchRecord): string {
  if (typeof r.error === 'string') return `the scenario failed: ${r.error}`;
  const keys = TARGET_FIGURES.filter(([re]) => re.test(r.target)).map(([, k]) => k);
  return (keys.length ? keys : Object.keys(r)).filter((k) => r[k] !== undefined && !['name', 'size', 'target', 'met'].includes(k)).map((k) => `${k} = ${cell(r[k])}`).join(', ');
}
