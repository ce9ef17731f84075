// `check --against REF`: what `check` prints, then the comparison with the same folder at a Git ref. Exit 1 only when
// the change makes something worse (see docs/gitops.md); the JSON is check's, with an `against` field added.
import { checkAgainst, failsAgainst, formatCheckAgainst } from '../../gitops/check-against';
import { storeScheme } from '../../store/open-store';
import { EXIT_FAILURE, UsageError } from '../exit-codes';
import { formatMachine, isMachineFormat } from '../output';

/** Runs `check STORE --against REF` and sets the exit code. */
export async function runCheckAgainst(store: string, ref: string, output: string, strict: boolean): Promise<void> {
  if (storeScheme(store) !== undefined) throw new UsageError(`--against compares a config folder in a Git work tree with a ref; ${store} is not a folder`);
  const result = await checkAgainst(store, ref);
  process.stdout.write(isMachineFormat(output) ? formatMachine(output, { ...result.report, against: result.against }) : formatCheckAgainst(result, strict));
  if (failsAgainst(result, strict)) process.exitCode = EXIT_FAILURE;
}
