// `xds-sandbox sync FROM TO [--dry-run] [--prune]`: makes TO hold FROM's objects; the plan is printed first.
import type { Command } from 'commander';
import type { ResourceStore } from '../../../common/store/resource-client';
import { openStore } from '../../store/open-store';
import { applySync, formatPlanSummary, formatStep, planSync } from '../../store/store-sync';
import { EXIT_FAILURE } from '../exit-codes';
import { colourEnabled, paint } from '../output';

/** Registers `sync FROM TO [--dry-run] [--prune]`; exit 1 when FROM has problems or any step fails. */
export function registerSyncCommand(program: Command): Command {
  return program.command('sync')
    .description('make store TO hold the objects of store FROM (like kubectl apply --prune or an Argo CD sync): print the plan, then apply it')
    .argument('<from>', 'the store to copy from, e.g. a folder')
    .argument('<to>', 'the store to write, e.g. kube:CONTEXT/NAMESPACE')
    .option('--dry-run', 'print the plan only')
    .option('--prune', 'also delete the objects of TO that FROM does not have (generated Proxies are never touched)')
    .action(async (fromSpec: string, toSpec: string, opts: { dryRun?: boolean; prune?: boolean }) => {
      const from = await openStore(fromSpec, { watch: false });
      try {
        const problems = from.problems();
        if (problems.length) {
          for (const p of problems) process.stderr.write(`${p.file}:${p.line}:${p.column}: ${p.message}\n`);
          process.stderr.write(`${fromSpec} has ${problems.length} problem(s); fix them before syncing (nothing was changed)\n`);
          process.exitCode = EXIT_FAILURE;
          return;
        }
        const to = await openStore(toSpec, { watch: false });
        try {
          await syncStores(fromSpec, toSpec, from, to, opts);
        } finally {
          await to.close();
        }
      } finally {
        await from.close();
      }
    });
}

/** Prints the plan, then (unless a dry run) applies it and reports the steps that failed. */
async function syncStores(fromSpec: string, toSpec: string, from: ResourceStore, to: ResourceStore, opts: { dryRun?: boolean; prune?: boolean }): Promise<void> {
  const colours = { '+': 'green', '~': 'yellow', '-': 'red' } as const;
  const on = colourEnabled();
  const plan = await planSync(from, to, { prune: opts.prune });
  process.stdout.write(`sync ${fromSpec} -> ${toSpec}${opts.dryRun ? ' (dry run)' : ''}\n`);
  for (const step of plan.steps) {
    const line = formatStep(step);
    process.stdout.write(`${paint(line, colours[line[0] as '+' | '~' | '-'], on)}\n`);
  }
  process.stdout.write(`${formatPlanSummary(plan)}\n`);
  if (opts.dryRun || plan.steps.length === 0) return;
  const outcomes = await applySync(to, plan);
  const failed = outcomes.filter((o) => o.error);
  for (const o of failed) process.stderr.write(`failed: ${formatStep(o.step)}: ${o.error}\n`);
  process.stdout.write(`applied ${outcomes.length - failed.length} of ${outcomes.length} step(s)\n`);
  if (failed.length) process.exitCode = EXIT_FAILURE;
}
