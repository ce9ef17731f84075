// `xds-sandbox translate [STORE]`: the generated xDS per proxy as Envoy proto3 JSON (or YAML).
import type { Command } from 'commander';
import { toTranslateOutput, type TranslatedProxy } from '../../../common/xds/translate-output';
import { chooseAnswerSource, offlineOption } from '../answer-source';
import { callServe } from '../serve-endpoint';
import { runOnePass } from '../../engine/one-pass';
import { EXIT_FAILURE } from '../exit-codes';
import { outputOption, parseProxyKey, resolveStore, storeOption, STORE_HELP } from '../cli-options';
import { toJson, toYaml } from '../output';

/** Registers `translate [STORE] [--proxy NS~NAME] [-o json|yaml] [--show-secrets] [--offline]`; a running serve is asked unless --show-secrets or --offline. */
export function registerTranslateCommand(program: Command): Command {
  return program.command('translate')
    .description('print the Envoy config (listeners, routes, clusters, endpoints, secrets) generated for each proxy')
    .argument('[store]', STORE_HELP)
    .addOption(storeOption())
    .option('--proxy <ns~name>', 'only this proxy')
    .addOption(outputOption(['json', 'yaml'], 'json'))
    .option('--show-secrets', 'print private keys instead of redacting them')
    .addOption(offlineOption())
    .action(async (positional: string | undefined, opts: { store?: string; proxy?: string; output: string; showSecrets?: boolean; offline?: boolean }) => {
      const proxy = opts.proxy === undefined ? undefined : parseProxyKey(opts.proxy);
      const storeSpec = resolveStore(positional, opts.store);
      const serve = chooseAnswerSource(storeSpec, opts.offline === true, opts.showSecrets ? 'a serve never hands out private keys (--show-secrets)' : undefined);
      const all = serve ? (await callServe(serve, 'getXds')) as { proxies: TranslatedProxy[] } : await translateOffline(storeSpec, opts.showSecrets === true);
      const out = { proxies: all.proxies.filter((p) => !proxy || p.node === proxy) };
      process.stdout.write(opts.output === 'yaml' ? toYaml(out) : toJson(out));
      if (proxy && out.proxies.length === 0) {
        process.stderr.write(`no proxy ${proxy}; proxies: ${all.proxies.map((p) => p.node).join(', ') || 'none'}\n`);
        process.exitCode = EXIT_FAILURE;
      }
    });
}

/** The xDS of one offline pass over the store, every proxy. */
async function translateOffline(storeSpec: string, showSecrets: boolean): Promise<{ proxies: TranslatedProxy[] }> {
  const { result } = await runOnePass(storeSpec);
  return toTranslateOutput(result.xds.values(), { showSecrets });
}
