// The built-in proxyless gRPC client: one @grpc/grpc-js-xds channel in the engine's own process, bootstrapped
// at the engine's xDS server and dialling `xds:///HOST`, so that it subscribes (LDS, RDS, CDS, EDS) and ACKs
// every change. Teaching mode starts it when no Envoy or application is connected, so the loop closes on stage.
import * as grpc from '@grpc/grpc-js';
import { createRequire } from 'node:module';
import type { BuiltinClientView } from '../../common/api/contract';
import type { XdsSnapshot } from '../../common/xds/xds-snapshot';

/** The channel option through which grpc-js-xds takes a bootstrap per channel instead of from the environment. */
const BOOTSTRAP_OPTION = 'grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config';

/** Loads @grpc/grpc-js-xds on first use: loading it parses its protos (about 2 s of CPU), which no command but teaching needs. */
function registerXdsResolver(): void {
  const { register } = createRequire(import.meta.url)('@grpc/grpc-js-xds') as typeof import('@grpc/grpc-js-xds');
  register();
}

/** The node id the built-in client announces. */
export const BUILTIN_NODE_ID = 'xds-sandbox-builtin-client';

/** A running built-in client. */
export interface BuiltinClient {
  readonly view: BuiltinClientView;
  close(): void;
}

/** The first domain of a proxy's route configurations that names one host (no wildcard), or undefined. */
export function firstHost(snapshot: XdsSnapshot | undefined): string | undefined {
  for (const route of snapshot?.resources.route.items.values() ?? []) {
    const hosts = (route.json.virtualHosts ?? route.json.virtual_hosts) as { domains?: string[] }[] | undefined;
    for (const vh of hosts ?? []) {
      const host = vh.domains?.find((d) => !d.includes('*'));
      if (host) return host;
    }
  }
  return undefined;
}

/** Starts a client for `proxy` on `xds:///host` against the xDS server at `server` (`host:port`). */
export function startBuiltinClient(server: string, proxy: string, host: string): BuiltinClient {
  registerXdsResolver();
  const bootstrap = {
    xds_servers: [{ server_uri: server, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
    node: { id: BUILTIN_NODE_ID, locality: {}, metadata: { role: proxy } },
  };
  const client = new grpc.Client(`xds:///${host}`, grpc.credentials.createInsecure(), { [BOOTSTRAP_OPTION]: JSON.stringify(bootstrap) });
  // Asking the channel to connect makes the xDS resolver subscribe; no call is ever made.
  client.getChannel().getConnectivityState(true);
  return { view: { nodeId: BUILTIN_NODE_ID, host, proxy }, close: () => client.close() };
}
