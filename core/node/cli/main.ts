// The `xds-sandbox` command tree. Each subcommand lives in commands/<name>.ts and registers itself here.
import { Command, CommanderError } from 'commander';
import { StoreError } from '../../common/model/errors';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './exit-codes';
import { registerApplyCommand } from './commands/apply';
import { registerBootstrapCommand } from './commands/bootstrap';
import { registerChangesetCommand } from './commands/changeset';
import { registerCheckCommand } from './commands/check';
import { registerCrdsCommand } from './commands/crds';
import { registerDeleteCommand } from './commands/delete';
import { registerDiscoverCommand } from './commands/discover';
import { registerDemoBackendCommand } from './commands/demo-backend';
import { registerDiffCommand } from './commands/diff';
import { registerGetCommand } from './commands/get';
import { registerRouteCommand } from './commands/route';
import { registerServeCommand } from './commands/serve';
import { registerSyncCommand } from './commands/sync';
import { registerTranslateCommand } from './commands/translate';
import { readPackageVersion } from './version';
import { addHelpExamples } from './help-examples';

/** Builds the command tree; each action sets process.exitCode when it does not succeed plainly. */
export function buildProgram(): Command {
  const program = new Command('xds-sandbox')
    .description('A local, offline sandbox for Gloo-style gateway config: YAML or SQLite in, Envoy xDS out.')
    .version(readPackageVersion(), '-v, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  for (const register of [registerServeCommand, registerCheckCommand, registerTranslateCommand, registerRouteCommand, registerGetCommand,
    registerApplyCommand, registerDeleteCommand, registerDiffCommand, registerBootstrapCommand, registerChangesetCommand, registerDiscoverCommand, registerSyncCommand, registerCrdsCommand,
    registerDemoBackendCommand]) {
    register(program).exitOverride();
  }
  addHelpExamples(program);
  return program;
}

/** Runs the CLI with process-style argv; resolves to the exit code (0 ok, 1 failure, 2 usage). */
export async function main(argv: string[]): Promise<number> {
  const program = buildProgram();
  process.exitCode = undefined;
  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? EXIT_OK);
  } catch (err) {
    return exitCodeOf(err);
  }
}

function exitCodeOf(err: unknown): number {
  if (err instanceof CommanderError) {
    if (err.code === 'commander.helpDisplayed' || err.code === 'commander.version' || err.code === 'commander.help') return EXIT_OK;
    return EXIT_USAGE;
  }
  if (err instanceof UsageError) {
    process.stderr.write(`error: ${err.message}\n`);
    return EXIT_USAGE;
  }
  if (err instanceof StoreError) {
    process.stderr.write(`error: ${err.message}\n`);
    return EXIT_FAILURE;
  }
  process.stderr.write(`error: ${err instanceof Error ? err.message : String(err)}\n`);
  return EXIT_FAILURE;
}
