// `xds-sandbox diff STORE_A STORE_B`: the xDS difference between two configs; exit 0 when equal, 1 when they differ.
import type { Command } from 'commander';
import { diffXds, formatXdsDiff } from '../../../common/diff/xds-diff';
import { runOnePass } from '../../engine/one-pass';
import { EXIT_FAILURE } from '../exit-codes';
import { outputOption } from '../cli-options';
import { colourEnabled, formatMachine, isMachineFormat, paint, withFinalNewline } from '../output';

/** Registers `diff STORE_A STORE_B [-o text|json|yaml]`; the text ends in a newline and shows values whole. */
export function registerDiffCommand(program: Command): Command {
  return program.command('diff')
    .description('compare the xDS generated from two stores (added, removed, changed resources, field by field)')
    .argument('<storeA>', 'the first store')
    .argument('<storeB>', 'the second store')
    .addOption(outputOption(['text', 'json', 'yaml'], 'text'))
    .action(async (a: string, b: string, opts: { output: string }) => {
      const [left, right] = [await runOnePass(a), await runOnePass(b)];
      const d = diffXds([...left.result.xds.values()], [...right.result.xds.values()]);
      process.stdout.write(isMachineFormat(opts.output) ? formatMachine(opts.output, d) : paintDiff(withFinalNewline(formatXdsDiff(d, Infinity)), colourEnabled()));
      if (!d.equal) process.exitCode = EXIT_FAILURE;
    });
}

/** Added lines green, removed red, changed yellow (a line's leading `+`, `-` or `~`, after its indent). */
function paintDiff(text: string, on: boolean): string {
  const colours = { '+': 'green', '-': 'red', '~': 'yellow' } as const;
  return text.replace(/^( *)([+~-]) (.*)$/gm, (_line, indent: string, mark: '+' | '-' | '~', rest: string) => indent + paint(`${mark} ${rest}`, colours[mark], on));
}
