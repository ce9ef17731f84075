// Runs the whole pipeline on one Gateway (with a VirtualService routing to an upstream) and returns
// what its listener became, for the tests of listener and connection manager plugins.
import type { ListenerJson } from '../../gen/envoy/envoy/config/listener/v3/listener_pb';
import type { HttpConnectionManagerJson } from '../../gen/envoy/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb';
import type { Resource, Status } from '../../model/resource';
import { unpackAny } from '../../xds/envoy-any';
import { HCM_TYPE } from '../gloo/envoy-types';
import { createPipeline } from '../pipeline';
import { gatewayListenerName } from '../gateway/gateway-selection';
import { forward, obj, snapshot, upstream, virtualService } from './objects';
import { refKey } from '../../model/resource';

/** What a Gateway became: its Envoy listener (undefined when none was served), its first connection manager, and its status. */
export interface TranslatedGateway {
  readonly listener: ListenerJson | undefined;
  readonly hcm: HttpConnectionManagerJson | undefined;
  readonly status: Status;
}

/** A Gateway in gloo-system on port 8080 with this spec (an httpGateway unless the spec names a type). */
export function gateway(spec: Resource<'Gateway'>['spec'], name = 'edge'): Resource<'Gateway'> {
  return obj('Gateway', name, { bindAddress: '::', bindPort: 8080, ...(spec.tcpGateway || spec.hybridGateway ? {} : { httpGateway: {} }), ...spec }, 'gloo-system');
}

/** Translates a Gateway of gateway-proxy, with a VirtualService routing `/` to an upstream, and the other objects given. */
export function translateGatewayAlone(g: Resource<'Gateway'>, others: readonly Resource[] = []): TranslatedGateway {
  const objects = [g, upstream('web', '10.0.0.1', 8080, 'gloo-system'), virtualService('web', ['*'], [forward('/', 'web')], 'gloo-system'), ...others];
  const result = createPipeline({ now: () => new Date('2024-01-01T00:00:00.000Z') }).run(snapshot(objects));
  const xds = result.xds.get('gloo-system~gateway-proxy');
  const listener = xds?.resources.listener.items.get(gatewayListenerName(g))?.json as ListenerJson | undefined;
  const first = listener?.filterChains?.[0]?.filters?.find((f) => unpackAny(f.typedConfig, HCM_TYPE));
  return { listener, hcm: unpackAny(first?.typedConfig, HCM_TYPE), status: result.statuses.get(refKey(g))! };
}
