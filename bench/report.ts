// Renders docs/benchmarks.md from the last run of each part (the sandbox's own set and the side-by-side `--peer` set):
// the targets of the performance plan with met/missed, then per part the machine, one table row per result line,
// missed targets and the method of each scenario. The runs themselves are kept beside it as JSON (benchmarks.json).
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import type { MachineInfo } from './machine';
import type { BenchRecord } from './stats';

/** Everything one run produced. */
export interface RunReport {
  machine: MachineInfo;
  quick: boolean;
  totalS: number;
  records: readonly BenchRecord[];
  methods: readonly { name: string; method: string }[];
  /** The scenarios a `--only` run was limited to. */
  only?: readonly string[];
  /** How the run deviated from a plain full run, said under its heading. */
  note?: string;
}

/** Which set a run was: `npm run bench` or `npm run bench -- --peer`. */
export type RunPart = 'own' | 'peer';

/** The last run of each part. */
export type ReportParts = Partial<Record<RunPart, RunReport>>;

const TIMING = ['median_ms', 'p90_ms', 'p99_ms', 'max_ms'] as const;
const FIXED = new Set<string>(['name', 'size', 'target', 'met', 'load_1m', ...TIMING]);

function cell(value: unknown): string {
  if (value === undefined) return '';
  return typeof value === 'number' ? String(value) : String(value).replace(/\|/g, '\\|');
}

function otherFigures(r: BenchRecord): string {
  return Object.entries(r).filter(([k, v]) => !FIXED.has(k) && v !== undefined).map(([k, v]) => `${k}=${cell(v)}`).join(', ');
}

/** A target of the performance plan and the result line (scenario, size) that checks it. */
interface PlanTarget {
  what: string;
  target: string;
  name: string;
  size: string;
  /** The figures shown for it. */
  figures: readonly string[];
}

const PLAN: readonly PlanTarget[] = [
  { what: 'Change → ACK at 10 VirtualServices', target: 'median ≤ 5 ms', name: 'peer_change_to_ack', size: '10', figures: ['median_ms', 'gcp_median_ms', 'ratio'] },
  { what: 'Change → ACK at 1k', target: 'ratio ≤ 0.5', name: 'peer_change_to_ack', size: '1k', figures: ['median_ms', 'gcp_median_ms', 'ratio'] },
  { what: 'Change → ACK at 10k', target: 'ratio ≤ 0.5 and ≤ 300 ms', name: 'peer_change_to_ack', size: '10k', figures: ['median_ms', 'gcp_median_ms', 'ratio'] },
  { what: 'translate_full at 1k', target: 'median ≤ 20 ms', name: 'translate_full', size: '1k', figures: ['median_ms'] },
  { what: 'translate_one_change at 10k', target: 'median ≤ 10 ms', name: 'translate_one_change', size: '10k', figures: ['median_ms'] },
  { what: 'Fan-out to 100 streams at 1k', target: 'median ≤ 250 ms, ratio ≤ 0.25', name: 'peer_fanout', size: '1kx100', figures: ['median_ms', 'gcp_median_ms', 'ratio'] },
  { what: 'Cold start to first full response at 1k', target: '≤ 1.5 s, ratio ≤ 4', name: 'peer_cold_start', size: '1k-fresh', figures: ['median_ms', 'gcp_median_ms', 'ratio', 'listening_ms'] },
  { what: 'Start at 1k with the last run\'s state', target: 'listening ≤ 300 ms, full ≤ 1.5 s', name: 'peer_cold_start', size: '1k-warm', figures: ['median_ms', 'gcp_median_ms', 'ratio', 'listening_ms'] },
  { what: '`xds-sandbox check` on the demo', target: '≤ 200 ms wall', name: 'cli_check', size: 'demo', figures: ['median_ms', 'sources_median_ms'] },
  { what: 'Idle RSS and CPU at 10', target: 'RSS ≤ 80 MB, no CPU', name: 'peer_idle', size: '10', figures: ['rss_mb', 'gcp_rss_mb', 'ratio', 'cpu_ms'] },
  { what: 'Idle RSS and CPU at 1k', target: 'RSS ≤ 110 MB, no CPU', name: 'peer_idle', size: '1k', figures: ['rss_mb', 'gcp_rss_mb', 'ratio', 'cpu_ms'] },
  { what: 'Idle RSS and CPU at 10k', target: 'RSS ≤ 400 MB, no CPU', name: 'peer_idle', size: '10k', figures: ['rss_mb', 'gcp_rss_mb', 'ratio', 'cpu_ms'] },
];

function planRows(parts: ReportParts): string[] {
  const all = [...(parts.own?.records ?? []), ...(parts.peer?.records ?? [])];
  return PLAN.map((t) => {
    const r = all.find((x) => x.name === t.name && x.size === t.size);
    const figures = r ? t.figures.filter((k) => r[k] !== undefined).map((k) => `${k}=${cell(r[k])}`).join(', ') : '';
    const result = !r ? 'not run' : typeof r.skipped === 'string' ? `skipped: ${r.skipped}` : r.met ? 'met' : '**MISSED**';
    return `| ${t.what} | ${t.target} | ${t.name} ${t.size} | ${figures} | ${cell(r?.load_1m)} | ${result} |`;
  });
}

