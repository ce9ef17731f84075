// The Gateways a default Gloo install creates when the config has none: `gateway-proxy` (HTTP on
// 8080) and `gateway-proxy-ssl` (HTTPS on 8443), both in the write namespace and both belonging to
// the proxy `gateway-proxy` (Gloo's gateway defaults package).
import type { Resource } from '../../model/resource';
import { DEFAULT_PROXY_NAME } from '../names';

/** Gloo's default HTTP and HTTPS gateways in a namespace; they are synthetic, so they get no status. */
export function defaultGateways(namespace: string): Resource<'Gateway'>[] {
  const base = { bindAddress: '::', proxyNames: [DEFAULT_PROXY_NAME], httpGateway: {} };
  return [
    { kind: 'Gateway', metadata: { name: 'gateway-proxy', namespace }, spec: { ...base, bindPort: 8080 } },
    { kind: 'Gateway', metadata: { name: 'gateway-proxy-ssl', namespace }, spec: { ...base, bindPort: 8443, ssl: true } },
  ];
}

/** Whether default gateways apply: no Gateway objects at all, and no Settings disabling them. */
export function useDefaultGateways(gateways: readonly Resource<'Gateway'>[], settings: readonly Resource<'Settings'>[]): boolean {
  return gateways.length === 0 && !settings.some((s) => s.spec.gateway?.disableDefaultGateways);
}
