// `xds-sandbox route [STORE] --path P ...`: where a request would go, read from the generated xDS. A contract: see docs/cli.md.
import type { Command } from 'commander';
import { formatDecision, simulateRequest } from '../../../common/route/simulator';
import type { RouteDecision } from '../../../common/route/decision';
import type { ResourceView } from '../../../common/api/contract';
import type { SimulatedRequest } from '../../../common/route/request';
import { chooseAnswerSource, offlineOption } from '../answer-source';
import { callServe } from '../serve-endpoint';
import { resolveProxy } from '../../../common/route/route-tests';
import { runOnePass } from '../../engine/one-pass';
import { EXIT_FAILURE, UsageError } from '../exit-codes';
import { collectKeyValue, outputOption, parsePort, parseProxyKey, resolveStore, storeOption, STORE_HELP } from '../cli-options';
import { colourEnabled, formatMachine, isMachineFormat, paint } from '../output';

interface RouteOpts {
  store?: string; path: string; host?: string; method: string; header?: Record<string, string>; query?: Record<string, string>;
  port: string; proxy?: string; output: string; offline?: boolean;
}

/** Registers `route [STORE] --path P [--host H] [--method M] [--header K=V]... [--query K=V]... [--port 8080] [--proxy NS~NAME] [-o text|json|yaml] [--offline]`; exit 0 on a match, 1 on none. */
export function registerRouteCommand(program: Command): Command {
  return program.command('route')
    .description('show which virtual host and route a request matches and what happens to it')
    .argument('[store]', STORE_HELP)
    .addOption(storeOption())
    .requiredOption('--path <path>', 'request path, with an optional ?query')
    .option('--host <host>', 'Host header (default: matches `*` only)')
    .option('--method <method>', 'HTTP method', 'GET')
    .option('--header <k=v>', 'request header (repeatable)', collectKeyValue)
    .option('--query <k=v>', 'query parameter (repeatable)', collectKeyValue)
    .option('--port <port>', 'listener port', '8080')
    .option('--proxy <ns~name>', 'proxy to ask (default: gloo-system~gateway-proxy, or the only proxy)')
    .addOption(outputOption(['text', 'json', 'yaml'], 'text'))
    .addOption(offlineOption())
    .action(async (positional: string | undefined, opts: RouteOpts) => {
      if (!opts.path.startsWith('/')) throw new UsageError(`--path must start with /, not "${opts.path}"`);
      const proxy = opts.proxy ? parseProxyKey(opts.proxy) : undefined;
      const request = { host: opts.host, path: opts.path, method: opts.method, headers: opts.header ?? {}, query: opts.query ?? {}, port: parsePort(opts.port) };
      const storeSpec = resolveStore(positional, opts.store);
      const serve = chooseAnswerSource(storeSpec, opts.offline === true);
      const decision = serve ? await callServe(serve, 'simulateRoute', { ...request, ...(proxy ? { proxy } : {}) }) as RouteDecision : await decideOffline(storeSpec, proxy, request);
      if (!decision) return;
      if (serve) for (const line of lastAcceptedNotes(decision, (await callServe(serve, 'listResources')).resources)) process.stderr.write(`${line}\n`);
      process.stdout.write(isMachineFormat(opts.output) ? formatMachine(opts.output, decision) : paintDecision(formatDecision(decision), colourEnabled()) + '\n');
      if (!decision.matched) process.exitCode = EXIT_FAILURE;
    });
}

/** The decision's text with its outcome coloured: the action (forward, redirect, respond) green, no match red, warnings yellow. */
function paintDecision(text: string, on: boolean): string {
  return text.replace(/^(forward|redirect|respond|no match|warning)\b/gm, (label) => paint(label, label === 'no match' ? 'red' : label === 'warning' ? 'yellow' : 'green', on));
}

/** Where the request goes in one offline pass over the store; undefined (after saying why) when the proxy is not there. */
async function decideOffline(storeSpec: string, proxy: string | undefined, request: SimulatedRequest): Promise<RouteDecision | undefined> {
  const { result } = await runOnePass(storeSpec);
  const found = resolveProxy(result.xds, proxy);
  if ('error' in found) {
    process.stderr.write(`${found.error}\n`);
    process.exitCode = EXIT_FAILURE;
    return undefined;
  }
  return simulateRequest(found.xds, request);
}

/** A line for each object the answer comes from whose current version is not the one served (the serve keeps its last accepted one). */
export function lastAcceptedNotes(decision: RouteDecision, resources: readonly ResourceView[]): string[] {
  const sources = decision.matched ? [decision.virtualHost.source, decision.route.source] : [decision.virtualHost?.source];
  const notes: string[] = [];
  for (const s of sources) {
    const view = s && resources.find((r) => r.kind === s.kind && r.namespace === s.namespace && r.name === s.name);
    const since = view?.state === 'Rejected' ? /serving the last accepted version from (\S+)/.exec(view.reason)?.[1] : undefined;
    const line = since && `note: ${view!.kind} ${view!.namespace}/${view!.name} is Rejected; this answer comes from its last accepted version (from ${since})`;
    if (line && !notes.includes(line)) notes.push(line);
  }
  return notes;
}
