// Envoy v3 bootstrap pointing a local Envoy at the sandbox's xDS server over ADS.
// See https://www.envoyproxy.io/docs/envoy/latest/api-v3/config/bootstrap/v3/bootstrap.proto

/** What the bootstrap needs to know. */
export interface BootstrapOptions {
  /** Proxy key `namespace~name`; it becomes node.metadata.role (Gloo's convention). */
  readonly proxy: string;
  readonly xdsHost: string;
  readonly xdsPort: number;
  readonly adminPort: number;
}

/** The bootstrap as proto3 JSON (Envoy accepts it as YAML or JSON): ADS over gRPC to the sandbox, admin on loopback. */
export function envoyBootstrap(o: BootstrapOptions): Record<string, unknown> {
  const [namespace, name] = o.proxy.split('~');
  return {
    node: { id: `${name}.${namespace}.xds-sandbox`, cluster: name, metadata: { role: o.proxy } },
    dynamicResources: {
      adsConfig: { apiType: 'GRPC', transportApiVersion: 'V3', grpcServices: [{ envoyGrpc: { clusterName: 'xds_cluster' } }] },
      cdsConfig: { ads: {}, resourceApiVersion: 'V3' },
      ldsConfig: { ads: {}, resourceApiVersion: 'V3' },
    },
    staticResources: {
      clusters: [{
        name: 'xds_cluster',
        type: 'STATIC',
        connectTimeout: '5s',
        typedExtensionProtocolOptions: {
          'envoy.extensions.upstreams.http.v3.HttpProtocolOptions': {
            '@type': 'type.googleapis.com/envoy.extensions.upstreams.http.v3.HttpProtocolOptions',
            explicitHttpConfig: { http2ProtocolOptions: {} },
          },
        },
        loadAssignment: {
          clusterName: 'xds_cluster',
          endpoints: [{ lbEndpoints: [{ endpoint: { address: { socketAddress: { address: o.xdsHost, portValue: o.xdsPort } } } }] }],
        },
      }],
    },
    admin: { address: { socketAddress: { address: '127.0.0.1', portValue: o.adminPort } } },
  };
}
