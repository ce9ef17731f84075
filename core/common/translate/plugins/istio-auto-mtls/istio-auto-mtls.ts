// disableIstioAutoMtls on an Upstream, after Gloo's istio_automtls plugin (projects/gloo/pkg/plugins/
// istio_automtls/plugin.go: ProcessUpstream): it only keeps Istio's automatic mutual TLS off for the
// Upstream, and that TLS is added only when Settings gloo.istioOptions.enableAutoMtls (with Istio
// integration) turns it on. The sandbox serves no Istio transport sockets, so with or without the
// field the cluster is the same, as it is in Gloo whenever automatic mutual TLS is off.
import type { Plugin } from '../plugin';

/** The Istio automatic mutual TLS plugin: claims the field, which changes no cluster the sandbox serves. */
export const istioAutoMtlsPlugin: Plugin = {
  name: 'istio-auto-mtls',
  upstreamFields: ['disableIstioAutoMtls'],
};
