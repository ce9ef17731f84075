// `xds-sandbox translate [STORE]`: the generated xDS per proxy as Envoy proto3 JSON (or YAML).
import type { Command } from 'commander';
import { toTranslateOutput } from '../../../common/xds/translate-output';
import { runOnePass } from '../../engine/one-pass';
import { EXIT_FAILURE } from '../exit-codes';
import { outputOption, parseProxyKey, resolveStore, storeOption } from '../cli-options';
import { toJson, toYaml } from '../output';

/** Registers `translate [STORE] [--proxy NS~NAME] [-o json|yaml] [--show-secrets]`. */
export function registerTranslateCommand(program: Command): Command {
  return program.command('translate')
    .description('print the Envoy config (listeners, routes, clusters, endpoints, secrets) generated for each proxy')
    .argument('[store]', 'the store: a folder path, sqlite:PATH or memory:')
    .addOption(storeOption())
    .option('--proxy <ns~name>', 'only this proxy')
    .addOption(outputOption(['json', 'yaml'], 'json'))
    .option('--show-secrets', 'print private keys instead of redacting them')
    .action(async (positional: string | undefined, opts: { store?: string; proxy?: string; output: string; showSecrets?: boolean }) => {
      const proxy = opts.proxy === undefined ? undefined : parseProxyKey(opts.proxy);
      const { result } = await runOnePass(resolveStore(positional, opts.store));
      const snapshots = [...result.xds.values()].filter((s) => !proxy || s.node === proxy);
      const out = toTranslateOutput(snapshots, { showSecrets: opts.showSecrets });
      process.stdout.write(opts.output === 'yaml' ? toYaml(out) : toJson(out));
      if (proxy && snapshots.length === 0) {
        process.stderr.write(`no proxy ${proxy}; proxies: ${[...result.xds.keys()].join(', ') || 'none'}\n`);
        process.exitCode = EXIT_FAILURE;
      }
    });
}
