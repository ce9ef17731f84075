// Proxy keys: how Gloo names a proxy's snapshot (`namespace~name`) and picks it for a node.

/** The proxy a node gets when its metadata names no role: Gloo's default gateway proxy. */
export const DEFAULT_PROXY_KEY = 'gloo-system~gateway-proxy';

/** The snapshot key of a proxy object. */
export function proxyKey(namespace: string, name: string): string {
  return `${namespace}~${name}`;
}
