// `xds-sandbox check [STORE]`: one pass; every object's state and reason, and the file errors. A contract: see docs/cli.md.
import type { Command } from 'commander';
import { checkReport } from '../../../common/loop/check-report';
import { runOnePass } from '../../engine/one-pass';
import { EXIT_FAILURE } from '../exit-codes';
import { outputOption, resolveStore, storeOption } from '../cli-options';
import { runCheckAgainst } from './check-against';
import { formatCheck } from './check-output';

/** Registers `check [STORE] [-o text|json|yaml] [--problems] [--strict] [--against REF]`: exit 0 when nothing is Rejected and there are no file errors, else 1 (--against: see check-against.ts). */
export function registerCheckCommand(program: Command): Command {
  return program.command('check')
    .description('run one pass and print every object\'s state; exit 1 on a Rejected object or a file error')
    .argument('[store]', 'the store: a folder path, sqlite:PATH or memory:')
    .addOption(storeOption())
    .addOption(outputOption(['text', 'json', 'yaml'], 'text'))
    .option('--problems', 'list only Rejected objects, Warnings and file errors, then the summary of every object')
    .option('--strict', 'treat Warnings as failures too')
    .option('--against <ref>', 'also compare with the folder at a Git ref; then exit 1 only when the change makes something Rejected, fails a route test or adds a file error')
    .action(async (positional: string | undefined, opts: { store?: string; output: string; strict?: boolean; against?: string; problems?: boolean }) => {
      if (opts.against !== undefined) return runCheckAgainst(resolveStore(positional, opts.store), opts.against, opts.output, opts.strict === true);
      const { snapshot, result } = await runOnePass(resolveStore(positional, opts.store));
      const report = checkReport(snapshot, result);
      process.stdout.write(formatCheck(report, opts.output, opts.problems === true));
      const s = report.summary;
      if (s.rejected > 0 || s.errors > 0 || (opts.strict && s.warning > 0)) process.exitCode = EXIT_FAILURE;
    });
}
