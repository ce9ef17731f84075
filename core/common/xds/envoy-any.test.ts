import { describe, expect, it } from 'vitest';
import type { RouterJson } from '../gen/envoy/envoy/extensions/filters/http/router/v3/router_pb';
import type { HttpConnectionManagerJson } from '../gen/envoy/envoy/extensions/filters/network/http_connection_manager/v3/http_connection_manager_pb';
import { packAny, typeUrl, unpackAny } from './envoy-any';

const HCM = typeUrl<HttpConnectionManagerJson>('envoy.extensions.filters.network.http_connection_manager.v3.HttpConnectionManager');
const ROUTER = typeUrl<RouterJson>('envoy.extensions.filters.http.router.v3.Router');

describe('typed Any values', () => {
  it('a type URL is the message name under type.googleapis.com', () => {
    expect(ROUTER).toBe('type.googleapis.com/envoy.extensions.filters.http.router.v3.Router');
  });

  it('packing puts the type URL under @type beside the message fields', () => {
    const any = packAny(HCM, { statPrefix: 'http', rds: { routeConfigName: 'r' } });
    expect(any).toEqual({ '@type': HCM, statPrefix: 'http', rds: { routeConfigName: 'r' } });
  });

  it('packing checks the fields against the message the type URL names', () => {
    // @ts-expect-error HttpConnectionManager has no field routeName
    packAny(HCM, { routeName: 'r' });
    // @ts-expect-error statPrefix is a string
    packAny(HCM, { statPrefix: 1 });
    // @ts-expect-error a plain string is not a typed type URL
    packAny('type.googleapis.com/x', {});
    expect(packAny(ROUTER, {})).toEqual({ '@type': ROUTER });
  });

  it('unpacking gives the fields only when the type URL matches', () => {
    const any = packAny(HCM, { statPrefix: 'http' });
    expect(unpackAny(any, HCM)?.statPrefix).toBe('http');
    expect(unpackAny(any, ROUTER)).toBeUndefined();
    expect(unpackAny(undefined, HCM)).toBeUndefined();
  });
});
