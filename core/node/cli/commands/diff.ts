// `xds-sandbox diff STORE_A STORE_B`: the xDS difference between two configs; exit 0 when equal, 1 when they differ.
import type { Command } from 'commander';
import { diffXds, formatXdsDiff } from '../../../common/diff/xds-diff';
import { runOnePass } from '../../engine/one-pass';
import { EXIT_FAILURE } from '../exit-codes';
import { outputOption } from '../cli-options';

/** Registers `diff STORE_A STORE_B [-o text|json]`. */
export function registerDiffCommand(program: Command): Command {
  return program.command('diff')
    .description('compare the xDS generated from two stores (added, removed, changed resources, field by field)')
    .argument('<storeA>', 'the first store')
    .argument('<storeB>', 'the second store')
    .addOption(outputOption(['text', 'json'], 'text'))
    .action(async (a: string, b: string, opts: { output: string }) => {
      const [left, right] = [await runOnePass(a), await runOnePass(b)];
      const d = diffXds([...left.result.xds.values()], [...right.result.xds.values()]);
      process.stdout.write(opts.output === 'json' ? JSON.stringify(d, null, 2) + '\n' : formatXdsDiff(d));
      if (!d.equal) process.exitCode = EXIT_FAILURE;
    });
}
