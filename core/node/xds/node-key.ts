// Which proxy's snapshot a connecting xDS node is served (Gloo convention: node.metadata.role).
import { DEFAULT_PROXY_KEY } from '../../common/xds/proxy-keys';
import type { XdsNode } from './discovery';

export { DEFAULT_PROXY_KEY };

/** The proxy key of a node: its metadata.role when that is a non-empty string, else DEFAULT_PROXY_KEY. */
export function proxyKeyOf(node: XdsNode | undefined): string {
  const role = node?.metadata?.role;
  return typeof role === 'string' && role.trim() !== '' ? role.trim() : DEFAULT_PROXY_KEY;
}

/** The warning shown for a node whose proxy key names no published proxy. */
export function noProxyWarning(proxyKey: string): string {
  return `role "${proxyKey}" names no proxy; this node is served an empty configuration`;
}