function partSection(title: string, part: RunPart, run: RunReport): string[] {
  const m = run.machine;
  const flags = [...(part === 'peer' ? ['--peer'] : []), ...(run.quick ? ['--quick'] : []), ...(run.only ? [`--only ${run.only.join(',')}`] : [])];
  const command = `npm run bench${flags.length ? ` -- ${flags.join(' ')}` : ''}`;
  const missed = run.records.filter((r) => !r.met);
  const kind = run.only ? `only ${run.only.join(', ')}` : run.quick ? 'quick run: smaller sizes and fewer samples' : 'full run';
  return [
    `## ${title}`,
    '',
    `Produced by \`${command}\` (${kind}), ${run.totalS.toFixed(0)} s in all, on ${m.date}.`,
    '',
    ...(run.note ? [run.note, ''] : []),
    `Machine: ${m.cpu}, ${m.cores} cores, ${m.memoryGb} GB, Node ${m.node}; load average (1/5/15 min) ${m.loadStart} at start, ${m.loadEnd ?? ''} at end. ` +
      'A shared machine: other work was running beside the benchmarks, so tails (p99, max) carry noise from it; `load` is the ' +
      '1-minute load average when each line was printed.',
    '',
    '| scenario | size | median | p90 | p99 | max | other figures | load | target | result |',
    '| --- | --- | ---: | ---: | ---: | ---: | --- | ---: | --- | --- |',
    ...run.records.map((r) => `| ${r.name} | ${cell(r.size)} | ${TIMING.map((k) => cell(r[k])).join(' | ')} | ${otherFigures(r)} | ${cell(r.load_1m)} | ${cell(r.target)} | ${r.met ? 'met' : '**MISSED**'} |`),
    '',
    '### Missed targets',
    '',
    ...(missed.length === 0 ? ['None: every target was met in this run.'] : missed.map((r) => `- **${r.name} ${r.size}** missed its target (${r.target}): ${summary(r)}.`)),
    '',
    '### Method',
    '',
    ...run.methods.flatMap((s) => [`#### ${s.name}`, '', s.method, '']),
  ];
}

/** The Markdown of docs/benchmarks.md for the last run of each part. */
export function renderReport(parts: ReportParts): string {
  return [
    '# Benchmarks',
    '',
    '`npm run bench` runs the sandbox\'s own set and `npm run bench -- --peer` the side-by-side set against go-control-plane ' +
      '(needs `go`; skipped with the reason otherwise). Each rewrites its part of this file after a full run, or with `--write`; ' +
      '`--quick` (the small set) and `--only a,b` print their JSON lines on stdout and leave this file alone. Times in ms; ' +
      '"other figures" are named by unit (`_ms`, `_mb`, `bytes`); `ratio` is ours over the reference figure the scenario names ' +
      '(go-control-plane\'s, or the encode-only lower bound).',
    '',
    '## Targets',
    '',
    '| | target | result line | figures | load | result |',
    '| --- | --- | --- | --- | ---: | --- |',
    ...planRows(parts),
    '',
    ...(parts.peer ? partSection('Side by side with go-control-plane', 'peer', parts.peer) : ['## Side by side with go-control-plane', '', 'Not run yet: `npm run bench -- --peer`.', '']),
    ...(parts.own ? partSection('The sandbox\'s own benchmarks', 'own', parts.own) : []),
  ].join('\n');
}

/** Which figure a target's text is about. */
const TARGET_FIGURES: readonly [RegExp, string][] = [[/median/, 'median_ms'], [/p99/, 'p99_ms'], [/rss/, 'rss_mb'], [/cpu/, 'cpu_pct'], [/Delta|ratio/, 'ratio'], [/listening/, 'listening_ms']];

function summary(r: BenchRecord): string {
  if (typeof r.error === 'string') return `the scenario failed: ${r.error}`;
  if (typeof r.skipped === 'string') return `skipped: ${r.skipped}`;
  const keys = TARGET_FIGURES.filter(([re]) => re.test(r.target)).map(([, k]) => k);
  return (keys.length ? keys : Object.keys(r)).filter((k) => r[k] !== undefined && !['name', 'size', 'target', 'met'].includes(k)).map((k) => `${k} = ${cell(r[k])}`).join(', ');
}

/** Replaces one part in `mdPath`'s JSON companion (same name, .json) and rewrites the Markdown from both parts. */
export function writeReport(mdPath: string, part: RunPart, run: RunReport): void {
  const jsonPath = mdPath.replace(/\.md$/, '') + '.json';
  const parts: ReportParts = existsSync(jsonPath) ? (JSON.parse(readFileSync(jsonPath, 'utf8')) as ReportParts) : {};
  parts[part] = run;
  writeFileSync(jsonPath, JSON.stringify(parts, null, 1) + '\n');
  writeFileSync(mdPath, renderReport(parts));
}
