// `xds-sandbox check [STORE]`: one pass; every object's state and reason, and the file errors. A contract: see docs/cli.md.
import type { Command } from 'commander';
import { checkReport, checkReportFromViews, type CheckReport } from '../../../common/loop/check-report';
import { runOnePass } from '../../engine/one-pass';
import { EXIT_FAILURE } from '../exit-codes';
import { outputOption, resolveStore, storeOption, STORE_HELP } from '../cli-options';
import { formatCheck } from './check-output';
import { chooseAnswerSource, offlineOption } from '../answer-source';
import { callServe } from '../serve-endpoint';

/** Registers `check [STORE] [-o text|json|yaml] [--problems] [--strict] [--offline] [--against REF]`: exit 0 when nothing is Rejected and there are no file errors, else 1 (--against: see check-against.ts). */
export function registerCheckCommand(program: Command): Command {
  return program.command('check')
    .description('run one pass and print every object\'s state; exit 1 on a Rejected object or a file error')
    .argument('[store]', STORE_HELP)
    .addOption(storeOption())
    .addOption(outputOption(['text', 'json', 'yaml'], 'text'))
    .option('--problems', 'list only Rejected objects, Warnings and file errors, then the summary of every object')
    .option('--strict', 'treat Warnings as failures too')
    .addOption(offlineOption())
    .option('--against <ref>', 'also compare with the folder at a Git ref; then exit 1 only when the change makes something Rejected, fails a route test or adds a file error')
    .action(async (positional: string | undefined, opts: { store?: string; output: string; strict?: boolean; against?: string; problems?: boolean; offline?: boolean }) => {
      const storeSpec = resolveStore(positional, opts.store);
      if (opts.against !== undefined) return (await import('./check-against')).runCheckAgainst(storeSpec, opts.against, opts.output, opts.strict === true);
      const report = await checkOf(storeSpec, opts.offline === true);
      process.stdout.write(formatCheck(report, opts.output, opts.problems === true));
      const s = report.summary;
      if (s.rejected > 0 || s.errors > 0 || (opts.strict && s.warning > 0)) process.exitCode = EXIT_FAILURE;
    });
}

/** The report of the serve running on the store (what its UI shows), else of one offline pass. */
async function checkOf(storeSpec: string, offline: boolean): Promise<CheckReport> {
  const serve = chooseAnswerSource(storeSpec, offline);
  if (serve) {
    const { resources, problems } = await callServe(serve, 'listResources');
    return checkReportFromViews(resources, problems);
  }
  const { snapshot, result } = await runOnePass(storeSpec);
  return checkReport(snapshot, result);
}
