// The `xds-sandbox` command tree. Each subcommand lives in commands/<name>.ts and registers itself here.
import { Command, CommanderError } from 'commander';
import { StoreError } from '../../common/model/errors';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, UsageError } from './exit-codes';
import { readPackageVersion } from './version';
import { addHelpExamples } from './help-examples';

/** Registers one subcommand on the program. */
type Register = (program: Command) => Command;

/**
 * Each subcommand's module, loaded only when needed: a command run loads just its own module (and what that imports),
 * so `check` does not pay for the xDS server, the UI server or the gitops code.
 */
const COMMANDS: readonly (readonly [string, () => Promise<Register>])[] = [
  ['serve', async () => (await import('./commands/serve')).registerServeCommand],
  ['check', async () => (await import('./commands/check')).registerCheckCommand],
  ['translate', async () => (await import('./commands/translate')).registerTranslateCommand],
  ['route', async () => (await import('./commands/route')).registerRouteCommand],
  ['get', async () => (await import('./commands/get')).registerGetCommand],
  ['apply', async () => (await import('./commands/apply')).registerApplyCommand],
  ['delete', async () => (await import('./commands/delete')).registerDeleteCommand],
  ['diff', async () => (await import('./commands/diff')).registerDiffCommand],
  ['bootstrap', async () => (await import('./commands/bootstrap')).registerBootstrapCommand],
  ['changeset', async () => (await import('./commands/changeset')).registerChangesetCommand],
  ['discover', async () => (await import('./commands/discover')).registerDiscoverCommand],
  ['sync', async () => (await import('./commands/sync')).registerSyncCommand],
  ['crds', async () => (await import('./commands/crds')).registerCrdsCommand],
  ['demo-backend', async () => (await import('./commands/demo-backend')).registerDemoBackendCommand],
];

/** The subcommands' names, in the order the top-level help lists them. */
export const COMMAND_NAMES: readonly string[] = COMMANDS.map(([name]) => name);

/**
 * Builds the command tree; each action sets process.exitCode when it does not succeed plainly. With `only` naming a
 * subcommand, just that one is registered (what runs and prints is the same: a subcommand's parsing and help do not
 * depend on its siblings); otherwise every one, in the order the top-level help lists them.
 */
export async function buildProgram(only?: string): Promise<Command> {
  const program = new Command('xds-sandbox')
    .description('A local, offline sandbox for Gloo-style gateway config: YAML or SQLite in, Envoy xDS out.')
    .version(readPackageVersion(), '-v, --version', 'print the version')
    .showHelpAfterError('(run with --help for usage)')
    .exitOverride();
  const one = COMMANDS.find(([name]) => name === only);
  const registers = await Promise.all((one ? [one] : COMMANDS).map(([, load]) => load()));
  for (const register of registers) register(program).exitOverride();
  addHelpExamples(program);
  return program;
}

/** Runs the CLI with process-style argv; resolves to the exit code (0 ok, 1 failure, 2 usage). */
export async function main(argv: string[]): Promise<number> {
  // argv: [node, script, command, ...]
  const program = await buildProgram(argv[2]);
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
