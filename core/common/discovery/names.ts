// Names of discovered Upstreams, per source kind: Gloo's `<namespace>-<service>-<port>` for Kubernetes
// Services (projects/gloo/pkg/plugins/kubernetes/uds_convert.go: UpstreamName), and readable names
// for the sources Gloo does not have: `<process>-<port>` for local listeners, `<host>-<port>` for static targets.
import { hashString } from '../model/hash';

/** Kubernetes' limit on a name that is also a DNS label. */
const MAX_NAME = 63;

/**
 * A valid object name made from free text, in the spirit of Gloo's SanitizeNameV2: lower case, runs of
 * characters other than [a-z0-9-] become one `-`, no `-` at either end, and a name longer than 63
 * characters keeps its start and ends with a short hash of the whole.
 */
export function sanitizeName(text: string): string {
  const name = text.toLowerCase().replace(/[^a-z0-9-]+/g, '-').replace(/-+/g, '-').replace(/^-|-$/g, '') || 'unnamed';
  if (name.length <= MAX_NAME) return name;
  const hash = hashString(text).slice(0, 8);
  return `${name.slice(0, MAX_NAME - hash.length - 1).replace(/-$/, '')}-${hash}`;
}

/** `<process>-<port>`, e.g. `node-3000`; `port-<port>` when the process is not known. */
export function localUpstreamName(processName: string | undefined, port: number): string {
  return sanitizeName(`${processName || 'port'}-${port}`);
}

/** Gloo's name of a Kubernetes Service's Upstream: `<namespace>-<service>-<port>`. */
export function kubeUpstreamName(namespace: string, service: string, port: number): string {
  return sanitizeName(`${namespace}-${service}-${port}`);
}

/** `<host>-<port>`, e.g. `10-0-0-5-8080`. */
export function staticUpstreamName(host: string, port: number): string {
  return sanitizeName(`${host}-${port}`);
}
