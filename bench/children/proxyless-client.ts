// A proxyless gRPC application in its own process: one @grpc/grpc-js-xds channel on xds:///HOST bootstrapped at the
// xDS server, asked to connect so that it subscribes (LDS, RDS, CDS, EDS) and keeps ACKing updates until SIGTERM.
// Usage: proxyless-client.ts XDS_PORT NODE_ID ROLE HOST. Prints `started`.
import * as grpc from '@grpc/grpc-js';
import { register } from '@grpc/grpc-js-xds';

const BOOTSTRAP_KEY = 'grpc.TEST_ONLY_DO_NOT_USE_IN_PROD.xds_bootstrap_config';

function main(): void {
  const [port, nodeId, role, host] = process.argv.slice(2);
  if (!port || !nodeId || !role || !host) throw new Error('usage: proxyless-client.ts XDS_PORT NODE_ID ROLE HOST');
  register();
  const bootstrap = {
    xds_servers: [{ server_uri: `127.0.0.1:${port}`, channel_creds: [{ type: 'insecure' }], server_features: ['xds_v3'] }],
    node: { id: nodeId, locality: {}, metadata: { role } },
  };
  const client = new grpc.Client(`xds:///${host}`, grpc.credentials.createInsecure(), { [BOOTSTRAP_KEY]: JSON.stringify(bootstrap) });
  client.getChannel().getConnectivityState(true);
  process.stdout.write('started\n');
  const stop = () => {
    client.close();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

main();
