// `xds-sandbox bootstrap`: prints an Envoy v3 bootstrap that points Envoy at the sandbox's xDS server.
import type { Command } from 'commander';
import { envoyBootstrap } from '../../../common/xds/envoy-bootstrap';
import { DEFAULT_PROXY_KEY } from '../../../common/xds/proxy-keys';
import { outputOption, parsePort, parseProxyKey } from '../cli-options';
import { toJson, toYaml } from '../output';

/** Registers `bootstrap [--proxy NS~NAME] [--xds-port P] [--admin-port P] [-o yaml|json]`. */
export function registerBootstrapCommand(program: Command): Command {
  return program.command('bootstrap')
    .description('print an Envoy v3 bootstrap for a local Envoy fed by the sandbox (run: envoy -c <(xds-sandbox bootstrap))')
    .option('--proxy <ns~name>', 'proxy whose config Envoy receives (node.metadata.role)', DEFAULT_PROXY_KEY)
    .option('--xds-port <port>', 'port of the sandbox xDS server', '18000')
    .option('--xds-host <host>', 'address of the sandbox xDS server', '127.0.0.1')
    .option('--admin-port <port>', 'Envoy admin port (bound to 127.0.0.1)', '19000')
    .addOption(outputOption(['yaml', 'json'], 'yaml'))
    .action((opts: { proxy: string; xdsPort: string; xdsHost: string; adminPort: string; output: string }) => {
      const bootstrap = envoyBootstrap({
        proxy: parseProxyKey(opts.proxy), xdsHost: opts.xdsHost, xdsPort: parsePort(opts.xdsPort), adminPort: parsePort(opts.adminPort),
      });
      process.stdout.write(opts.output === 'json' ? toJson(bootstrap) : toYaml(bootstrap));
    });
}
