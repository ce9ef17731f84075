// `xds-sandbox discover [STORE]`: runs the discovery sources and function discovery. With --once, one
// round: prints what would be written (and writes it with --write); without, runs the discovery loop
// alone, writing, until interrupted. A contract: see docs/discovery.md.
import type { Command } from 'commander';
import { discoveryConfig, parseSourcesFlag, type SourceKind } from '../../../common/discovery/discovery-config';
import type { DiscoveryView } from '../../../common/discovery/discovery-view';
import type { PlanStep } from '../../../common/discovery/reconcile-plan';
import { ALL_NAMESPACES } from '../../../common/store/resource-client';
import { discoverOnce } from '../../discovery/discover-once';
import { DiscoveryLoop } from '../../discovery/discovery-loop';
import { settingsInForce, startDiscovery } from '../../discovery/start-discovery';
import { openStore } from '../../store/open-store';
import { outputOption, resolveStore, storeOption, STORE_HELP } from '../cli-options';
import { UsageError } from '../exit-codes';

interface DiscoverOpts { store?: string; once?: boolean; output: string; write?: boolean; discovery?: string }

/** Registers `discover [STORE] [--once] [-o text|json] [--write] [--discovery SOURCES]`. */
export function registerDiscoverCommand(program: Command): Command {
  return program.command('discover')
    .description('find Upstreams (local listeners, Kubernetes Services, static targets) and their functions; --once prints what would be written')
    .argument('[store]', STORE_HELP)
    .addOption(storeOption())
    .option('--once', 'one round: scan, probe, print the writes, and exit')
    .option('--write', 'with --once, write what was found')
    .option('--discovery <sources>', 'sources to run (local,kubernetes,static); default: Settings discovery.sources, else local')
    .addOption(outputOption(['text', 'json'], 'text'))
    .action(async (positional: string | undefined, opts: DiscoverOpts) => {
      const flag = sourcesOf(opts.discovery);
      const store = await openStore(resolveStore(positional, opts.store), { watch: !opts.once });
      try {
        if (opts.once) await runOnce(store, flag, opts);
        else await runAlone(store, flag);
      } finally {
        await store.close();
      }
    });
}

function sourcesOf(value: string | undefined): readonly SourceKind[] | undefined {
  if (value === undefined) return undefined;
  const parsed = parseSourcesFlag(value);
  if (parsed === 'off' || 'error' in parsed) throw new UsageError(parsed === 'off' ? '--discovery off leaves nothing to discover; name the sources' : parsed.error);
  return parsed;
}

async function runOnce(store: Awaited<ReturnType<typeof openStore>>, flag: readonly SourceKind[] | undefined, opts: DiscoverOpts): Promise<void> {
  const settings = settingsInForce(await store.client('Settings').list(ALL_NAMESPACES));
  const config = discoveryConfig(settings?.spec, flag ?? (settings?.spec.discovery?.sources?.length ? undefined : ['local']));
  const loop = new DiscoveryLoop({ store, config, sourceContext: { ownPid: process.pid } });
  try {
    const round = await discoverOnce(loop, store);
    const written = opts.write ? await loop.applySteps(round.steps, 'discover --once --write') : undefined;
    const writes = round.steps.filter((s) => s.op !== 'wait' && s.op !== 'skip' || opts.output === 'json');
    if (opts.output === 'json') {
      process.stdout.write(JSON.stringify({ written: !!opts.write, steps: writes.map(stepJson), sources: round.view.sources, upstreams: round.view.upstreams, problems: round.view.problems }, null, 2) + '\n');
    } else {
      process.stdout.write(formatRound(round.view, round.steps, written !== undefined));
    }
  } finally {
    loop.close();
  }
}

function stepJson(s: PlanStep) {
  return { op: s.op, key: s.key, reason: s.reason, ...('upstream' in s ? { upstream: s.upstream } : {}) };
}

/** The text report of one round. */
export function formatRound(view: DiscoveryView, steps: readonly PlanStep[], written: boolean): string {
  const lines: string[] = ['sources:'];
  for (const s of view.sources) lines.push(`  ${s.kind}: ${s.state === 'ok' ? `${s.found.length} found` : `${s.state}: ${s.message ?? ''}`}`);
  for (const p of view.problems) lines.push(`  problem: ${p}`);
  const writes = steps.filter((s) => s.op === 'create' || s.op === 'update' || s.op === 'delete');
  lines.push(written ? 'wrote:' : 'would write (run with --write to write it):');
  if (!writes.length) lines.push('  nothing');
  for (const s of writes) lines.push(`  ${s.op.padEnd(6)} ${s.key}: ${s.reason}`);
  const others = steps.filter((s) => s.op === 'wait' || s.op === 'skip');
  if (others.length) lines.push('left alone:');
  for (const s of others) lines.push(`  ${s.key}: ${s.reason}`);
  lines.push('functions:');
  const probed = view.upstreams.filter((u) => u.fds.state !== 'not probed' || u.owner === 'discovery');
  if (!probed.length) lines.push('  nothing probed');
  for (const u of probed) lines.push(`  ${u.namespace}/${u.name}: ${u.fds.summary}${u.fds.functions.length ? ` [${u.fds.functions.slice(0, 8).join(', ')}${u.fds.functions.length > 8 ? ', …' : ''}]` : ''}`);
  return lines.join('\n') + '\n';
}

async function runAlone(store: Awaited<ReturnType<typeof openStore>>, flag: readonly SourceKind[] | undefined): Promise<void> {
  const settings = settingsInForce(await store.client('Settings').list(ALL_NAMESPACES));
  const sources = flag ?? (settings?.spec.discovery?.sources?.length ? undefined : (['local'] as const));
  const handle = await startDiscovery({ store, ...(sources ? { flag: sources } : {}), sourceContext: { ownPid: process.pid }, log: (line) => process.stdout.write(line + '\n') });
  process.stderr.write(`discovery running (${handle.loop.config.sources.join(', ')}); Ctrl-C to stop\n`);
  await new Promise<void>((resolve) => {
    process.once('SIGINT', () => resolve());
    process.once('SIGTERM', () => resolve());
  });
  handle.close();
  await handle.loop.idle();
}
