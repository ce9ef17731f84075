// Azure Functions upstreams, after Gloo's azure plugin (projects/gloo/pkg/plugins/azure/plugin.go:
// ProcessUpstream, GetHostname): the cluster resolves the function app's host
// `<functionAppName>.azurewebsites.net` (LOGICAL_DNS, IPv4 only) and speaks TLS to it on port 443 with
// that host as SNI, TLS parameters from Settings upstreamOptions; a secretRef must name an Azure
// Secret. Routing to one function (destinationSpec.azure) needs Gloo's transformation filter, which
// sets the whole :path (with the function key from the Secret) and :authority: it stays a Warning, and
// such a route forwards the request as it came.
import type { Issue } from '../../served';
import type { Plugin, UpstreamSpec } from '../plugin';
import { useTlsHost } from '../upstream-tls/tls-host-cluster';

/** The function app's host name (GetHostname). */
export function azureHostname(spec: NonNullable<UpstreamSpec['azure']>): string {
  return `${spec.functionAppName ?? ''}.azurewebsites.net`;
}

function check(spec: UpstreamSpec): Issue[] {
  return spec.azure && !spec.azure.functionAppName ? [{ severity: 'error', message: 'azure.functionAppName is required' }] : [];
}

/** The Azure Functions plugin. */
export const azurePlugin: Plugin = {
  name: 'azure',
  upstreamFields: ['azure'],
  checkUpstream: check,
  upstreamSecretRefs: (spec) => (spec.azure?.secretRef?.name ? [{ field: 'azure.secretRef', ref: spec.azure.secretRef, kind: 'azure' }] : []),
  cluster(spec, out, ctx) {
    if (spec.azure) useTlsHost(out, azureHostname(spec.azure), ctx);
  },
  checkDestination: (dest) =>
    dest.destinationSpec?.azure ? [{ severity: 'warning', message: "destinationSpec.azure is not translated: Gloo sets the function's path and host with its own transformation filter; the request is forwarded to the function app as it came" }] : [],
};
